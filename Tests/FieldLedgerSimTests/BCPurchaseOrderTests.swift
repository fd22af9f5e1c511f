import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

/// Over real HTTP. Reference §2.7 "purchaseOrders", "purchaseReceipts / purchaseReceiptLines:
/// read-only", §8 item 8 (receive-only with `invoiceQuantity` 0 — unverified; the simulator's
/// choice is documented in ErrorStatusChoices.md).
@Suite("BC purchaseOrders, receiveAndInvoice and purchaseReceipts (reference §2.7)")
struct BCPurchaseOrderTests {
    static let vendor = "b3000000-0000-4000-8000-000000000001"
    static let blockedVendor = "b3000000-0000-4000-8000-000000000002"

    private func order(_ bc: BCLive, quantity: Int = 4) async throws -> BCHarness.Reply {
        try await bc.post("purchaseOrders", [
            "vendorNumber": "v10000", "orderDate": "2026-11-20",
            "purchaseOrderLines": [
                ["lineType": "Item", "itemId": .string(Fixtures.valveItem), "quantity": .int(quantity)],
                ["lineType": "Account", "lineObjectNumber": "50100", "quantity": 1, "directUnitCost": 25],
            ],
        ])
    }

    @Test("§2.7 a purchase order is created in one deep insert; the vendor must exist and not be blocked; item and G/L account lines")
    func create() async throws {
        try await BCLive.run { bc in
            let created = try await order(bc)
            #expect(created.status == 201)
            #expect(created.json["number"]?.stringValue == "P-ORD1001")
            #expect(created.json["status"]?.stringValue == "Draft")
            #expect(created.json["vendorId"]?.stringValue == Self.vendor)
            #expect(created.json["vendorName"]?.stringValue == "Valve Supply Co")
            #expect(created.json["totalAmountExcludingTax"]?.money == 345, "4 × 80 (the item's unit cost) + 25")
            let id = created.json["id"]?.stringValue ?? ""
            let lines = BCLive.rows(try await bc.get("purchaseOrders(\(id))/purchaseOrderLines"))
            #expect(lines.count == 2)
            #expect(lines.first?["directUnitCost"]?.money == 80)
            #expect(lines.first?["receiveQuantity"]?.money == 4, "Qty. to Receive defaults to the outstanding quantity")
            #expect(lines.first?["invoiceQuantity"]?.money == 4)
            #expect(lines.last?["accountId"]?.stringValue == "a4000000-0000-4000-8000-000000050100")
            let dimensions = BCLive.rows(try await bc.get("purchaseOrders(\(id))/dimensionSetLines"))
            #expect(dimensions.first?["valueCode"]?.stringValue == "INSTALL", "the vendor's default dimension (§2.2)")

            let blocked = try await bc.post("purchaseOrders", ["vendorId": .string(Self.blockedVendor)])
            #expect(blocked.status == 400 && blocked.errorMessage.contains("blocked"))
            let unknown = try await bc.post("purchaseOrders", ["vendorNumber": "NOPE"])
            #expect(unknown.status == 400 && unknown.errorCode == "Internal_InvalidTableRelation")
            let missing = try await bc.post("purchaseOrders", ["orderDate": "2026-11-20"])
            #expect(missing.errorMessage.contains("A \"vendorNumber\" or a \"vendorId\" must be provided."))
            let badLine = try await bc.post("purchaseOrders", ["vendorId": .string(Self.vendor),
                                                               "purchaseOrderLines": [["lineType": "Item", "itemId": .string(Fixtures.blockedItem), "quantity": 1]]])
            #expect(badLine.status == 400 && badLine.errorCode == "Application_FieldValidationException")
            #expect(BCLive.rows(try await bc.get("purchaseOrders")).count == 1, "a refused deep insert leaves nothing behind")
        }
    }

