import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("PartsManager simulator: purchase orders, receipts, vendor bills, stock")
struct PartsManagerPurchasingTests {
    @Test("PM §2 purchase order statuses created → issued → partiallyFulfilled → fulfilled, voided") func purchaseOrderLifecycle() async {
        let pm = PartsManagerSimulator()
        let c = await PMFixture.client(pm)
        let b = await PMFixture.basics(c)
        let created = await c.call("POST", "/pm/api/purchaseOrders", json: [
            "VendorId": .int(b.vendorA), "WarehouseId": .int(b.main), "deliveryDate": "2026-12-01",
            "POLineItems": [["ItemId": .int(b.heads), "quantity": 48, "amount": STFixture.number("7.40")],
                            ["ItemId": .int(b.filters), "quantity": STFixture.number("2.5"), "amount": STFixture.number("0.10"), "WarehouseId": .int(b.truck)]],
        ])
        #expect(created.status == 201)
        let po = created.json
        let id = po["_id"]?.intValue ?? 0
        #expect(po["status"]?.stringValue == "created")
        #expect(po["number"]?.stringValue == "PO-\(1000 + id)")
        #expect(po["amount"]?.numberValue?.literal == "355.45", "48 × 7.40 + 2.5 × 0.10, exactly")
        #expect(po["POLineItems"]?[1]?["WarehouseId"]?.intValue == b.truck)
        #expect(po["POLineItems"]?[0]?["WarehouseId"]?.intValue == b.main, "lines default to the PO's warehouse")
        let edited = await c.call("PUT", "/pm/api/purchaseOrders/\(id)", json: ["notes": "call before delivery"])
        #expect(edited.json["notes"]?.stringValue == "call before delivery")
        let issued = await c.call("POST", "/pm/api/purchaseOrders/\(id)/issue")
        #expect(issued.json["status"]?.stringValue == "issued")
        #expect(issued.json["issueDate"]?.stringValue?.count == 10)
        #expect(await c.call("PUT", "/pm/api/purchaseOrders/\(id)", json: ["notes": "late"]).status == 400)
        #expect(await c.call("POST", "/pm/api/purchaseOrders/\(id)/issue").status == 400)
        #expect(await c.call("POST", "/pm/api/purchaseOrders/\(id)/unissue").json["status"]?.stringValue == "created")
        #expect(await c.call("POST", "/pm/api/purchaseOrders/\(id)/void").json["status"]?.stringValue == "voided")
        #expect(await c.call("POST", "/pm/api/purchaseOrders/\(id)/issue").status == 400)
        #expect(await c.call("POST", "/pm/api/purchaseOrders/\(id)/approve").status == 404)
        let bad = await c.call("POST", "/pm/api/purchaseOrders", json: [
            "VendorId": 99, "WarehouseId": .int(b.main), "POLineItems": [["ItemId": 77, "quantity": 0, "amount": 1]],
        ])
        #expect(bad.status == 400)
        let errors = bad.json["errors"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(errors.contains("VendorId 99 does not exist."))
        #expect(errors.contains("POLineItems[0].ItemId 77 does not exist."))
        #expect(errors.contains("POLineItems[0].quantity must be greater than 0."))
        #expect(await c.call("POST", "/pm/api/purchaseOrders", json: ["VendorId": .int(b.vendorA), "WarehouseId": .int(b.main), "POLineItems": []]).status == 400)
    }

    @Test("PM §2 shipment receipts: lines reference PO lines, may span POs and warehouses") func partialReceiptsAndReceiptsSpanningPurchaseOrders() async {
        let pm = PartsManagerSimulator()
        let c = await PMFixture.client(pm)
        let b = await PMFixture.basics(c)
        let po1 = await PMFixture.issuedPO(c, vendor: b.vendorA, warehouse: b.main, lines: [(b.heads, "10", "7.40"), (b.filters, "4", "5.00")])
        let po2 = await PMFixture.issuedPO(c, vendor: b.vendorA, warehouse: b.truck, lines: [(b.heads, "6", "7.40")])
        let (l1, l2) = (PMFixture.lineIds(po1)[0], PMFixture.lineIds(po1)[1])
        let l3 = PMFixture.lineIds(po2)[0]

        let receipt = await c.call("POST", "/pm/api/shipmentReceipts", json: [
            "VendorId": .int(b.vendorA), "dateReceived": "2026-11-12",
            "ShipmentReceiptLines": [["POLineItemId": .int(l1), "quantityReceived": 4], ["POLineItemId": .int(l3), "quantityReceived": 6]],
        ])
        #expect(receipt.status == 201)
        #expect(receipt.json["ShipmentReceiptLines"]?.arrayValue?.count == 2)
        #expect(receipt.json["ShipmentReceiptLines"]?[0]?["amount"]?.numberValue?.literal == "29.60")
        #expect(receipt.json["ShipmentReceiptLines"]?[1]?["WarehouseId"]?.intValue == b.truck)
        var order1 = await c.call("GET", "/pm/api/purchaseOrders/\(po1["_id"]?.intValue ?? 0)").json
        #expect(order1["status"]?.stringValue == "partiallyFulfilled")
        #expect(order1["POLineItems"]?[0]?["quantityReceived"]?.decimalValue == 4)
        #expect(await c.call("GET", "/pm/api/purchaseOrders/\(po2["_id"]?.intValue ?? 0)").json["status"]?.stringValue == "fulfilled")
        let stock = await c.call("GET", "/pm/api/stock/summary", query: [("ItemId", String(b.heads))])
        let byWarehouse = Dictionary(uniqueKeysWithValues: (stock.json["data"]?.arrayValue ?? []).compactMap { row -> (Int, Decimal)? in
            guard let w = row["WarehouseId"]?.intValue, let q = row["quantity"]?.decimalValue else { return nil }
            return (w, q)
        })
        #expect(byWarehouse == [b.main: 4, b.truck: 6])
        let receives = await c.call("GET", "/pm/api/stockAdjustments", query: [("type", "receive")])
        #expect(receives.json["totalItems"]?.intValue == 2)
        #expect(await c.call("POST", "/pm/api/purchaseOrders/\(po1["_id"]?.intValue ?? 0)/void").status == 400, "received POs cannot be voided")

        let over = await c.call("POST", "/pm/api/shipmentReceipts", json: [
            "VendorId": .int(b.vendorA), "ShipmentReceiptLines": [["POLineItemId": .int(l1), "quantityReceived": 5], ["POLineItemId": .int(l1), "quantityReceived": 2]],
        ])
        #expect(over.status == 400)
        #expect(over.json["message"]?.stringValue?.contains("exceeds the 1 still outstanding") == true)
        let wrongVendor = await c.call("POST", "/pm/api/shipmentReceipts", json: [
            "VendorId": .int(b.vendorB), "ShipmentReceiptLines": [["POLineItemId": .int(l2), "quantityReceived": 1]],
        ])
        #expect(wrongVendor.json["message"]?.stringValue?.contains("comes from one vendor") == true)
        let wrongItem = await c.call("POST", "/pm/api/shipmentReceipts", json: [
            "VendorId": .int(b.vendorA), "ShipmentReceiptLines": [["POLineItemId": .int(l2), "quantityReceived": 1, "ItemId": .int(b.heads)]],
        ])
        #expect(wrongItem.status == 400)

        let rest = await c.call("POST", "/pm/api/purchaseOrders/\(po1["_id"]?.intValue ?? 0)/lineItems/\(l1)/receive", json: ["quantityReceived": 6])
        #expect(rest.status == 201)
        _ = await c.call("POST", "/pm/api/shipmentReceipts", json: ["VendorId": .int(b.vendorA), "ShipmentReceiptLines": [["POLineItemId": .int(l2), "quantityReceived": 4]]])
        order1 = await c.call("GET", "/pm/api/purchaseOrders/\(po1["_id"]?.intValue ?? 0)").json
        #expect(order1["status"]?.stringValue == "fulfilled")

        let draft = await c.call("POST", "/pm/api/purchaseOrders", json: ["VendorId": .int(b.vendorA), "WarehouseId": .int(b.main),
                                                                       "POLineItems": [["ItemId": .int(b.heads), "quantity": 1, "amount": 1]]]).json
        let unissued = await c.call("POST", "/pm/api/shipmentReceipts", json: [
            "VendorId": .int(b.vendorA), "ShipmentReceiptLines": [["POLineItemId": .int(PMFixture.lineIds(draft)[0]), "quantityReceived": 1]],
        ])
        #expect(unissued.json["message"]?.stringValue?.contains("only issued purchase orders can be received") == true)
        #expect(await c.call("PUT", "/pm/api/shipmentReceipts/1", json: ["reference": "x"]).status == 405)
    }

    @Test("PM §2 (choice: not in public sources) vendor bills match received quantities") func vendorBillsMatchReceivedQuantities() async {
        let pm = PartsManagerSimulator()
        let c = await PMFixture.client(pm)
        let b = await PMFixture.basics(c)
        let po = await PMFixture.issuedPO(c, vendor: b.vendorA, warehouse: b.main, lines: [(b.heads, "10", "7.40")])
        let line = PMFixture.lineIds(po)[0]
        _ = await c.call("POST", "/pm/api/shipmentReceipts", json: ["VendorId": .int(b.vendorA), "ShipmentReceiptLines": [["POLineItemId": .int(line), "quantityReceived": 6]]])
        let tooMuch = await c.call("POST", "/pm/api/vendorBills", json: [
            "VendorId": .int(b.vendorA), "vendorInvoiceNumber": "F-1", "lines": [["POLineItemId": .int(line), "quantity": 7, "amount": STFixture.number("7.40")]],
        ])
        #expect(tooMuch.status == 400)
        #expect(tooMuch.json["message"]?.stringValue?.contains("received and not yet billed") == true)
        let bill = await c.call("POST", "/pm/api/vendorBills", json: [
            "VendorId": .int(b.vendorA), "vendorInvoiceNumber": "F-1", "dueDate": "2026-12-31",
            "lines": [["POLineItemId": .int(line), "quantity": 6, "amount": STFixture.number("7.40")],
                      ["description": "Freight", "quantity": 1, "amount": STFixture.number("18.25")]],
        ])
        #expect(bill.status == 201)
        #expect(bill.json["status"]?.stringValue == "open")
        #expect(bill.json["amount"]?.numberValue?.literal == "62.65")
        #expect(bill.json["lines"]?[0]?["ItemId"]?.intValue == b.heads)
        let id = bill.json["_id"]?.intValue ?? 0
        #expect(await c.call("GET", "/pm/api/purchaseOrders/\(po["_id"]?.intValue ?? 0)").json["POLineItems"]?[0]?["quantityBilled"]?.decimalValue == 6)
        let duplicate = await c.call("POST", "/pm/api/vendorBills", json: [
            "VendorId": .int(b.vendorA), "vendorInvoiceNumber": "F-1", "lines": [["description": "x", "quantity": 1, "amount": 1]],
        ])
        #expect(duplicate.status == 409)
        #expect(await c.call("POST", "/pm/api/vendorBills/\(id)/pay").status == 400, "an open bill must be approved before it is paid")
        #expect(await c.call("PUT", "/pm/api/vendorBills/\(id)", json: ["dueDate": "2027-01-15"]).json["dueDate"]?.stringValue == "2027-01-15")
        #expect(await c.call("POST", "/pm/api/vendorBills/\(id)/approve").json["status"]?.stringValue == "approved")
        #expect(await c.call("PUT", "/pm/api/vendorBills/\(id)", json: ["dueDate": "2027-01-20"]).status == 400)
        #expect(await c.call("POST", "/pm/api/vendorBills/\(id)/void").json["status"]?.stringValue == "voided")
        #expect(await c.call("GET", "/pm/api/purchaseOrders/\(po["_id"]?.intValue ?? 0)").json["POLineItems"]?[0]?["quantityBilled"]?.decimalValue == 0,
                "voiding a bill releases its quantities")
        let again = await c.call("POST", "/pm/api/vendorBills", json: [
            "VendorId": .int(b.vendorA), "vendorInvoiceNumber": "F-1", "lines": [["POLineItemId": .int(line), "quantity": 6, "amount": STFixture.number("7.40")]],
        ])
        #expect(again.status == 201)
        let againId = again.json["_id"]?.intValue ?? 0
        _ = await c.call("POST", "/pm/api/vendorBills/\(againId)/approve")
        #expect(await c.call("POST", "/pm/api/vendorBills/\(againId)/pay").json["status"]?.stringValue == "paid")
        #expect(await c.call("GET", "/pm/api/vendorBills", query: [("status", "paid,open")]).json["totalItems"]?.intValue == 1)
        let otherVendor = await c.call("POST", "/pm/api/vendorBills", json: [
            "VendorId": .int(b.vendorB), "vendorInvoiceNumber": "J-1", "lines": [["POLineItemId": .int(line), "quantity": 1, "amount": 1]],
        ])
        #expect(otherVendor.status == 400)
    }

