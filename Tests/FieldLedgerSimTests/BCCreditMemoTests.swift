import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("BC cancel and credit memos (reference §2.3, §2.4)")
struct BCCreditMemoTests {
    private func postedInvoice(_ bc: BCHarness) async -> String {
        let (_, id) = await bc.draftInvoice(lines: [BCHarness.itemLine(2)])
        _ = await bc.action("salesInvoices(\(id))/Microsoft.NAV.post")
        return id
    }

    @Test("§2.3 cancel: the invoice becomes Canceled with nothing remaining, a posted corrective credit memo appears")
    func cancel() async throws {
        let bc = try await BCHarness()
        let id = await postedInvoice(bc)
        #expect(await bc.action("salesInvoices(\(id))/Microsoft.NAV.cancel").status == 204)
        let invoice = await bc.get("salesInvoices(\(id))")
        #expect(invoice.json["status"]?.stringValue == "Canceled")
        #expect(invoice.json["remainingAmount"]?.money == 0)
        let memos = await bc.get("salesCreditMemos", [("$filter", "invoiceId eq \(id)")]).json["value"]?.arrayValue ?? []
        #expect(memos.count == 1)
        #expect(memos.first?["status"]?.stringValue == "Corrective")
        #expect(memos.first?["number"]?.stringValue == "PS-CR104001")
        #expect(memos.first?["totalAmountIncludingTax"]?.money == dec("271.71"))
        let ledger = await bc.get("generalLedgerEntries", [("$filter", "documentType eq 'Credit Memo'")])
        #expect(ledger.json["value"]?.arrayValue?.contains { $0["accountNumber"]?.stringValue == "13100" && $0["creditAmount"]?.money == dec("271.71") } == true)
        #expect(await bc.get("items(\(Fixtures.valveItem))").json["inventory"]?.money == 10)
        let twice = await bc.action("salesInvoices(\(id))/Microsoft.NAV.cancel")
        #expect(twice.errorMessage.contains("The invoice cannot be canceled because it has already been canceled."))
    }

    @Test("§2.3 cancel is refused on drafts and on paid invoices")
    func cancelRefused() async throws {
        let bc = try await BCHarness()
        let (_, draft) = await bc.draftInvoice(lines: [BCHarness.itemLine(1)])
        #expect(await bc.action("salesInvoices(\(draft))/Microsoft.NAV.cancel").errorMessage.contains("The action can be applied to a posted invoice only."))
        let id = await postedInvoice(bc)
        _ = await bc.post("customerPaymentJournals(\(Fixtures.paymentJournal))/customerPayments",
                          ["appliesToInvoiceId": .string(id), "amount": -50])
        #expect(await bc.action("/bc/v2.0/\(bc.tenant)/production/api/v2.0/companies(\(Fixtures.companyId))/journals(\(Fixtures.paymentJournal))/Microsoft.NAV.post").status == 204)
        let refused = await bc.action("salesInvoices(\(id))/Microsoft.NAV.cancel")
        #expect(refused.errorCode == "Application_DialogException")
        #expect(refused.errorMessage.contains("paid"))
        #expect(await bc.get("salesInvoices(\(id))").json["status"]?.stringValue == "Open")
    }

    @Test("§2.3 makeCorrectiveCreditMemo creates a draft memo linked to the invoice; posting it settles the invoice")
    func correctiveCreditMemo() async throws {
        let bc = try await BCHarness()
        let id = await postedInvoice(bc)
        #expect(await bc.action("salesInvoices(\(id))/Microsoft.NAV.makeCorrectiveCreditMemo").status == 204)
        let memo = await bc.get("salesCreditMemos", [("$filter", "invoiceId eq \(id)")]).json["value"]?[0]
        #expect(memo?["status"]?.stringValue == "Draft")
        #expect(memo?["number"]?.stringValue == "S-CR1001")
        let memoId = memo?["id"]?.stringValue ?? ""
        #expect(await bc.get("salesCreditMemos(\(memoId))/salesCreditMemoLines").json["value"]?.arrayValue?.count == 1)
        #expect(await bc.action("salesCreditMemos(\(memoId))/Microsoft.NAV.post").status == 204)
        let invoice = await bc.get("salesInvoices(\(id))")
        #expect(invoice.json["remainingAmount"]?.money == 0)
        #expect(invoice.json["status"]?.stringValue == "Paid")
        #expect(await bc.get("salesCreditMemos(\(memoId))").json["number"]?.stringValue == "PS-CR104001")
    }

    @Test("§2.4 a credit memo with invoiceNumber applies on post and lowers the remaining amount")
    func partialCreditMemo() async throws {
        let bc = try await BCHarness()
        let id = await postedInvoice(bc)
        let number = await bc.get("salesInvoices(\(id))").json["number"]?.stringValue ?? ""
        let memo = await bc.post("salesCreditMemos", ["customerId": .string(Fixtures.acme), "invoiceNumber": .string(number),
                                                      "salesCreditMemoLines": [BCHarness.accountLine(1, "100")]])
        #expect(memo.status == 201)
        #expect(memo.json["invoiceId"]?.stringValue == id)
        #expect(memo.json["totalAmountIncludingTax"]?.money == dec("108.25"))
        let memoId = memo.json["id"]?.stringValue ?? ""
        #expect(await bc.action("salesCreditMemos(\(memoId))/Microsoft.NAV.post").status == 204)
        let invoice = await bc.get("salesInvoices(\(id))")
        #expect(invoice.json["remainingAmount"]?.money == dec("163.46"))
        #expect(invoice.json["status"]?.stringValue == "Open")
        let mismatch = await bc.post("salesCreditMemos", ["customerId": .string(Fixtures.acme), "invoiceId": .string(id), "invoiceNumber": "PS-INV999999"])
        #expect(mismatch.errorMessage.contains("do not match to a specific Invoice"))
        let (_, draft) = await bc.draftInvoice(lines: [BCHarness.itemLine(1)])
        let toDraft = await bc.post("salesCreditMemos", ["customerId": .string(Fixtures.acme), "invoiceId": .string(draft)])
        #expect(toDraft.status == 400)
    }
}
