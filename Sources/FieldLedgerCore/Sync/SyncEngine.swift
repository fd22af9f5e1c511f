import FieldLedgerHTTP
import Foundation
import GRDB
import Logging

/// One sync cycle: refresh Business Central reference data, take in approved ServiceTrade
/// invoices, and move every due work item forward, a few at a time. Each cycle is a
/// `sync_runs` row with counts per flow and an audit event.
public final class SyncEngine: Sendable {
    public struct Settings: Sendable {
        /// Work items processed at once. More than Business Central's 5 requests in flight per user
        /// (the client's `RequestLimiter` holds that line): a worker also waits on ServiceTrade and
        /// the store, and meanwhile another can use the Business Central slot.
        public var workers: Int
        public var retry: RetryPolicy
        /// Create the Business Central customer of an invoice whose company has none
        /// (`sync.create_missing_customers`); otherwise the invoice waits, blocked.
        public var createMissingCustomers: Bool
        /// `[procurement] ap_invoices`: post PartsManager vendor bills as purchase invoices.
        public var apInvoices: Bool

        public init(workers: Int = 8, retry: RetryPolicy = RetryPolicy(), createMissingCustomers: Bool = false,
                    apInvoices: Bool = false) {
            self.workers = max(1, min(workers, 16))
            self.retry = retry
            self.createMissingCustomers = createMissingCustomers
            self.apInvoices = apInvoices
        }
    }

    /// What one cycle did: per flow, and summed.
    public struct RunSummary: Sendable, Equatable {
        public var runID: Int64
        public var referenceChanged: Int
        public var flows: [FlowCounts]

        public var received: Int { flows.reduce(0) { $0 + $1.received } }
        public var posted: Int { flows.reduce(0) { $0 + $1.posted } }
        public var failed: Int { flows.reduce(0) { $0 + $1.failed } }
        public var blocked: Int { flows.reduce(0) { $0 + $1.blocked } }
        public var retrying: Int { flows.reduce(0) { $0 + $1.retrying } }

        public func counts(_ flow: String) -> FlowCounts { flows.first { $0.flow == flow } ?? FlowCounts(flow: flow) }

        /// One line for people: the reference refresh, then each flow that did something
        /// (`invoice.post` always), e.g. "invoice.post: 173 received, 167 posted, 5 failed, 1 blocked".
        public var text: String {
            var parts = ["\(referenceChanged) reference records refreshed"]
            for counts in flows where counts.flow == InvoicePostFlow.name || counts != FlowCounts(flow: counts.flow) {
                let figures = [("received", counts.received), ("posted", counts.posted), ("failed", counts.failed),
                               ("blocked", counts.blocked), ("waiting to retry", counts.retrying)]
                    .filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }
                parts.append("\(counts.flow): " + (figures.isEmpty ? "nothing to do" : figures.joined(separator: ", ")))
            }
            return parts.joined(separator: "; ")
        }
    }

    /// The flows of one cycle, in order:
    /// Master data first — customers (invoices need them), their contacts, jobs → projects
    /// (timecards need them) — then invoices, credit memos, voids, timecards, and last the
    /// payments watch (which reads what the document flows left in Business Central).
    let flows: [any SyncFlow] = [CustomerSyncFlow(),
                                 ContactSyncFlow(),
                                 JobProjectFlow(),
                                 PartsManagerPushFlow.vendors,
                                 PartsManagerPushFlow.items,
                                 InvoicePostFlow(), CreditMemoPostFlow(), InvoiceVoidFlow(),
                                 TimecardFlow(costCodes: { RuleCostCodes(resolver: $0) }),
                                 PurchaseOrderFlow(),
                                 PurchaseReceiptFlow(),
                                 VendorBillFlow(),
                                 StockAdjustmentFlow(),
                                 PaymentWatchFlow()]

    let store: Store
    let bc: BusinessCentralClient
    let st: ServiceTradeClient
    /// PartsManager, when `[partsmanager]` is configured: vendors and items are pushed there and
    /// the procurement flows read from it; without it those flows do nothing.
    let pm: PartsManagerClient?
    let settings: Settings
    let logger: Logger

    public init(store: Store, bc: BusinessCentralClient, st: ServiceTradeClient, pm: PartsManagerClient? = nil,
                settings: Settings = Settings(), logger: Logger = Logger(label: "fieldledger.sync")) {
        self.store = store
        self.bc = bc
        self.st = st
        self.pm = pm
        self.settings = settings
        self.logger = logger
    }

    /// Runs one cycle. A failure to reach a system ends the cycle (recorded as failed) and is
    /// rethrown; work items already moved keep their state.
    @discardableResult
    public func runOnce(trigger: String = "once") async throws -> RunSummary {
        let runID = try store.write { db -> Int64 in
            try db.execute(sql: "INSERT INTO sync_runs (trigger, started_at, status) VALUES (?, ?, 'running')",
                           arguments: [trigger, Timestamp.now()])
            return db.lastInsertedRowID
        }
        var summary = RunSummary(runID: runID, referenceChanged: 0, flows: [])
        do {
            summary.referenceChanged = try await ReferenceDataRefresh(client: bc, store: store).run().reduce(0) { $0 + $1.changed }
            let cycle = SyncCycle(store: store, bc: bc, st: st, pm: pm, settings: settings, logger: logger,
                                  rules: try CycleRules(store: store),
                                  companies: CompanyDirectory(st: st))
            for flow in flows { summary.flows.append(try await flow.run(cycle)) }
            try finish(summary, status: "ok", error: nil)
        } catch {
            try? finish(summary, status: "failed", error: "\(error)")
            throw error
        }
        return summary
    }

    private func finish(_ summary: RunSummary, status: String, error: String?) throws {
        try store.write { db in
            try db.execute(sql: "UPDATE sync_runs SET finished_at = ?, status = ?, error = ? WHERE id = ?",
                           arguments: [Timestamp.now(), status, error, summary.runID])
            for counts in summary.flows {
                try db.execute(sql: """
                    INSERT INTO sync_run_counts (run_id, flow, received, posted, failed, retried, skipped) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [summary.runID, counts.flow, counts.received, counts.posted, counts.failed,
                                     counts.retrying, counts.blocked])
            }
            var details: JSONObject = ["run": .number(JSONNumber(summary.runID)), "status": .string(status),
                                       "referenceChanged": .int(summary.referenceChanged), "received": .int(summary.received),
                                       "posted": .int(summary.posted), "failed": .int(summary.failed),
                                       "blocked": .int(summary.blocked), "retrying": .int(summary.retrying)]
            if let error { details["error"] = .string(error) }
            try AuditLog.append(NewAuditEvent(actor: .engine, action: "sync.run", subject: "sync_run:\(summary.runID)",
                                              details: details), in: db)
        }
    }
}
