/// What a user may do. Roles are ordered: each includes the rights of the ones before it, so a
/// `finance` user may also retry and view.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// Read everything: sync log, failures, traces, mappings, payments.
    case viewer
    /// Also retry and dismiss records, couple and uncouple links.
    case `operator`
    /// Also edit mapping and posting rules.
    case finance

    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
    private var rank: Int {
        switch self {
        case .viewer: 0
        case .operator: 1
        case .finance: 2
        }
    }
    public var description: String { rawValue }
}

/// Who is acting: an OS user (each SSH operator is one) with the groups they belong to, or the
/// sync engine itself. Recorded as the `actor` of every audit event.
public struct ActingUser: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let groups: [String]
    public let isEngine: Bool

    public init(name: String, groups: [String] = []) {
        self.name = name
        self.groups = groups
        self.isEngine = false
    }

    private init(engine: ()) {
        self.name = "engine"
        self.groups = []
        self.isEngine = true
    }

    /// The sync engine acting on its own (polling, posting, retries it schedules).
    public static let engine = ActingUser(engine: ())
    public var description: String { name }
}
