import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("BC sales invoices (reference §2.3, §7)")
struct BCSalesInvoiceTests {
    @Test("§2.3 deep insert creates header and lines in one request; externalDocumentNumber is upper-cased (§7)")
    func deepInsert() async throws {
        let bc = try await BCHarness()
        let (reply, id) = await bc.draftInvoice(lines: [BCHarness.itemLine(2), BCHarness.accountLine(3, "33.33")])
        #expect(reply.status == 201)
        #expect(reply.json["number"]?.stringValue == "S-INV1001")
        #expect(reply.json["status"]?.stringValue == "Draft")
        #expect(reply.json["externalDocumentNumber"]?.stringValue == "FS-1001")
        #expect(reply.json["customerNumber"]?.stringValue == "C10000")
        #expect(reply.json["customerName"]?.stringValue == "Acme Plumbing")
        #expect(reply.json["dueDate"]?.stringValue == "2026-12-20", "NET30 from the invoice date")
        let lines = await bc.get("salesInvoices(\(id))/salesInvoiceLines")
        #expect(lines.json["value"]?.arrayValue?.count == 2)
        #expect(lines.json["value"]?[0]?["sequence"]?.intValue == 10000)
        #expect(lines.json["value"]?[0]?["description"]?.stringValue == "Backflow valve 3/4\"")
        #expect(lines.json["value"]?[0]?["unitPrice"]?.money == dec("125.5"))
        #expect(lines.json["value"]?[1]?["lineObjectNumber"]?.stringValue == "40200")
        let found = await bc.get("salesInvoices", [("$filter", "externalDocumentNumber eq 'FS-1001' and customerNumber eq 'C10000'"), ("$select", "id,number,status")])
        #expect(found.json["value"]?[0]?["id"]?.stringValue == id)
    }

    @Test("§2.3 totals: quantity × unit price − discount, tax by tax group and the customer's tax area, rounded per group")
    func totalsWithTax() async throws {
        let bc = try await BCHarness()
        let (reply, id) = await bc.draftInvoice(lines: [BCHarness.itemLine(2), BCHarness.accountLine(3, "33.33")])
        #expect(reply.json["totalAmountExcludingTax"]?.money == dec("350.99"))
        #expect(reply.json["totalTaxAmount"]?.money == dec("28.96"))
        #expect(reply.json["totalAmountIncludingTax"]?.money == dec("379.95"))
        #expect(reply.json["remainingAmount"]?.money == dec("379.95"))
        let lines = await bc.get("salesInvoices(\(id))/salesInvoiceLines").json["value"]?.arrayValue ?? []
        #expect(lines.first?["taxPercent"]?.money == dec("8.25"))
        #expect(lines.first?["totalTaxAmount"]?.money == dec("20.71"))
        #expect(lines.last?["totalTaxAmount"]?.money == dec("8.25"))
        #expect(lines.last?["amountIncludingTax"]?.money == dec("108.24"))

        let discounted = await bc.post("salesInvoices(\(id))/salesInvoiceLines",
                                       ["lineType": "Item", "itemId": .string(Fixtures.valveItem), "quantity": 2, "discountPercent": 10])
        #expect(discounted.json["discountAmount"]?.money == dec("25.1"))
        #expect(discounted.json["amountExcludingTax"]?.money == dec("225.9"))
        let header = await bc.get("salesInvoices(\(id))")
        #expect(header.json["totalAmountExcludingTax"]?.money == dec("576.89"))
        #expect(header.json["totalTaxAmount"]?.money == dec("47.59"))
    }

    @Test("§2.3 a customer that is not tax liable pays no tax; labor has its own 0% group")
    func noTax() async throws {
        let bc = try await BCHarness()
        let exempt = await bc.post("salesInvoices", ["customerNumber": "C30000", "salesInvoiceLines": [BCHarness.itemLine(1)]])
        #expect(exempt.json["totalTaxAmount"]?.money == 0)
        #expect(exempt.json["totalAmountIncludingTax"]?.money == dec("125.5"))
        let (labor, _) = await bc.draftInvoice(lines: [["lineType": "Item", "lineObjectNumber": "LABOR", "quantity": 2]])
        #expect(labor.json["totalAmountExcludingTax"]?.money == 190)
        #expect(labor.json["totalTaxAmount"]?.money == 0)
    }

