import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("ServiceTrade simulator: invoices, payments, comments, external ids")
struct ServiceTradeInvoiceTests {
    @Test("ST §1.5 invoice items, service lines, tax and totalPrice are exact decimals") func invoiceTotalsAreExactDecimals() async {
        let st = ServiceTradeSimulator()
        let c = await STFixture.session(st)
        let b = await STFixture.basics(c)
        let invoice = await STFixture.invoice(c, b)
        #expect(invoice.status == 200)
        let data = invoice.data
        #expect(data["status"]?.stringValue == "ok")
        #expect(data["company"]?["id"]?.intValue == b.company)
        #expect(data["location"]?["id"]?.intValue == b.location)
        #expect(data["region"]?["name"]?.stringValue == "Raleigh")
        #expect(data["paymentTerms"]?["name"]?.stringValue == "Net 30", "terms default to the company's")
        let items = data["items"]?.arrayValue ?? []
        #expect(items.count == 2)
        #expect(items.first?["serviceLine"]?["name"]?.stringValue == "Fire Sprinkler")
        #expect(items.last?["total"]?.numberValue?.literal == "0.30", "3 × 0.10 is exactly 0.30")
        #expect(items.last?["taxAmount"]?.numberValue?.literal == "0.02")
        #expect(data["subtotal"]?.numberValue?.literal == "165.30")
        #expect(data["taxAmount"]?.numberValue?.literal == "0.02")
        #expect(data["totalPrice"]?.numberValue?.literal == "165.32")
        #expect(data["balance"]?.decimalValue == Decimal(string: "165.32"))
        let badItem = await c.call("POST", "/st/api/invoice", json: ["jobId": .int(b.job), "items": [
            ["description": "x", "itemType": "labor", "quantity": 1, "price": 10],
        ]])
        #expect(badItem.status == 400)
        #expect(badItem.errors.first?.contains("serviceLineId") == true)
        let tooPrecise = await c.call("POST", "/st/api/invoice", json: ["jobId": .int(b.job), "items": [
            ["description": "x", "itemType": "labor", "serviceLineId": .int(b.serviceLine), "quantity": 1, "price": STFixture.number("1.005")],
        ]])
        #expect(tooPrecise.status == 400)
        let huge = await c.call("POST", "/st/api/invoice", json: ["jobId": .int(b.job), "items": [
            ["description": "x", "itemType": "labor", "serviceLineId": .int(b.serviceLine), "quantity": STFixture.number("1e30"), "price": 1],
        ]])
        #expect(huge.status == 400)
    }

    @Test("ST §1.5 invoice statuses ok, pending_accounting, processed, sent, paid, failed, void and their transitions") func statusTransitionsFollowTheDocumentedRules() async {
        let st = ServiceTradeSimulator()
        let c = await STFixture.session(st)
        let b = await STFixture.basics(c)
        let id = await STFixture.invoice(c, b).data["id"]?.intValue ?? 0
        let path = "/st/api/invoice/\(id)"
        #expect(await c.call("PUT", path, json: ["status": "pending_accounting"]).data["status"]?.stringValue == "pending_accounting")
        #expect(await c.call("PUT", path, json: ["status": "processed"]).data["status"]?.stringValue == "processed")
        let back = await c.call("PUT", path, json: ["status": "ok"])
        #expect(back.status == 400)
        #expect(back.errors.first?.contains("cannot change status from processed to ok") == true)
        let unknown = await c.call("PUT", path, json: ["status": "approved"])
        #expect(unknown.status == 400)
        #expect(await c.call("PUT", path, json: ["customerPo": "PO-77"]).data["customerPo"]?.stringValue == "PO-77")
        #expect(await c.call("PUT", path, json: ["status": "void"]).data["status"]?.stringValue == "void")
        let afterVoid = await c.call("PUT", path, json: ["status": "ok"])
        #expect(afterVoid.status == 400)
        #expect(afterVoid.errors.first?.contains("void") == true)
        #expect(await c.call("PUT", path, json: ["customerPo": "changed"]).status == 400)
        let items = await c.call("PUT", path, json: ["items": []])
        #expect(items.errors.first?.contains("cannot be changed") == true)
    }