    @Test("PM §2 stock adjustments refuse negative stock") func stockAdjustmentsRefuseNegativeStock() async {
        let pm = PartsManagerSimulator()
        let c = await PMFixture.client(pm)
        let b = await PMFixture.basics(c)
        let add = await c.call("POST", "/pm/api/stockAdjustments", json: ["ItemId": .int(b.filters), "WarehouseId": .int(b.truck),
                                                                       "quantity": 5, "reason": "Cycle count"])
        #expect(add.status == 201)
        #expect(add.json["type"]?.stringValue == "adjustment")
        let remove = await c.call("POST", "/pm/api/stockAdjustments", json: ["ItemId": .int(b.filters), "WarehouseId": .int(b.truck),
                                                                          "quantity": -3, "reason": "Damaged"])
        #expect(remove.status == 201)
        let tooMuch = await c.call("POST", "/pm/api/stockAdjustments", json: ["ItemId": .int(b.filters), "WarehouseId": .int(b.truck),
                                                                           "quantity": -3, "reason": "Lost"])
        #expect(tooMuch.status == 400)
        #expect(tooMuch.json["message"]?.stringValue?.contains("only 2 on hand") == true)
        #expect(await c.call("POST", "/pm/api/stockAdjustments", json: ["ItemId": .int(b.filters), "WarehouseId": .int(b.truck), "quantity": 0, "reason": "x"]).status == 400)
        #expect(await c.call("POST", "/pm/api/stockAdjustments", json: ["ItemId": .int(b.filters), "WarehouseId": .int(b.truck), "quantity": 1]).status == 400)
        let huge = await c.call("POST", "/pm/api/stockAdjustments", json: ["ItemId": .int(b.filters), "WarehouseId": .int(b.truck),
                                                                        "quantity": STFixture.number("1e40"), "reason": "x"])
        #expect(huge.json["message"]?.stringValue?.contains("out of range") == true)
        let listed = await c.call("GET", "/pm/api/stockAdjustments", query: [("ItemId", String(b.filters)), ("WarehouseId", String(b.truck))])
        #expect(listed.json["totalItems"]?.intValue == 2)
        #expect(await c.call("GET", "/pm/api/stock/summary", query: [("ItemId", String(b.filters))]).json["data"]?[0]?["quantity"]?.decimalValue == 2)
    }

