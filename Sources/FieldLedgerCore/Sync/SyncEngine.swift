import FieldLedgerHTTP
import Foundation
import GRDB
import Logging

/// One sync cycle: refresh Business Central reference data, take in approved ServiceTrade
/// invoices, and move every due work item forward, a few at a time. Each cycle is a
/// `sync_runs` row with counts per flow and an audit event.
public final class SyncEngine: Sendable {
    public struct Settings: Sendable {
        /// Work items processed at once (Business Central allows 5 concurrent requests per user).
        public var workers: Int
        public var retry: RetryPolicy

        public init(workers: Int = 4, retry: RetryPolicy = RetryPolicy()) {
            self.workers = max(1, min(workers, 5))
            self.retry = retry
        }
    }

    /// What one cycle did.
    public struct RunSummary: Sendable, Equatable {
        public var runID: Int64
        public var referenceChanged: Int
        public var received: Int
        public var posted: Int
        public var failed: Int
        public var blocked: Int
        public var retrying: Int
    }

    let store: Store
    let bc: BusinessCentralClient
    let st: ServiceTradeClient
    let settings: Settings
    let logger: Logger

    public init(store: Store, bc: BusinessCentralClient, st: ServiceTradeClient, settings: Settings = Settings(),
                logger: Logger = Logger(label: "fieldledger.sync")) {
        self.store = store
        self.bc = bc
        self.st = st
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
        var summary = RunSummary(runID: runID, referenceChanged: 0, received: 0, posted: 0, failed: 0, blocked: 0, retrying: 0)
        do {
            summary.referenceChanged = try await ReferenceDataRefresh(client: bc, store: store).run().reduce(0) { $0 + $1.changed }
            summary.received = try await InvoiceIntake(st: st, store: store).run()
            try await processDueInvoices(&summary)
            try finish(summary, status: "ok", error: nil)
        } catch {
            try? finish(summary, status: "failed", error: "\(error)")
            throw error
        }
        return summary
    }

    /// Work items that can move now: new, ready, in doubt, due for a retry, or waiting for a
    /// customer that may have arrived. Failed items wait for a person (`fieldledger retry`).
    func dueInvoiceItems() throws -> [WorkItem] {
        try store.read { db in
            try WorkItem.fetchAll(db, sql: """
                SELECT * FROM work_items WHERE flow = 'invoice.post' AND (
                    state IN ('received', 'ready', 'posting')
                    OR (state = 'retry_wait' AND (next_attempt_at IS NULL OR next_attempt_at <= ?))
                    OR (state = 'blocked' AND error_code = 'MISSING_CUSTOMER'))
                ORDER BY id
                """, arguments: [Timestamp.now()])
        }
    }

    private func processDueInvoices(_ summary: inout RunSummary) async throws {
        let items = try dueInvoiceItems()
        guard !items.isEmpty else { return }
        let validator = try store.read { db in
            InvoiceValidator(resolver: try PostingRuleResolver.load(db), reference: try ReferenceIndex.load(db))
        }
        let processor = InvoiceProcessor(store: store, bc: bc, st: st, companies: CompanyDirectory(st: st), retry: settings.retry)
        var outcomes: [InvoiceProcessor.Outcome] = []
        await withTaskGroup(of: InvoiceProcessor.Outcome.self) { group in
            var next = 0
            func startNext() {
                guard next < items.count else { return }
                let item = items[next]
                next += 1
                group.addTask { await processor.process(item, validator: validator) }
            }
            for _ in 0..<settings.workers { startNext() }
            while let outcome = await group.next() {
                outcomes.append(outcome)
                startNext()
            }
        }
        for outcome in outcomes {
            switch outcome {
            case .posted: summary.posted += 1
            case .failed: summary.failed += 1
            case .blocked: summary.blocked += 1
            case .retrying: summary.retrying += 1
            }
        }
    }

    private func finish(_ summary: RunSummary, status: String, error: String?) throws {
        try store.write { db in
            try db.execute(sql: "UPDATE sync_runs SET finished_at = ?, status = ?, error = ? WHERE id = ?",
                           arguments: [Timestamp.now(), status, error, summary.runID])
            try db.execute(sql: """
                INSERT INTO sync_run_counts (run_id, flow, received, posted, failed, retried, skipped) VALUES (?, 'invoice.post', ?, ?, ?, ?, ?)
                """, arguments: [summary.runID, summary.received, summary.posted, summary.failed, summary.retrying, summary.blocked])
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