    @Test("ST §1.5 the Payment resource moves amount paid and balance exactly") func paymentsMoveAmountPaidAndBalanceExactly() async {
        let st = ServiceTradeSimulator()
        let c = await STFixture.session(st)
        let b = await STFixture.basics(c)
        let id = await STFixture.invoice(c, b).data["id"]?.intValue ?? 0
        let pay = await c.call("POST", "/st/api/payment", json: ["invoiceId": .int(id), "amount": STFixture.number("100.10"),
                                                              "method": "check", "referenceNumber": "CHK-1"])
        #expect(pay.status == 200)
        #expect(pay.data["invoice"]?["id"]?.intValue == id)
        var invoice = await c.call("GET", "/st/api/invoice/\(id)").data
        #expect(invoice["amountPaid"]?.numberValue?.literal == "100.10")
        #expect(invoice["balance"]?.numberValue?.literal == "65.22")
        let over = await c.call("POST", "/st/api/payment", json: ["invoiceId": .int(id), "amount": STFixture.number("65.23")])
        #expect(over.status == 400)
        #expect(over.errors.first?.contains("exceeds the balance") == true)
        let nsf = await c.call("POST", "/st/api/payment", json: ["invoiceId": .int(id), "amount": STFixture.number("-100.10"), "referenceNumber": "CHK-1-NSF"])
        #expect(nsf.status == 200)
        invoice = await c.call("GET", "/st/api/invoice/\(id)").data
        #expect(invoice["amountPaid"]?.decimalValue == 0)
        #expect(invoice["balance"]?.numberValue?.literal == "165.32")
        #expect(await c.call("POST", "/st/api/payment", json: ["invoiceId": .int(id), "amount": -1]).status == 400)
        #expect(await c.call("GET", "/st/api/payment", query: [("invoiceId", String(id))]).data["payments"]?.arrayValue?.count == 2)
        _ = await c.call("PUT", "/st/api/invoice/\(id)", json: ["status": "void"])
        let onVoid = await c.call("POST", "/st/api/payment", json: ["invoiceId": .int(id), "amount": 5])
        #expect(onVoid.errors.first?.contains("void") == true)
        #expect(await c.call("PUT", "/st/api/payment/1", json: ["method": "cash"]).status == 405)
    }

    @Test("ST §1.5 failure reasons go through the Comment API, on existing entities only") func commentsAttachToExistingEntities() async {
        let st = ServiceTradeSimulator()
        let c = await STFixture.session(st)
        let b = await STFixture.basics(c)
        let id = await STFixture.invoice(c, b).data["id"]?.intValue ?? 0
        let comment = await c.call("POST", "/st/api/comment", json: ["entityType": "invoice", "entityId": .int(id),
                                                                  "content": "Failed: no GL rule for Backflow Testing"])
        #expect(comment.status == 200)
        let listed = await c.call("GET", "/st/api/comment", query: [("entityType", "invoice"), ("entityId", String(id))])
        #expect(listed.data["comments"]?.arrayValue?.first?["content"]?.stringValue == "Failed: no GL rule for Backflow Testing")
        #expect(await c.call("POST", "/st/api/comment", json: ["entityType": "invoice", "entityId": 999, "content": "x"]).status == 400)
        #expect(await c.call("POST", "/st/api/comment", json: ["entityType": "planet", "entityId": 1, "content": "x"]).status == 400)
        #expect(await c.call("PUT", "/st/api/comment/1", json: ["content": "edited"]).status == 405)
    }

    @Test("ST §1.7 external ids are unique per external system") func externalIdsAreUniquePerSystem() async {
        let st = ServiceTradeSimulator()
        let c = await STFixture.session(st)
        let b = await STFixture.basics(c)
        let other = await c.call("POST", "/st/api/company", json: ["name": "Other"]).data["id"]?.intValue ?? 0
        let link = await c.call("POST", "/st/api/externalid", json: ["entityType": "company", "entityId": .int(b.company),
                                                                  "system": "business_central", "value": "C10001"])
        #expect(link.status == 200)
        #expect(await c.call("GET", "/st/api/company/\(b.company)").data["externalIds"]?["business_central"]?.stringValue == "C10001")
        let clash = await c.call("POST", "/st/api/externalid", json: ["entityType": "company", "entityId": .int(other),
                                                                   "system": "business_central", "value": "C10001"])
        #expect(clash.status == 400)
        #expect(clash.errors.first?.contains("already used by company \(b.company)") == true)
        let otherSystem = await c.call("POST", "/st/api/externalid", json: ["entityType": "company", "entityId": .int(other),
                                                                         "system": "intacct", "value": "C10001"])
        #expect(otherSystem.status == 200)
        let replaced = await c.call("POST", "/st/api/externalid", json: ["entityType": "company", "entityId": .int(b.company),
                                                                      "system": "business_central", "value": "C20001"])
        #expect(replaced.status == 200)
        let found = await c.call("GET", "/st/api/externalid", query: [("system", "business_central")])
        #expect(found.data["externalIds"]?.arrayValue?.compactMap { $0["value"]?.stringValue } == ["C20001"])
        #expect(await c.call("POST", "/st/api/externalid", json: ["entityType": "company", "entityId": .int(other),
                                                                "system": "Business Central", "value": "x"]).status == 400)
        let removed = await c.call("DELETE", "/st/api/externalid/\(replaced.data["id"]?.intValue ?? 0)")
        #expect(removed.status == 200)
        #expect(await c.call("GET", "/st/api/company/\(b.company)").data["externalIds"]?["business_central"] == nil)
    }
}
