import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerCore

/// How a Business Central receivable is read and classified for the payments flow.
@Suite struct InvoicePaymentStateTests {
    @Test("State.of: unpaid, partial, paid, reopened when the remaining amount rose, canceled wins")
    func states() {
        #expect(InvoicePayment.State.of(total: 100, remaining: 100, erpStatus: "Open", rose: false) == .unpaid)
        #expect(InvoicePayment.State.of(total: 100, remaining: 40, erpStatus: "Open", rose: false) == .partial)
        #expect(InvoicePayment.State.of(total: 100, remaining: 0, erpStatus: "Paid", rose: false) == .paid)
        #expect(InvoicePayment.State.of(total: 100, remaining: 40, erpStatus: "Open", rose: true) == .reopened)
        #expect(InvoicePayment.State.of(total: 100, remaining: 0, erpStatus: "Canceled", rose: true) == .canceled)
    }

    @Test("a listing entry becomes a snapshot with exact amounts; drafts are skipped; a malformed entry says what is missing")
    func snapshots() throws {
        let posted = try JSONValue(parsing: """
            {"id":"AB-1","number":"103001","status":"Open","totalAmountIncludingTax":0.30,"remainingAmount":0.1,
             "lastModifiedDateTime":"2026-11-27T10:00:00.123Z"}
            """).objectValue!
        let snapshot = try #require(try PaymentWatchSnapshot(posted))
        #expect(snapshot.erpID == "ab-1")
        #expect(snapshot.paid == Decimal(string: "0.2"))
        #expect(snapshot.remaining + snapshot.paid == snapshot.total)

        let draft = try JSONValue(parsing: #"{"id":"x","status":"Draft","totalAmountIncludingTax":1,"remainingAmount":1}"#).objectValue!
        #expect(try PaymentWatchSnapshot(draft) == nil)

        let broken = try JSONValue(parsing: #"{"id":"y","status":"Open","remainingAmount":"n/a"}"#).objectValue!
        #expect(throws: PaymentWatchSnapshot.Unreadable.self) { _ = try PaymentWatchSnapshot(broken) }
    }

    @Test("amounts for ServiceTrade are rounded to cents, half away from zero")
    func cents() {
        #expect(PaymentWatchProcessor.cents(Decimal(string: "1167.455")!) == Decimal(string: "1167.46")!)
        #expect(PaymentWatchProcessor.cents(Decimal(string: "-0.005")!) == Decimal(string: "-0.01")!)
        #expect(PaymentWatchProcessor.cents(Decimal(string: "2334.9")!) == Decimal(string: "2334.9")!)
    }

    @Test("amounts read with two decimals, exactly")
    func amountText() {
        #expect(InvoicePayment.amountText(454) == "454.00")
        #expect(InvoicePayment.amountText(Decimal(string: "1167.4")!) == "1167.40")
        #expect(InvoicePayment.amountText(Decimal(string: "-0.1")! - Decimal(string: "0.2")!) == "-0.30")
        #expect(InvoicePayment.amountText(Decimal(string: "2334.905")!) == "2334.91")
    }
}
