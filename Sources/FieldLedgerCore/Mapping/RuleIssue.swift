/// One thing wrong with a proposed rule, located as precisely as we can (the CSV line and column,
/// or the rule's position in the change), with what to do about it. Every message is written
/// here, so the same problem reads the same way in the CLI, the console and the CSV import.
public struct RuleIssue: Sendable, Equatable, CustomStringConvertible {
    /// Stable code: BAD_VALUE, MISSING_VALUE, UNUSED_COLUMN, TIE, DUPLICATE, UNKNOWN_RULE,
    /// and the reference codes shared with the engine (INVALID_GL_ACCOUNT, BLOCKED_GL_ACCOUNT, …).
    public var code: String
    public var column: RuleColumn?
    public var message: String
    /// Index of the rule in the change's `add` list (nil: about an existing rule or the change).
    public var addIndex: Int?
    /// The 1-based CSV line, when the rule came from a file.
    public var line: Int?

    public var description: String {
        var place: [String] = []
        if let line { place.append("line \(line)") }
        if let column { place.append("column \(column.rawValue)") }
        return place.isEmpty ? message : place.joined(separator: ", ") + ": " + message
    }

    // MARK: shape

    static func missing(_ column: RuleColumn, kind: PostingRule.Kind) -> RuleIssue {
        RuleIssue(code: "MISSING_VALUE", column: column,
                  message: "\(kind.rawValue) rules need a \(column.rawValue); fill it in (\(kind.spec.summary)).")
    }

    static func notAllowed(_ column: RuleColumn, value: String, allowed: [String]) -> RuleIssue {
        RuleIssue(code: "BAD_VALUE", column: column,
                  message: "'\(value)' is not one of \(allowed.joined(separator: ", ")).")
    }

    static func unused(_ column: RuleColumn, value: String, kind: PostingRule.Kind) -> RuleIssue {
        RuleIssue(code: "UNUSED_COLUMN", column: column,
                  message: "\(kind.rawValue) rules do not use \(column.rawValue) (found '\(value)'); leave it empty.")
    }

    static func unknownKind(_ value: String) -> RuleIssue {
        RuleIssue(code: "BAD_VALUE", column: .kind,
                  message: "unknown kind '\(value)'; use one of \(PostingRule.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
    }

    static func columnCount(expected: Int, found: Int) -> RuleIssue {
        RuleIssue(code: "BAD_ROW", message: "expected \(expected) columns, found \(found); every row needs one value per header column.")
    }

    static func header(_ expected: [String]) -> RuleIssue {
        RuleIssue(code: "BAD_HEADER", message: "the header must be \(expected.joined(separator: ",")) (an id column first is allowed).")
    }

    // MARK: against the store

    static func tie(_ rule: PostingRule, with other: PostingRule, otherIsNew: Bool) -> RuleIssue {
        let who = otherIsNew ? "another rule of this change" : "rule \(other.id.map(String.init) ?? "?")"
        return RuleIssue(code: "TIE", column: nil,
                         message: "ties with \(who) (\(describe(other))): both match the same lines with equal specificity. "
                            + "Make one more specific, add a rule for the overlap, or replace the other rule.")
    }

    static func duplicate(of other: PostingRule, otherIsNew: Bool) -> RuleIssue {
        let who = otherIsNew ? "another rule of this change" : "live rule \(other.id.map(String.init) ?? "?")"
        return RuleIssue(code: "DUPLICATE", column: nil,
                         message: "\(who) already matches exactly this (\(describe(other))); replace it instead (mapping set --replace ID).")
    }

    static func unknownRule(_ id: Int64) -> RuleIssue {
        RuleIssue(code: "UNKNOWN_RULE", message: "there is no live rule \(id); see fieldledger mapping list.")
    }

    static func emptyReason() -> RuleIssue {
        RuleIssue(code: "MISSING_REASON", message: "every rule change needs a reason (--reason \"…\"); it is kept in the history.")
    }

    // MARK: against Business Central's reference data

    static func reference(_ code: String, column: RuleColumn, _ message: String) -> RuleIssue {
        RuleIssue(code: code, column: column, message: message)
    }

    /// Whether two rules match the same cases (a replacement pair in the history).
    public static func sameMatch(_ a: PostingRule, _ b: PostingRule) -> Bool { a.matchKey == b.matchKey }

    /// A readable one-line description of a rule: "gl_account item_type labor, service_line HVAC → 43100".
    public static func describe(_ rule: PostingRule) -> String {
        let used = rule.kind.spec.columns.filter { $0 != .target && $0.value(of: rule) != $0.unused }
        let match = used.map { "\($0.rawValue) \($0.value(of: rule))" }.joined(separator: ", ")
        let extra = rule.workType.isEmpty ? "" : " (work type \(rule.workType))"
        return "\(rule.kind.rawValue) \(match.isEmpty ? "any" : match) → \(rule.target)\(extra)"
    }
}

/// A rule change the store refused: every issue found, not only the first.
public struct RuleChangeRefused: Error, Sendable, Equatable, CustomStringConvertible {
    public var issues: [RuleIssue]

    public var description: String {
        "The rule change was not saved (\(issues.count) problem\(issues.count == 1 ? "" : "s")):\n"
            + issues.map { "  " + $0.description }.joined(separator: "\n")
    }
}