    @Test("§2.3 the customer must be given, exist and not be blocked")
    func customerRules() async throws {
        let bc = try await BCHarness()
        let none = await bc.post("salesInvoices", ["externalDocumentNumber": "X"])
        #expect(none.errorMessage.contains("A \"customerNumber\" or a \"customerId\" must be provided."))
        let missing = await bc.post("salesInvoices", ["customerId": "00000000-0000-4000-8000-0000000000aa"])
        #expect(missing.errorCode == "Internal_InvalidTableRelation")
        let unknownNumber = await bc.post("salesInvoices", ["customerNumber": "NOPE"])
        #expect(unknownNumber.errorCode == "Internal_InvalidTableRelation")
        let blocked = await bc.post("salesInvoices", ["customerId": .string(Fixtures.blockedCustomer)])
        #expect(blocked.errorCode == "Application_DialogException")
        #expect(blocked.errorMessage.contains("blocked with type All"))
        #expect(await bc.get("salesInvoices").json["value"]?.arrayValue?.isEmpty == true)
    }

    @Test("§2.3 line rules: posting account, not blocked, existing item, known tax code, not item and account")
    func lineRules() async throws {
        let bc = try await BCHarness()
        let (_, id) = await bc.draftInvoice(lines: [])
        let path = "salesInvoices(\(id))/salesInvoiceLines"
        let heading = await bc.post(path, BCHarness.accountLine(1, "10", account: Fixtures.headingAccount))
        #expect(heading.errorCode == "Application_FieldValidationException")
        #expect(heading.errorMessage.contains("Account Type must be equal to 'Posting'"))
        let blockedAccount = await bc.post(path, BCHarness.accountLine(1, "10", account: Fixtures.blockedAccount))
        #expect(blockedAccount.errorMessage.contains("Blocked must be equal to 'No' in G/L Account"))
        let missingAccount = await bc.post(path, ["lineType": "Account", "lineObjectNumber": "99999", "quantity": 1])
        #expect(missingAccount.errorCode == "Internal_InvalidTableRelation")
        let blockedItem = await bc.post(path, BCHarness.itemLine(1, item: Fixtures.blockedItem))
        #expect(blockedItem.errorMessage.contains("Blocked must be equal to 'No' in Item"))
        let missingItem = await bc.post(path, ["lineType": "Item", "itemId": "00000000-0000-4000-8000-0000000000bb", "quantity": 1])
        #expect(missingItem.errorCode == "Internal_InvalidTableRelation")
        let badTax = await bc.post(path, BCHarness.accountLine(1, "10", taxCode: "NOSUCH"))
        #expect(badTax.errorCode == "Internal_InvalidTableRelation")
        #expect(badTax.errorMessage.contains("Tax Group"))
        let both = await bc.post(path, ["itemId": .string(Fixtures.valveItem), "accountId": .string(Fixtures.serviceRevenue), "quantity": 1])
        #expect(both.errorCode == "Application_DialogException")
        #expect(await bc.get(path).json["value"]?.arrayValue?.isEmpty == true)
    }

    @Test("§3 deep insert is atomic: one bad line and nothing is created, no number is used")
    func deepInsertAtomic() async throws {
        let bc = try await BCHarness()
        let (reply, _) = await bc.draftInvoice(lines: [BCHarness.itemLine(1), BCHarness.accountLine(1, "5", account: Fixtures.headingAccount)])
        #expect(reply.status == 400)
        #expect(await bc.get("salesInvoices").json["value"]?.arrayValue?.isEmpty == true)
        #expect(bc.api.snapshot().table("salesInvoiceLines").count == 0)
        let (next, _) = await bc.draftInvoice(lines: [BCHarness.itemLine(1)])
        #expect(next.json["number"]?.stringValue == "S-INV1001")
    }

    @Test("§2.3 post: the id survives, the number moves to the posted series, status Open, G/L entries written")
    func post() async throws {
        let bc = try await BCHarness()
        let (_, id) = await bc.draftInvoice(lines: [BCHarness.itemLine(2), BCHarness.accountLine(3, "33.33")])
        let posted = await bc.action("salesInvoices(\(id))/Microsoft.NAV.post")
        #expect(posted.status == 204)
        let invoice = await bc.get("salesInvoices(\(id))")
        #expect(invoice.status == 200)
        #expect(invoice.json["id"]?.stringValue == id)
        #expect(invoice.json["number"]?.stringValue == "PS-INV103001")
        #expect(invoice.json["status"]?.stringValue == "Open")
        #expect(invoice.json["remainingAmount"]?.money == dec("379.95"))
        #expect(await bc.get("salesInvoices(\(id))/salesInvoiceLines").json["value"]?.arrayValue?.count == 2)
        let ledger = await bc.get("generalLedgerEntries", [("$filter", "documentNumber eq 'PS-INV103001'")])
        let entries = ledger.json["value"]?.arrayValue ?? []
        #expect(entries.count == 4)
        let debit = entries.compactMap { $0["debitAmount"]?.money }.reduce(0, +)
        let credit = entries.compactMap { $0["creditAmount"]?.money }.reduce(0, +)
        #expect(debit == dec("379.95") && credit == dec("379.95"))
        #expect(entries.contains { $0["accountNumber"]?.stringValue == "22500" && $0["creditAmount"]?.money == dec("28.96") })
        #expect(await bc.get("items(\(Fixtures.valveItem))").json["inventory"]?.money == 8)
        let again = await bc.action("salesInvoices(\(id))/Microsoft.NAV.post")
        #expect(again.errorMessage.contains("The action can be applied to a draft invoice only."))
    }

