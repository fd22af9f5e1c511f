import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("BC simulator control: returned (NSF) payments")
struct BCPaymentReversalTests {
    @Test("POST /_sim/bc/payments/{documentNumber}/reverse reopens a paid invoice and reverses the G/L entries")
    func reverseOverHTTP() async throws {
        let live = try await LiveServer.start()
        let token = try await live.token()
        let auth = [("Authorization", "Bearer \(token)")]
        let invoice = try await RawHTTPClient.sendJSON("POST", "\(live.companyURL)/salesInvoices",
                                                       ["customerId": .string(Fixtures.acme), "salesInvoiceLines": [BCHarness.itemLine(1)]], headers: auth)
        let id = invoice.json["id"]?.stringValue ?? ""
        #expect(try await RawHTTPClient.send("POST", "\(live.companyURL)/salesInvoices(\(id))/Microsoft.NAV.post", headers: auth).status == 204)
        let total = try await RawHTTPClient.send("GET", "\(live.companyURL)/salesInvoices(\(id))", headers: auth).json["totalAmountIncludingTax"]
        let payment = try await RawHTTPClient.sendJSON("POST", "\(live.companyURL)/customerPaymentJournals(\(Fixtures.paymentJournal))/customerPayments",
                                                       ["appliesToInvoiceId": .string(id), "amount": .decimal(-(total?.money ?? 0)), "documentNumber": "nsf-1"], headers: auth)
        #expect(payment.status == 201)
        #expect(try await RawHTTPClient.send("POST", "\(live.companyURL)/journals(\(Fixtures.paymentJournal))/Microsoft.NAV.post", headers: auth).status == 204)
        #expect(try await RawHTTPClient.send("GET", "\(live.companyURL)/salesInvoices(\(id))", headers: auth).json["status"]?.stringValue == "Paid")

        let reversed = try await RawHTTPClient.send("POST", "\(live.root)/_sim/bc/payments/NSF-1/reverse")
        #expect(reversed.status == 200)
        #expect(reversed.json["invoiceId"]?.stringValue == id)
        let reopened = try await RawHTTPClient.send("GET", "\(live.companyURL)/salesInvoices(\(id))", headers: auth)
        #expect(reopened.json["status"]?.stringValue == "Open")
        #expect(reopened.json["remainingAmount"] == total)
        let entries = try await RawHTTPClient.send("GET", "\(live.companyURL)/generalLedgerEntries?$filter=documentNumber%20eq%20'NSF-1'", headers: auth)
        #expect(entries.json["value"]?.arrayValue?.count == 4)
        #expect(try await RawHTTPClient.send("POST", "\(live.root)/_sim/bc/payments/NSF-1/reverse").status == 400)
        #expect(try await RawHTTPClient.send("POST", "\(live.root)/_sim/bc/payments/NOPE/reverse").status == 404)
        await live.stop()
    }

    @Test("issue 3 /_sim: POST /_sim/bc/payments/{documentNumber}/void undoes a partial payment: remainingAmount goes back up (over HTTP)")
    func voidOverHTTP() async throws {
        let live = try await LiveServer.start()
        let token = try await live.token()
        let auth = [("Authorization", "Bearer \(token)")]
        let invoice = try await RawHTTPClient.sendJSON("POST", "\(live.companyURL)/salesInvoices",
                                                       ["customerId": .string(Fixtures.acme), "salesInvoiceLines": [BCHarness.itemLine(2)]], headers: auth)
        let id = invoice.json["id"]?.stringValue ?? ""
        #expect(try await RawHTTPClient.send("POST", "\(live.companyURL)/salesInvoices(\(id))/Microsoft.NAV.post", headers: auth).status == 204)
        let total = try await RawHTTPClient.send("GET", "\(live.companyURL)/salesInvoices(\(id))", headers: auth).json["totalAmountIncludingTax"]?.money ?? 0
        let payment = try await RawHTTPClient.sendJSON("POST", "\(live.companyURL)/customerPaymentJournals(\(Fixtures.paymentJournal))/customerPayments",
                                                       ["appliesToInvoiceId": .string(id), "amount": .decimal(-1), "documentNumber": "void-1"], headers: auth)
        #expect(payment.status == 201)
        #expect(try await RawHTTPClient.send("POST", "\(live.companyURL)/journals(\(Fixtures.paymentJournal))/Microsoft.NAV.post", headers: auth).status == 204)
        let partly = try await RawHTTPClient.send("GET", "\(live.companyURL)/salesInvoices(\(id))", headers: auth)
        #expect(partly.json["remainingAmount"]?.money == total - 1)
        let voided = try await RawHTTPClient.send("POST", "\(live.root)/_sim/bc/payments/VOID-1/void")
        #expect(voided.status == 200)
        #expect(voided.json["reason"]?.stringValue == "voided payment")
        let after = try await RawHTTPClient.send("GET", "\(live.companyURL)/salesInvoices(\(id))", headers: auth)
        #expect(after.json["remainingAmount"]?.money == total)
        #expect(after.json["status"]?.stringValue == "Open")
        #expect(try await RawHTTPClient.send("POST", "\(live.root)/_sim/bc/payments/VOID-1/refund").status == 404)
        await live.stop()
    }
}
