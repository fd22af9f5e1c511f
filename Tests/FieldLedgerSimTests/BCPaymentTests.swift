import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("BC customer payments (reference §2.5)")
struct BCPaymentTests {
    private func journalsPost(_ bc: BCHarness) async -> BCHarness.Reply {
        await bc.action("/bc/v2.0/\(bc.tenant)/production/api/v2.0/companies(\(Fixtures.companyId))/journals(\(Fixtures.paymentJournal))/Microsoft.NAV.post")
    }

    private func postedInvoice(_ bc: BCHarness) async -> String {
        let (_, id) = await bc.draftInvoice(lines: [BCHarness.itemLine(2)])
        _ = await bc.action("salesInvoices(\(id))/Microsoft.NAV.post")
        return id
    }

    @Test("§2.5 a payment applied to an invoice, posted through journals({id})/Microsoft.NAV.post, lowers remainingAmount then sets Paid")
    func payInTwoParts() async throws {
        let bc = try await BCHarness()
        let id = await postedInvoice(bc)
        let path = "customerPaymentJournals(\(Fixtures.paymentJournal))/customerPayments"
        let first = await bc.post(path, ["appliesToInvoiceId": .string(id), "amount": .decimal(dec("-71.71")), "externalDocumentNumber": "fspay-1"])
        #expect(first.status == 201)
        #expect(first.json["customerNumber"]?.stringValue == "C10000", "the customer comes from the invoice")
        #expect(first.json["journalId"]?.stringValue == Fixtures.paymentJournal)
        #expect(first.json["externalDocumentNumber"]?.stringValue == "FSPAY-1")
        #expect(await journalsPost(bc).status == 204)
        var invoice = await bc.get("salesInvoices(\(id))")
        #expect(invoice.json["remainingAmount"]?.money == 200)
        #expect(invoice.json["status"]?.stringValue == "Open")
        #expect(await bc.get(path).json["value"]?.arrayValue?.isEmpty == true, "posted journal lines vanish")
        let documentNumber = first.json["documentNumber"]?.stringValue ?? ""
        let ledger = await bc.get("generalLedgerEntries", [("$filter", "documentNumber eq '\(documentNumber)'")])
        #expect(ledger.json["value"]?.arrayValue?.count == 2)
        #expect(ledger.json["value"]?[0]?["documentType"]?.stringValue == "Payment")

        _ = await bc.post(path, ["appliesToInvoiceNumber": .string(invoice.json["number"]?.stringValue ?? ""), "amount": -200])
        #expect(await journalsPost(bc).status == 204)
        invoice = await bc.get("salesInvoices(\(id))")
        #expect(invoice.json["remainingAmount"]?.money == 0)
        #expect(invoice.json["status"]?.stringValue == "Paid")
    }

    @Test("§2.5 posting rules: nothing to post, positive amounts, a draft invoice target; no post action on the payment journal itself")
    func paymentRules() async throws {
        let bc = try await BCHarness()
        #expect(await journalsPost(bc).errorMessage.contains("There is nothing to post."))
        let id = await postedInvoice(bc)
        let path = "customerPaymentJournals(\(Fixtures.paymentJournal))/customerPayments"
        _ = await bc.post(path, ["appliesToInvoiceId": .string(id), "amount": 50])
        #expect(await journalsPost(bc).errorMessage.contains("The \"amount\" should be a negative number."))
        #expect(await bc.get("salesInvoices(\(id))").json["remainingAmount"]?.money == dec("271.71"))
        let own = await bc.action("customerPaymentJournals(\(Fixtures.paymentJournal))/Microsoft.NAV.post")
        #expect(own.status == 400 && own.errorCode == "BadRequest_MethodNotImplemented")
        let (_, draft) = await bc.draftInvoice(lines: [BCHarness.itemLine(1)])
        #expect(await bc.post(path, ["appliesToInvoiceId": .string(draft), "amount": -5]).status == 400)
    }
}
