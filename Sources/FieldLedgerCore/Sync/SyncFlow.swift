import Foundation
import GRDB
import Logging

/// One kind of work the engine moves (`invoice.post`, `invoice.void`, `creditmemo.post`,
/// `payments.watch`, …). Each flow takes in its source records and moves its due work items in
/// one call per cycle; the engine runs the flows in order and writes their counts.
protocol SyncFlow: Sendable {
    /// The `work_items.flow` / `sync_run_counts.flow` name.
    var name: String { get }
    func run(_ cycle: SyncCycle) async throws -> FlowCounts
}

/// What one flow did in one cycle: a `sync_run_counts` row.
public struct FlowCounts: Sendable, Equatable {
    public var flow: String
    public var received = 0
    public var posted = 0
    public var failed = 0
    public var blocked = 0
    public var retrying = 0

    public init(flow: String) { self.flow = flow }

    mutating func record(_ outcome: WorkOutcome) {
        switch outcome {
        case .posted: posted += 1
        case .failed: failed += 1
        case .blocked: blocked += 1
        case .retrying: retrying += 1
        }
    }
}

/// Where one attempt at a work item left it.
enum WorkOutcome: Sendable { case posted, failed, blocked, retrying }

/// What every flow needs during one cycle: the connectors, the store, the settings, the rules and
/// reference data (kept current: `CycleRules`), and the per-cycle caches.
struct SyncCycle: Sendable {
    let store: Store
    let bc: BusinessCentralClient
    let st: ServiceTradeClient
    /// Nil when `[partsmanager]` is not configured.
    var pm: PartsManagerClient? = nil
    let settings: SyncEngine.Settings
    let logger: Logger
    let rules: CycleRules
    let companies: CompanyDirectory

    /// The rules and reference data as last loaded. Work items are validated with the one
    /// `processDue` hands them, loaded after their page was selected.
    var validator: InvoiceValidator { rules.validator }

    /// Runs `body` over `items` with at most `settings.workers` at once (Business Central allows
    /// five requests in flight per user) and counts the outcomes.
    func process(_ items: [WorkItem], into counts: inout FlowCounts,
                 _ body: @escaping @Sendable (WorkItem) async -> WorkOutcome) async {
        guard !items.isEmpty else { return }
        var outcomes: [WorkOutcome] = []
        await withTaskGroup(of: WorkOutcome.self) { group in
            var next = 0
            func startNext() {
                guard next < items.count else { return }
                let item = items[next]
                next += 1
                group.addTask { await body(item) }
            }
            for _ in 0..<settings.workers { startNext() }
            while let outcome = await group.next() {
                outcomes.append(outcome)
                startNext()
            }
        }
        for outcome in outcomes { counts.record(outcome) }
    }

    /// Work items of `flow` that can move now: new, ready, in doubt, due for a retry, or blocked
    /// on a prerequisite (`blockedCodes`) that may have arrived. Failed items wait for a person.
    /// Keyset-paged by id (`after`), so a cycle walks any backlog in bounded memory and takes
    /// each item at most once.
    func dueItems(flow: String, blockedCodes: [String] = [], after: Int64 = 0, limit: Int = 500) throws -> [WorkItem] {
        let blocked = blockedCodes.isEmpty ? "" :
            " OR (state = 'blocked' AND error_code IN (\(blockedCodes.map { _ in "?" }.joined(separator: ","))))"
        return try store.read { db in
            try WorkItem.fetchAll(db, sql: """
                SELECT * FROM work_items WHERE flow = ? AND id > ? AND (
                    state IN ('received', 'ready', 'posting')
                    OR (state = 'retry_wait' AND (next_attempt_at IS NULL OR next_attempt_at <= ?))\(blocked))
                ORDER BY id LIMIT ?
                """, arguments: StatementArguments(
                    [flow, after, Timestamp.now()] as [any DatabaseValueConvertible] + blockedCodes + [limit]))
        }
    }

    /// Moves every due item of `flow`, a page at a time, through `body` on the worker pool, with
    /// the rules as they are once the page is selected: an item retried after a rule fix is never
    /// validated against the rules from before the fix.
    func processDue(flow: String, blockedCodes: [String] = [], into counts: inout FlowCounts,
                    _ body: @escaping @Sendable (WorkItem, InvoiceValidator) async -> WorkOutcome) async throws {
        var after: Int64 = 0
        while true {
            let page = try dueItems(flow: flow, blockedCodes: blockedCodes, after: after)
            guard let last = page.last?.id else { return }
            let validator = try rules.current()
            await process(page, into: &counts) { await body($0, validator) }
            after = last
        }
    }
}
