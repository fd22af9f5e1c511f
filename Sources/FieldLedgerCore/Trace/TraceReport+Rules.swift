import FieldLedgerHTTP
import GRDB

extension TraceReport {
    /// Which rule version decided one posted line: "line 2 → GL 40100 by rule 17 (version 5)".
    public struct RuleLine: Sendable, Equatable {
        public var line: Int
        public var ruleID: Int64?
        public var account: String?
        /// The rule version that added the rule (nil: a rule from before versioning).
        public var version: Int64?

        public var text: String {
            guard let ruleID else { return "line \(line) → no GL rule recorded" }
            let version = version.map { "version \($0)" } ?? "before versioning"
            return "line \(line) → GL \(account ?? "?") by rule \(ruleID) (\(version))"
        }
    }

    /// The rules recorded by the newest posting event in `events` (`glRules`), with their versions.
    static func ruleLines(events: [AuditEvent], _ db: Database) throws -> [RuleLine] {
        guard let posted = events.last(where: { $0.detailsJSON["glRules"] != nil }),
              let ids = posted.detailsJSON["glRules"]?.arrayValue else { return [] }
        return try ids.enumerated().map { n, value in
            guard let id = value.numberValue?.int.map(Int64.init), let rule = try RuleBook.rule(id: id, db) else {
                return RuleLine(line: n + 1, ruleID: nil, account: nil, version: nil)
            }
            return RuleLine(line: n + 1, ruleID: id, account: rule.target, version: rule.version)
        }
    }

    var ruleLinesJSON: JSONValue {
        .array(ruleLines.map { line in
            .object(["line": .int(line.line), "rule": line.ruleID.map { .number(JSONNumber($0)) } ?? .null,
                     "account": line.account.map(JSONValue.string) ?? .null,
                     "version": line.version.map { .number(JSONNumber($0)) } ?? .null])
        })
    }
}
