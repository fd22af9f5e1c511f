import GRDB

/// What the console's Overview pane shows: how many work items wait in each state, how old the
/// oldest unposted one is, the last sync run and the head of the audit chain. Every part is an
/// indexed aggregate or a single-row lookup, so it stays fast on a large store.
public struct StoreOverview: Sendable, Equatable {
    public struct Unposted: Sendable, Equatable {
        public var workItemID: Int64
        public var ref: String
        public var createdAt: String
    }

    public struct Run: Sendable, Equatable {
        public var id: Int64
        public var trigger: String
        public var startedAt: String
        public var finishedAt: String?
        public var status: String
        public var error: String?
        public var counts: [FlowCount]
    }

    public struct FlowCount: Sendable, Equatable {
        public var flow: String
        public var received: Int
        public var posted: Int
        public var failed: Int
        public var retried: Int
        public var skipped: Int

        public init(flow: String, received: Int, posted: Int, failed: Int, retried: Int, skipped: Int) {
            self.flow = flow
            self.received = received
            self.posted = posted
            self.failed = failed
            self.retried = retried
            self.skipped = skipped
        }
    }

    public struct AuditHead: Sendable, Equatable {
        public var seq: Int64
        public var hash: String
        public var at: String
    }

    /// Work items per state; states with none are absent.
    public var stateCounts: [WorkItemState: Int]
    public var oldestUnposted: Unposted?
    /// The newest sync run (running or finished).
    public var lastRun: Run?
    /// The newest run that finished, for "last sync N minutes ago".
    public var lastFinishedAt: String?
    public var auditHead: AuditHead?

    /// States a work item waits in before it reaches the ERP (or a person).
    public static let unpostedStates: [WorkItemState] = [.received, .ready, .posting, .retryWait, .blocked, .failed]

    public static func load(in db: Database) throws -> StoreOverview {
        var counts: [WorkItemState: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) FROM work_items GROUP BY state") {
            if let state = WorkItemState(rawValue: row[0]) { counts[state] = row[1] }
        }
        let placeholders = unpostedStates.map { _ in "?" }.joined(separator: ",")
        let oldest = try Row.fetchOne(db, sql: """
            SELECT id, COALESCE(source_ref, source_id), created_at FROM work_items
            WHERE id = (SELECT MIN(id) FROM work_items WHERE state IN (\(placeholders)))
            """, arguments: StatementArguments(unpostedStates.map(\.rawValue)))
            .map { Unposted(workItemID: $0[0], ref: $0[1], createdAt: $0[2]) }
        var run = try Row.fetchOne(db, sql: """
            SELECT id, trigger, started_at, finished_at, status, error FROM sync_runs ORDER BY started_at DESC, id DESC LIMIT 1
            """).map { Run(id: $0[0], trigger: $0[1], startedAt: $0[2], finishedAt: $0[3], status: $0[4], error: $0[5], counts: []) }
        if let id = run?.id {
            run?.counts = try Row.fetchAll(db, sql: """
                SELECT flow, received, posted, failed, retried, skipped FROM sync_run_counts WHERE run_id = ? ORDER BY flow
                """, arguments: [id]).map {
                FlowCount(flow: $0[0], received: $0[1], posted: $0[2], failed: $0[3], retried: $0[4], skipped: $0[5])
            }
        }
        let finished = try String.fetchOne(db, sql: "SELECT MAX(finished_at) FROM sync_runs WHERE finished_at IS NOT NULL")
        let head = try Row.fetchOne(db, sql: "SELECT seq, hash, at FROM audit_events ORDER BY seq DESC LIMIT 1")
            .map { AuditHead(seq: $0[0], hash: $0[1], at: $0[2]) }
        return StoreOverview(stateCounts: counts, oldestUnposted: oldest, lastRun: run, lastFinishedAt: finished,
                             auditHead: head)
    }
}
