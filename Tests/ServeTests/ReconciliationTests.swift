import FieldLedgerHTTP
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore
@testable import FieldLedgerServe

/// Reconciliation against the simulators: a missing invoice is found and enqueued (once), a
/// planted amount difference is reported with both sides' values and classified.
@Suite("Reconciliation", .serialized)
struct ReconciliationTests {
    @Test("finds a never-posted invoice and enqueues it once; reports a planted amount difference with both values")
    func missingAndAmount() async throws {
        let company = try await ServeCompany()
        do {
            try await company.engine().runOnce(trigger: "test")
            let reconciliation = Reconciliation(store: company.store, bc: company.bc, st: company.st)
            let baseline = try await reconciliation.run(trigger: "test", by: .engine)
            #expect(baseline.compared >= 10)
            // Whatever the sample data's rounding gives, every amount finding carries both sides and a kind.
            for finding in baseline.findings where finding.kind == .amount {
                #expect(finding.source.total != nil && finding.erp.total != nil)
                #expect(["tax", "lines"].contains(finding.detail))
            }
            // Anything else can only be a sample invoice that failed validation: reported, never re-enqueued.
            for finding in baseline.findings where finding.kind != .amount {
                #expect(finding.workItemState == "failed" && !finding.enqueued)
            }

            // INV-26060 approved but never taken in; INV-26061 approved, with a different document planted in BC.
            try await company.approve(60)
            try await company.approve(61)
            let planted = try await company.bc.create("salesInvoices", body: [
                "customerNumber": "C10001", "externalDocumentNumber": "INV-26061",
                "salesInvoiceLines": [["lineType": "Account", "lineObjectNumber": "41100", "quantity": 1, "unitPrice": 5]],
            ])
            let plantedTotal = try #require(planted["totalAmountIncludingTax"]?.decimalValue)
            // INV-26001 is posted, but someone marks it failed in ServiceTrade.
            try await company.st.update("invoice", id: "1", ["status": "failed"])

            let report = try await reconciliation.run(trigger: "test", by: .engine)
            #expect(!report.inAgreement)
            let missing = try #require(report.findings.first { $0.invoiceNumber == "INV-26060" })
            #expect(missing.kind == .missing)
            #expect(missing.enqueued)
            #expect(try company.workItemState(sourceID: "60") == "received")
            let channel = try company.store.read { db in
                try String.fetchOne(db, sql: "SELECT channel FROM inbox WHERE entity = 'invoice' AND source_id = '60'")
            }
            #expect(channel == "reconcile")

            let amount = try #require(report.findings.first { $0.invoiceNumber == "INV-26061" && $0.kind == .amount })
            #expect(amount.detail == "lines")
            #expect(amount.source.total == Decimal(string: "1669.45"))  // INV-26061's totalPrice in the sample data
            #expect(amount.erp.total == plantedTotal)
            #expect(amount.amountDifference == amount.source.total.map { $0 - plantedTotal })
            #expect(report.findings.contains { $0.invoiceNumber == "INV-26061" && $0.detail == "draft_in_erp" })
            let failedInST = try #require(report.findings.first { $0.invoiceNumber == "INV-26001" })
            #expect(failedInST.kind == .status)
            #expect(failedInST.detail == "posted_source_failed")
            #expect(failedInST.source.status == "failed")
            #expect(failedInST.erp.status != nil && failedInST.erp.status != "Draft")

            let row = try company.store.read { db in
                try Row.fetchOne(db, sql: "SELECT status, missing, amount_differences, enqueued FROM reconciliation_runs WHERE id = ?",
                                 arguments: [report.runID])
            }
            #expect(row?["status"] as String? == "differences")
            #expect(row?["missing"] as Int? == 1)
            #expect((row?["amount_differences"] as Int? ?? 0) >= 1)
            #expect(row?["enqueued"] as Int? == 1)
            let audited = try company.store.read { db in
                try AuditLog.events(forSubject: "reconciliation_run:\(report.runID)", in: db).map(\.action)
            }
            #expect(audited == ["reconcile.run"])

            // Run again: the missing invoice is already queued, so it is reported, not enqueued twice.
            let again = try await reconciliation.run(trigger: "test", by: .engine)
            let still = try #require(again.findings.first { $0.invoiceNumber == "INV-26060" })
            #expect(!still.enqueued)
            #expect(still.workItemState == "received")
            let items = try company.store.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM work_items WHERE source_id = '60'") ?? 0
            }
            #expect(items == 1)
        } catch {
            await company.stop()
            throw error
        }
        await company.stop()
    }
}
