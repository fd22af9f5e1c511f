import FieldLedgerCore
import Foundation

// The console's view models: what the panes draw. They are built only by `ConsoleData`, which
// sanitises every string from the store on the way in.

/// One line of the sync log: an audit event, summarised.
public struct LogRow: Sendable, Equatable {
    public var seq: Int64
    public var at: String
    public var actor: String
    public var action: String
    public var subject: String
    public var workItemID: Int64?
    /// The state it moved to, when the event is a state change.
    public var state: String?
    /// "ready → failed UNMAPPED_GL_ACCOUNT: No GL rule …"
    public var summary: String

    public init(seq: Int64, at: String, actor: String, action: String, subject: String, workItemID: Int64?,
                state: String?, summary: String) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.workItemID = workItemID
        self.state = state
        self.summary = summary
    }

    /// What `Enter` traces and `y` copies: the work item when there is one, else the subject.
    public var reference: String? {
        if let workItemID { return "wi:\(workItemID)" }
        return subject.isEmpty || subject == "command" ? nil : subject
    }
}

/// The Overview pane's numbers.
public struct OverviewModel: Sendable, Equatable {
    public var stateCounts: [WorkItemState: Int]
    public var oldestUnposted: (ref: String, id: Int64, createdAt: Date?)?
    public var lastRun: RunModel?
    public var lastFinishedAt: Date?
    public var auditHead: (seq: Int64, hash: String, at: String)?
    /// The latest engine heartbeat; nil when no engine ever beat on this store.
    public var engine: EngineHealthModel? = nil
    /// Records posted per minute over the last hour, oldest first (`ThroughputQuery`).
    public var throughput: [Int] = []

    public struct RunModel: Sendable, Equatable {
        public var id: Int64
        public var trigger: String
        public var status: String
        public var startedAt: Date?
        public var finishedAt: Date?
        public var error: String?
        public var counts: [StoreOverview.FlowCount]
    }

    public static func == (a: OverviewModel, b: OverviewModel) -> Bool {
        a.stateCounts == b.stateCounts && a.oldestUnposted?.id == b.oldestUnposted?.id
            && a.lastRun == b.lastRun && a.lastFinishedAt == b.lastFinishedAt && a.auditHead?.seq == b.auditHead?.seq
            && a.engine == b.engine && a.throughput == b.throughput
    }
}

/// A failure group with its records.
public struct FailureGroupModel: Sendable, Equatable {
    public var code: String
    public var object: String?
    public var state: WorkItemState
    public var count: Int
    public var remedy: String?
    public var message: String?
    public var records: [FailureRecord]

    /// Identity across reloads (expansion survives a refresh).
    public var key: String { "\(state.rawValue)|\(code)|\(object ?? "")" }
}

public struct FailureRecord: Sendable, Equatable {
    public var id: Int64
    public var ref: String
}

/// The Trace view of one record.
public struct TraceModel: Sendable, Equatable {
    public var reference: String
    public var subject: String
    public var inERP: Bool
    public var state: String
    public var why: String?
    public var workItems: [Item]
    public var documents: [Document]
    public var events: [LogRow]

    public struct Item: Sendable, Equatable {
        public var id: Int64
        public var flow: String
        public var state: String
        public var ref: String
        public var attempts: Int
        public var error: String?
        public var remedy: String?
    }

    public struct Document: Sendable, Equatable {
        public var system: String
        public var kind: String
        public var number: String?
        public var id: String
    }
}

/// Whether the audit chain was checked and what was found.
public enum ChainState: Sendable, Equatable {
    case unchecked
    case checking
    case intact(events: Int)
    case broken(String)
}
