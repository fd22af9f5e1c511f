import FieldLedgerCore

/// One row of the key table: the keys, the command, what it does, where it applies, whether
/// the function-key bar shows it and which role it needs. Dispatch, the key bar, mouse
/// hit-testing of the bar and the help screen are all generated from these rows.
public struct KeyBinding: Sendable, Equatable {
    public enum Scope: Sendable, Equatable {
        case global
        case panes(Set<Pane>)
        case trace
        case help
        /// The rule editor's form (Mappings), or its preview.
        case ruleForm
        case rulePreview
    }

    public var keys: [Key]
    public var command: Command
    public var description: String
    /// The key bar's short label ("Retry"); nil keeps it out of the bar.
    public var barLabel: String?
    public var scope: Scope
    /// The role the core requires for the command; hidden from bar and help without it.
    public var needsRole: Role?

    public init(_ keys: [Key], _ command: Command, _ description: String, bar: String? = nil,
                scope: Scope = .global, needsRole: Role? = nil) {
        self.keys = keys
        self.command = command
        self.description = description
        self.barLabel = bar
        self.scope = scope
        self.needsRole = needsRole
    }

    /// "F1, ?" style: every key of the binding.
    public func keyLabel(ascii: Bool) -> String {
        keys.map { ascii ? $0.asciiLabel : $0.label }.joined(separator: ", ")
    }
}
