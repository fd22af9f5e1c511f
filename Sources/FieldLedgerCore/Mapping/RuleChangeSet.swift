/// A proposed change to the posting rules: rules to add and live rules to retire, with the
/// reason finance gives. Replacing a rule is retiring it and adding its successor in one change.
public struct RuleChangeSet: Sendable, Equatable {
    public var add: [PostingRule]
    public var retire: [Int64]
    public var reason: String

    public init(add: [PostingRule] = [], retire: [Int64] = [], reason: String) {
        self.add = add
        self.retire = retire
        self.reason = reason
    }

    public var isEmpty: Bool { add.isEmpty && retire.isEmpty }

    /// The live rules as they would be after this change (new rules have no id yet).
    func applied(to live: [PostingRule]) -> [PostingRule] {
        let gone = Set(retire)
        return live.filter { !gone.contains($0.id ?? -1) } + add
    }
}

/// One saved change: its version number, who made it, when, why, and the rows it added and retired.
public struct RuleVersion: Sendable, Equatable {
    public var version: Int64
    public var at: String
    public var author: String
    public var reason: String
    public var added: [PostingRule]
    public var retired: [PostingRule]
    /// The version a rollback restored.
    public var rollbackOf: Int64?
}