    @Test("§2.3 post needs at least one line and a quantity on every line")
    func postPreconditions() async throws {
        let bc = try await BCHarness()
        let (_, empty) = await bc.draftInvoice(lines: [])
        #expect(await bc.action("salesInvoices(\(empty))/Microsoft.NAV.post").errorMessage.contains("Please add at least one line item to the document."))
        let (_, zero) = await bc.draftInvoice(lines: [BCHarness.itemLine(0)])
        let reply = await bc.action("salesInvoices(\(zero))/Microsoft.NAV.post")
        #expect(reply.errorCode == "Application_FieldValidationException")
        #expect(await bc.get("salesInvoices(\(zero))").json["status"]?.stringValue == "Draft")
        #expect(await bc.action("salesInvoices(\(zero))/Microsoft.NAV.nosuch").status == 400)
    }

    @Test("§2.3 a posted invoice accepts only dueDate, promisedPayDate and dispute status changes")
    func postedImmutable() async throws {
        let bc = try await BCHarness()
        let (_, id) = await bc.draftInvoice(lines: [BCHarness.itemLine(1)])
        _ = await bc.action("salesInvoices(\(id))/Microsoft.NAV.post")
        let refused = await bc.patch("salesInvoices(\(id))", ["externalDocumentNumber": "OTHER"])
        #expect(refused.errorMessage.contains("The invoice has been posted and can no longer be modified."))
        let due = await bc.patch("salesInvoices(\(id))", ["dueDate": "2027-01-31", "promisedPayDate": "2027-01-15"])
        #expect(due.status == 200)
        #expect(due.json["dueDate"]?.stringValue == "2027-01-31")
        let lineId = await bc.get("salesInvoices(\(id))/salesInvoiceLines").json["value"]?[0]?["id"]?.stringValue ?? ""
        #expect(await bc.patch("salesInvoices(\(id))/salesInvoiceLines(\(lineId))", ["quantity": 5]).status == 400)
        #expect(await bc.call("DELETE", "salesInvoices(\(id))", headers: [("If-Match", "*")]).status == 400)
    }

    @Test("§2.3 PATCH of a draft line recomputes the header totals and changes the header etag")
    func lineEditUpdatesHeader() async throws {
        let bc = try await BCHarness()
        let (created, id) = await bc.draftInvoice(lines: [BCHarness.itemLine(1)])
        let lineId = await bc.get("salesInvoices(\(id))/salesInvoiceLines").json["value"]?[0]?["id"]?.stringValue ?? ""
        let patched = await bc.patch("salesInvoices(\(id))/salesInvoiceLines(\(lineId))", ["quantity": 4])
        #expect(patched.status == 200)
        let header = await bc.get("salesInvoices(\(id))")
        #expect(header.json["totalAmountExcludingTax"]?.money == 502)
        #expect(header.json["@odata.etag"] != created.json["@odata.etag"])
        let sequence = await bc.patch("salesInvoices(\(id))/salesInvoiceLines(\(lineId))", ["sequence": 20000])
        #expect(sequence.status == 400)
        let deleted = await bc.call("DELETE", "salesInvoices(\(id))/salesInvoiceLines(\(lineId))", headers: [("If-Match", "*")])
        #expect(deleted.status == 204)
        #expect(await bc.get("salesInvoices(\(id))").json["totalAmountIncludingTax"]?.money == 0)
    }

    @Test("§7 externalDocumentNumber is Code[35]: longer values are refused")
    func externalDocumentNumberLength() async throws {
        let bc = try await BCHarness()
        let reply = await bc.post("salesInvoices", ["customerId": .string(Fixtures.acme), "externalDocumentNumber": .string(String(repeating: "x", count: 36))])
        #expect(reply.errorCode == "Application_StringExceededLength")
    }
}
