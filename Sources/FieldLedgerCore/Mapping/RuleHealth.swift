import FieldLedgerHTTP
import Foundation
import GRDB

/// A live rule that Business Central's reference data no longer supports (an account blocked at
/// month end, a dimension value deleted), flagged once with the records it would affect — rather
/// than fifty separate record failures.
public struct RuleProblem: Sendable, Equatable {
    public var id: Int64
    public var ruleID: Int64
    public var code: String
    public var reason: String
    /// Open invoice work items (not posted) whose mapping consults the rule.
    public var affected: [Int64]
    public var detectedAt: String
}

/// Re-checks every live rule against the cached reference data; run after every reference
/// refresh (`ReferenceDataRefresh.run`). New problems are recorded in `rule_problems` and audited
/// once; problems that went away (fixed in Business Central, or the rule was replaced) are closed.
public enum RuleHealth {
    @discardableResult
    public static func check(_ db: Database, at: String = Timestamp.now()) throws -> [RuleProblem] {
        let reference = try ReferenceIndex.load(db)
        let live = try RuleBook.liveRules(db)
        var found: [Int64: RuleIssue] = [:]
        for rule in live {
            if let id = rule.id, let issue = RuleCheck.reference(rule, in: reference) { found[id] = issue }
        }
        let open = try Row.fetchAll(db, sql: "SELECT id, rule_id, code FROM rule_problems WHERE resolved_at IS NULL")
        var standing = Set<[String]>()
        for row in open {
            let ruleID: Int64 = row["rule_id"]
            let code: String = row["code"]
            if found[ruleID]?.code == code { standing.insert([String(ruleID), code]); continue }
            try db.execute(sql: "UPDATE rule_problems SET resolved_at = ? WHERE id = ?", arguments: [at, row["id"] as Int64])
            try AuditLog.append(NewAuditEvent(actor: .engine, action: "mapping.rule_valid_again", subject: "mapping:rule:\(ruleID)",
                details: ["rule": .number(JSONNumber(ruleID)), "code": .string(code)]), in: db)
        }
        let fresh = found.filter { !standing.contains([String($0.key), $0.value.code]) }
        if !fresh.isEmpty {
            let resolver = PostingRuleResolver(rules: live)
            let cases = try RuleImpact.cases(states: [.received, .ready, .retryWait, .failed, .blocked, .posting], db)
            let uses = cases.map { ($0.workItemID, RuleImpact.rulesUsed($0.invoice, resolver)) }
            for (ruleID, issue) in fresh.sorted(by: { $0.key < $1.key }) {
                let affected = uses.filter { $0.1.contains(ruleID) }.map(\.0)
                let rule = live.first { $0.id == ruleID }
                try db.execute(sql: """
                    INSERT INTO rule_problems (rule_id, code, reason, affected, detected_at) VALUES (?, ?, ?, ?, ?)
                    """, arguments: [ruleID, issue.code, issue.message,
                                     JSONValue.array(affected.map { .number(JSONNumber($0)) }).serialized(), at])
                try AuditLog.append(NewAuditEvent(actor: .engine, action: "mapping.rule_invalid", subject: "mapping:rule:\(ruleID)",
                    details: ["rule": .number(JSONNumber(ruleID)), "code": .string(issue.code),
                              "describes": .string(rule.map(RuleIssue.describe) ?? ""), "reason": .string(issue.message),
                              "affected": .int(affected.count)]), in: db)
            }
        }
        return try problems(db)
    }

    /// The open problems, oldest first.
    public static func problems(_ db: Database) throws -> [RuleProblem] {
        try Row.fetchAll(db, sql: "SELECT * FROM rule_problems WHERE resolved_at IS NULL ORDER BY id").map { row in
            let affected = (try? JSONValue(parsing: row["affected"] as String))?.arrayValue?.compactMap { $0.numberValue?.int.map(Int64.init) } ?? []
            return RuleProblem(id: row["id"], ruleID: row["rule_id"], code: row["code"], reason: row["reason"],
                               affected: affected, detectedAt: row["detected_at"])
        }
    }
}
