import FieldLedgerHTTP
import FieldLedgerSim
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore

/// Payments back from Business Central to ServiceTrade over real HTTP against the simulators:
/// payments are made in BC through its API (customer payment journal → `journals({id})/post`),
/// reversed through the simulator's NSF control, and the engine's cycles must make ServiceTrade
/// agree — once, however often the same state is seen again.
@Suite("Engine: payments back from Business Central", .serialized)
struct PaymentsBackTests {
    /// ServiceTrade invoice 8 (INV-26008): the sample's `pay-half` / `nsf-reverse` invoice.
    static let invoiceID = "8"

    @Test("a partial payment, the rest, an NSF reversal: ServiceTrade follows; replaying the same BC state changes nothing")
    func partialFullReversalReplay() async throws {
        let company = try await SimulatedCompany()
        let engine = company.engine()
        try await engine.runOnce()
        let link = try #require(try company.store.read { db in
            try Link.fetchOne(db, sql: "SELECT * FROM links WHERE kind = 'salesInvoice' AND source_id = ?", arguments: [Self.invoiceID])
        })
        let before = try #require(try await company.bc.get("salesInvoices(\(link.erpId))"))
        let total = try #require(before["totalAmountIncludingTax"]?.decimalValue)
        let half = PaymentWatchProcessor.cents(total / 2)
        #expect(try row(company, link)?.paymentState == .unpaid)

        // Half paid in Business Central → partial; ServiceTrade gets one payment of that amount.
        _ = try await pay(company, invoice: link.erpId, amount: half)
        let partial = try await engine.runOnce()
        #expect(partial.counts(PaymentWatchFlow.name).received == 1)
        #expect(partial.counts(PaymentWatchFlow.name).posted == 1)
        #expect(try row(company, link)?.paymentState == .partial)
        #expect(try row(company, link)?.remainingAmount == total - half)
        var stInvoice = try #require(try await company.st.get("invoice", id: Self.invoiceID))
        #expect(stInvoice["amountPaid"]?.decimalValue == half)
        #expect(stInvoice["status"]?.stringValue == "processed")
        #expect(try await ourPayments(company).map(\.amount) == [half])
        #expect(try actions(company).filter { $0 == "payment.applied" }.count == 1)

        // The rest → paid in both systems.
        let rest = try await pay(company, invoice: link.erpId, amount: total - half)
        try await engine.runOnce()
        #expect(try row(company, link)?.paymentState == .paid)
        stInvoice = try #require(try await company.st.get("invoice", id: Self.invoiceID))
        #expect(stInvoice["status"]?.stringValue == "paid")
        #expect(stInvoice["amountPaid"]?.decimalValue == total)
        #expect(try actions(company).contains("invoice.paid"))

        // The second payment bounces (NSF): remaining goes back up → reopened.
        let reversal = try await company.http.send(HTTPRequest(method: .post, url: company.server.baseURL! + "/_sim/bc/payments/\(rest)/reverse"))
        #expect(reversal.status == 200)
        try await engine.runOnce()
        let reopened = try #require(try row(company, link))
        #expect(reopened.paymentState == .reopened)
        #expect(reopened.remainingAmount == total - half)
        #expect(reopened.stStatus == "processed")
        stInvoice = try #require(try await company.st.get("invoice", id: Self.invoiceID))
        #expect(stInvoice["status"]?.stringValue == "processed")
        #expect(stInvoice["amountPaid"]?.decimalValue == half)
        #expect(try await ourPayments(company).map(\.amount) == [half, total - half, -(total - half)])
        let trail = try actions(company)
        #expect(trail.contains("payment.reversed") && trail.contains("invoice.reopened"))

        // Replay: another cycle, then a cursor reset and a cycle: nothing moves anywhere.
        let settled = try snapshot(company)
        let stPayments = try await company.st.list("payment", plural: "payments").count
        let again = try await engine.runOnce()
        #expect(again.counts(PaymentWatchFlow.name) == FlowCounts(flow: PaymentWatchFlow.name))
        try company.store.write { db in
            try db.execute(sql: "DELETE FROM cursors WHERE system = 'businesscentral' AND entity = ?",
                           arguments: [PaymentWatchIntake.cursorEntity])
        }
        let replay = try await engine.runOnce()
        #expect(replay.counts(PaymentWatchFlow.name) == FlowCounts(flow: PaymentWatchFlow.name))
        #expect(try snapshot(company) == settled)
        #expect(try await company.st.list("payment", plural: "payments").count == stPayments)
        #expect(try company.store.read { db in try AuditVerifier.verify(db) }.isIntact)
        await company.stop()
    }

    @Test("ServiceTrade failing or dropping answers after committing: the payment is retried and recorded exactly once")
    func serviceTradeFaults() async throws {
        let company = try await SimulatedCompany(seed: 5)
        let engine = company.engine()
        try await engine.runOnce()
        let link = try #require(try company.store.read { db in
            try Link.fetchOne(db, sql: "SELECT * FROM links WHERE kind = 'salesInvoice' AND source_id = ?", arguments: [Self.invoiceID])
        })
        _ = try await pay(company, invoice: link.erpId, amount: 100)
        try await company.setFaults("st:5xx=0.3,drop-after-commit=0.4")
        var cycles = 0
        var open = Int.max
        var succeeded = false
        while open > 0 || !succeeded, cycles < 40 {
            cycles += 1
            succeeded = (try? await engine.runOnce()) != nil
            open = try company.store.read { db in
                try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM work_items WHERE flow = ? AND state IN ('received','ready','posting','retry_wait')
                    """, arguments: [PaymentWatchFlow.name]) ?? 0
            }
        }
        #expect(open == 0, "settled within \(cycles) cycles")
        try await company.setFaults("")
        try await engine.runOnce()
        #expect(try await ourPayments(company).map(\.amount) == [100])
        #expect(try await company.st.get("invoice", id: Self.invoiceID)?["amountPaid"]?.decimalValue == 100)
        #expect(try row(company, link)?.paymentState == .partial)
        await company.stop()
    }

    @Test("posting costs exactly two Business Central requests per invoice (create, post); the watch lists them in one page")
    func twoRequestsPerInvoice() async throws {
        let company = try await SimulatedCompany(logRequests: true)
        let summary = try await company.engine().runOnce()
        let posted = summary.counts("invoice.post").posted
        #expect(posted == 167)
        let text = try String(contentsOfFile: company.requestLogPath, encoding: .utf8)
        let requests = try text.split(separator: "\n").map { line -> (method: String, path: String) in
            let json = try JSONValue(parsing: String(line))
            return (json["method"]?.stringValue ?? "", json["path"]?.stringValue ?? "")
        }.filter { $0.path.contains("/salesInvoices") }
        let creates = requests.filter { $0.method == "POST" && $0.path.hasSuffix("/salesInvoices") }
        let posts = requests.filter { $0.method == "POST" && $0.path.contains("/salesInvoices(") && $0.path.hasSuffix("/Microsoft.NAV.post") }
        let otherPerInvoice = requests.filter { $0.path.contains("/salesInvoices(") && !$0.path.hasSuffix("/Microsoft.NAV.post") }
        let listings = requests.filter { $0.method == "GET" && $0.path.hasSuffix("/salesInvoices") }
        #expect(creates.count == posted)
        #expect(posts.count == posted)
        #expect(otherPerInvoice.isEmpty, "per-invoice requests beyond create and post: \(otherPerInvoice.prefix(3))")
        #expect(listings.count == 1, "the payments watch's one listing (no in-doubt lookups without faults)")
        await company.stop()
    }

    @Test("the posted number reaches the link, the audit trail, trace and ServiceTrade's external id in the same cycle")
    func postedNumberAssigned() async throws {
        let company = try await SimulatedCompany()
        try await company.engine().runOnce()
        let link = try #require(try company.store.read { db in
            try Link.fetchOne(db, sql: "SELECT * FROM links WHERE kind = 'salesInvoice' AND source_ref = 'INV-26001'")
        })
        let invoice = try #require(try await company.bc.get("salesInvoices(\(link.erpId))"))
        let number = try #require(invoice["number"]?.stringValue)
        #expect(link.erpNumber == number)
        let stInvoice = try #require(try await company.st.get("invoice", id: link.sourceId))
        #expect(stInvoice["externalIds"]?["business_central"]?.stringValue == number)
        let assigned = try company.store.read { db in
            try AuditEvent.fetchAll(db, sql: "SELECT * FROM audit_events WHERE action = 'erp.number_assigned' AND subject = ?",
                                    arguments: ["servicetrade:invoice:\(link.sourceId)"])
        }
        #expect(assigned.count == 1)
        guard case .found(let report) = try company.store.read({ db in try TraceLookup.find(number, in: db) }) else {
            Issue.record("trace does not find the posted number \(number)")
            await company.stop()
            return
        }
        #expect(report.links.first?.erpNumber == number)
        // Every posted invoice has its number and an unpaid row; nothing is left to tell ServiceTrade.
        let (unnumbered, rows) = try company.store.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM links WHERE kind = 'salesInvoice' AND erp_number IS NULL") ?? -1,
             try PaymentStatusQuery.counts(in: db))
        }
        #expect(unnumbered == 0)
        #expect(rows[.unpaid] == 167)
        await company.stop()
    }

    // MARK: - Helpers

    /// Pays `amount` of invoice `invoice` the way a BC user does through the API: a customer
    /// payment line applied to it (negative: a receipt), then `journals({id})/Microsoft.NAV.post`.
    /// Returns the payment's document number.
    private func pay(_ company: SimulatedCompany, invoice: String, amount: Decimal) async throws -> String {
        let journal = try #require(try await company.bc.list("customerPaymentJournals").first?["id"]?.stringValue)
        let line = try await company.bc.create("customerPaymentJournals(\(journal))/customerPayments",
                                               body: ["appliesToInvoiceId": .string(invoice), "amount": .decimal(-amount)])
        try await company.bc.action("journals(\(journal))", "post")
        return try #require(line["documentNumber"]?.stringValue)
    }

    private func row(_ company: SimulatedCompany, _ link: Link) throws -> InvoicePayment? {
        try company.store.read { db in try InvoicePayment.fetchOne(db, key: link.id) }
    }

    private func ourPayments(_ company: SimulatedCompany) async throws -> [ServiceTradeClient.Payment] {
        try await company.st.payments(invoiceID: Self.invoiceID).filter { $0.referenceNumber?.hasPrefix("BC:") == true }
    }

    private func actions(_ company: SimulatedCompany) throws -> [String] {
        try company.store.read { db in
            try String.fetchAll(db, sql: "SELECT action FROM audit_events WHERE subject = ? ORDER BY seq",
                                arguments: ["servicetrade:invoice:\(Self.invoiceID)"])
        }
    }

    /// Everything the payments flow writes: rows, its work items, its audit events.
    private func snapshot(_ company: SimulatedCompany) throws -> [String] {
        try company.store.read { db in
            try String.fetchAll(db, sql: """
                SELECT link_id || '|' || erp_status || '|' || remaining || '|' || payment_state || '|' || COALESCE(st_status, '')
                       || '|' || COALESCE(last_event_at, '') || '|' || updated_at FROM invoice_payments
                UNION ALL SELECT 'wi|' || COUNT(*) FROM work_items
                UNION ALL SELECT 'audit|' || COUNT(*) FROM audit_events WHERE action LIKE 'payment.%' OR action LIKE 'invoice.%'
                    OR action = 'erp.number_assigned'
                """)
        }
    }
}