    @Test("§2.7/§8.8 receiveAndInvoice with invoiceQuantity 0 posts a receipt only; a second call invoices; the order is then deleted")
    func receiveThenInvoice() async throws {
        try await BCLive.run { bc in
            let id = try await order(bc).json["id"]?.stringValue ?? ""
            let lines = BCLive.rows(try await bc.get("purchaseOrders(\(id))/purchaseOrderLines"))
            for line in lines {
                let lineId = line["id"]?.stringValue ?? ""
                let patched = try await bc.patch("purchaseOrderLines(\(lineId))", ["receiveQuantity": .decimal(line["quantity"]?.money == 4 ? 3 : 1),
                                                                                  "invoiceQuantity": 0])
                #expect(patched.status == 200)
            }
            #expect(try await bc.action("purchaseOrders(\(id))/Microsoft.NAV.receiveAndInvoice").status == 204)
            let receipts = BCLive.rows(try await bc.get("purchaseReceipts", [("$filter", "orderNumber eq 'P-ORD1001'")]))
            #expect(receipts.count == 1)
            let receiptId = receipts.first?["id"]?.stringValue ?? ""
            let receiptLines = BCLive.rows(try await bc.get("purchaseReceipts(\(receiptId))/purchaseReceiptLines"))
            #expect(receiptLines.first?["quantity"]?.money == 3)
            #expect(receiptLines.first?["unitCost"]?.money == 80)
            #expect(try await bc.get("items(\(Fixtures.valveItem))").json["inventory"]?.money == 13, "the receipt adds stock")
            #expect(BCLive.rows(try await bc.get("purchaseInvoices", [("$filter", "orderNumber eq 'P-ORD1001'")])).isEmpty, "nothing invoiced")
            let afterReceipt = try await bc.get("purchaseOrders(\(id))", [("$expand", "purchaseOrderLines")])
            #expect(afterReceipt.json["status"]?.stringValue == "Open")
            #expect(afterReceipt.json["fullyReceived"]?.boolValue == false)
            let itemLine = afterReceipt.json["purchaseOrderLines"]?.arrayValue?.first
            #expect(itemLine?["receivedQuantity"]?.money == 3)
            #expect(itemLine?["receiveQuantity"]?.money == 1)
            #expect(itemLine?["invoiceQuantity"]?.money == 4)

            #expect(try await bc.action("purchaseOrders(\(id))/Microsoft.NAV.receiveAndInvoice").status == 204)
            let invoices = BCLive.rows(try await bc.get("purchaseInvoices", [("$filter", "orderNumber eq 'P-ORD1001'")]))
            #expect(invoices.count == 1)
            #expect(invoices.first?["status"]?.stringValue == "Open")
            #expect(invoices.first?["totalAmountIncludingTax"]?.money == 345)
            let number = invoices.first?["number"]?.stringValue ?? ""
            let ledger = BCLive.rows(try await bc.get("generalLedgerEntries", [("$filter", "documentNumber eq '\(number)'")]))
            #expect(ledger.contains { $0["accountNumber"]?.stringValue == "20100" && $0["creditAmount"]?.money == 345 }, "payables credited")
            #expect(ledger.contains { $0["accountNumber"]?.stringValue == "50100" && $0["debitAmount"]?.money == 25 })
            #expect(try await bc.get("items(\(Fixtures.valveItem))").json["inventory"]?.money == 14)
            #expect(try await bc.get("purchaseOrders(\(id))").status == 404, "BC deletes a fully received and invoiced order")
        }
    }

    @Test("§2.7 receipts are read-only; nothing to post; cannot invoice more than received; receipt dimensions are read-only (§2.2)")
    func rules() async throws {
        try await BCLive.run { bc in
            #expect(try await bc.post("purchaseReceipts", ["vendorNumber": "V10000"]).status == 405)
            let id = try await order(bc, quantity: 2).json["id"]?.stringValue ?? ""
            let lines = BCLive.rows(try await bc.get("purchaseOrders(\(id))/purchaseOrderLines"))
            for line in lines {
                _ = try await bc.patch("purchaseOrderLines(\(line["id"]?.stringValue ?? ""))", ["receiveQuantity": 0, "invoiceQuantity": 0])
            }
            let nothing = try await bc.action("purchaseOrders(\(id))/Microsoft.NAV.receiveAndInvoice")
            #expect(nothing.status == 400 && nothing.errorMessage.contains("There is nothing to post."))
            let itemLine = lines.first?["id"]?.stringValue ?? ""
            _ = try await bc.patch("purchaseOrderLines(\(itemLine))", ["receiveQuantity": 1, "invoiceQuantity": 0])
            let accountLine = lines.last?["id"]?.stringValue ?? ""
            _ = try await bc.patch("purchaseOrderLines(\(accountLine))", ["invoiceQuantity": 1])
            let tooMuch = try await bc.patch("purchaseOrderLines(\(itemLine))", ["receiveQuantity": 5])
            #expect(tooMuch.errorMessage.contains("You cannot receive more than 2 units."))
            // The account line invoices 1 it never received.
            let invoiceUnreceived = try await bc.action("purchaseOrders(\(id))/Microsoft.NAV.receiveAndInvoice")
            #expect(invoiceUnreceived.errorMessage.contains("You cannot invoice more than 0 units."))
            _ = try await bc.patch("purchaseOrderLines(\(accountLine))", ["invoiceQuantity": 0])
            #expect(try await bc.action("purchaseOrders(\(id))/Microsoft.NAV.receiveAndInvoice").status == 204)
            let receipt = BCLive.rows(try await bc.get("purchaseReceipts")).first?["id"]?.stringValue ?? ""
            let dimension = try await bc.post("purchaseReceipts(\(receipt))/dimensionSetLines", ["code": "JOB", "valueCode": "JOB-1"])
            #expect(dimension.status == 400 && dimension.errorMessage.contains("read only"))
            let delete = try await bc.call("DELETE", "purchaseOrderLines(\(itemLine))", headers: [("If-Match", "*")])
            #expect(delete.status == 400, "a received line cannot be deleted")
        }
    }
}