    @Test("PM §2 webhooks ({id, uri, createdAt}) are signed and filtered by event") func webhooksAreSignedAndFilteredByEvent() async {
        let transport = CapturingTransport()
        let pm = PartsManagerSimulator(webhookTransport: transport)
        let c = await PMFixture.client(pm)
        let b = await PMFixture.basics(c)
        let hook = await c.call("POST", "/pm/api/webhooks", json: ["uri": "http://127.0.0.1:9/pm", "events": ["shipmentReceipt.created"],
                                                                 "secret": "pm-listener-secret-0001"])
        #expect(hook.status == 201)
        #expect(hook.json["id"]?.intValue != nil && hook.json["uri"]?.stringValue == "http://127.0.0.1:9/pm" && hook.json["createdAt"] != nil)
        #expect(hook.json["secret"] == nil)
        let po = await PMFixture.issuedPO(c, vendor: b.vendorA, warehouse: b.main, lines: [(b.heads, "2", "7.40")])
        _ = await c.call("POST", "/pm/api/shipmentReceipts", json: ["VendorId": .int(b.vendorA),
                                                                  "ShipmentReceiptLines": [["POLineItemId": .int(PMFixture.lineIds(po)[0]), "quantityReceived": 2]]])
        #expect(await pm.deliverDueWebhooks() == 1)
        let delivery = transport.deliveries[0]
        #expect(delivery.json["event"]?.stringValue == "shipmentReceipt.created")
        #expect(delivery.json["data"]?["VendorId"]?.intValue == b.vendorA)
        #expect(delivery.header("X-PartsManager-Signature") == WebhookSignature.header(body: delivery.body, secret: "pm-listener-secret-0001"))
        #expect(delivery.header("X-PartsManager-Event-Id") == delivery.json["id"]?.intValue.map { String($0) })
        #expect(await c.call("GET", "/pm/api/webhooks").json["totalItems"]?.intValue == 1)
        #expect(await c.call("DELETE", "/pm/api/webhooks/\(hook.json["id"]?.intValue ?? 0)").status == 204)
        _ = await c.call("POST", "/pm/api/stockAdjustments", json: ["ItemId": .int(b.heads), "WarehouseId": .int(b.main), "quantity": 1, "reason": "x"])
        #expect(await pm.deliverDueWebhooks() == 0)
    }
}
