import FieldLedgerHTTP
import Foundation
import GRDB

/// The versioned rule store: reads live rules and versions, checks a change against the shape,
/// the reference data and precedence, and writes it as one new version (one transaction, one
/// audit event). Role checks live in `CommandContext+Rules`; seeding calls `apply` directly.
public enum RuleBook {
    public static func liveRules(_ db: Database) throws -> [PostingRule] {
        try PostingRule.fetchAll(db, sql: "SELECT * FROM posting_rules WHERE retired_at IS NULL ORDER BY id")
    }

    public static func rule(id: Int64, _ db: Database) throws -> PostingRule? {
        try PostingRule.fetchOne(db, key: id)
    }

    /// Every problem of `changes` against the live rules (and, unless `reference` is nil, the
    /// cached Business Central reference data). Defaults are filled into `changes.add`.
    static func check(_ changes: inout RuleChangeSet, live: [PostingRule], reference: ReferenceIndex?) -> [RuleIssue] {
        var issues: [RuleIssue] = []
        if changes.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { issues.append(.emptyReason()) }
        let liveIDs = Set(live.compactMap(\.id))
        for id in changes.retire where !liveIDs.contains(id) { issues.append(.unknownRule(id)) }
        for i in changes.add.indices {
            var rule = changes.add[i]
            var found = RuleCheck.shape(&rule)
            if found.isEmpty, let reference, let problem = RuleCheck.reference(rule, in: reference) { found.append(problem) }
            changes.add[i] = rule
            issues += found.map { var issue = $0; issue.addIndex = i; return issue }
        }
        let after = changes.applied(to: live)
        let firstAdded = after.count - changes.add.count
        for (index, issue) in RuleCheck.precedence(live: after, added: Set(firstAdded..<after.count)) {
            var located = issue
            located.addIndex = index - firstAdded
            issues.append(located)
        }
        return issues
    }

    /// Writes `changes` as the next version: retires, inserts, records the change and audits it.
    /// The caller has checked it.
    @discardableResult
    static func apply(_ changes: RuleChangeSet, by actor: ActingUser, rollbackOf: Int64? = nil,
                      _ db: Database, at: String = Timestamp.now()) throws -> RuleVersion {
        try db.execute(sql: "INSERT INTO rule_changes (at, author, reason, added, retired, rollback_of) VALUES (?, ?, ?, '[]', '[]', ?)",
                       arguments: [at, actor.name, changes.reason, rollbackOf])
        let version = db.lastInsertedRowID
        var retired: [PostingRule] = []
        for id in changes.retire {
            try db.execute(sql: "UPDATE posting_rules SET retired_at = ?, retired_by_version = ? WHERE id = ? AND retired_at IS NULL",
                           arguments: [at, version, id])
            if var rule = try PostingRule.fetchOne(db, key: id) { rule.retiredAt = at; retired.append(rule) }
        }
        var added: [PostingRule] = []
        for var rule in changes.add {
            rule.id = nil
            rule.createdBy = actor.name
            rule.createdAt = at
            rule.version = version
            try rule.insert(db)
            added.append(rule)
        }
        try db.execute(sql: "UPDATE rule_changes SET added = ?, retired = ? WHERE version = ?",
                       arguments: [ids(added), ids(retired), version])
        try AuditLog.append(NewAuditEvent(actor: actor, action: rollbackOf == nil ? "mapping.changed" : "mapping.rolled_back",
            subject: "mapping:version:\(version)",
            details: ["version": .number(JSONNumber(version)), "reason": .string(changes.reason),
                      "added": .array(added.map { .string("\($0.id ?? 0): \(RuleIssue.describe($0))") }),
                      "retired": .array(retired.map { .string("\($0.id ?? 0): \(RuleIssue.describe($0))") }),
                      "rollbackOf": rollbackOf.map { .number(JSONNumber($0)) } ?? .null]), in: db)
        return RuleVersion(version: version, at: at, author: actor.name, reason: changes.reason,
                           added: added, retired: retired, rollbackOf: rollbackOf)
    }

    /// The rules live right after `version` was saved (rules from before versioning count as
    /// live from the start).
    static func liveRules(atVersion version: Int64, _ db: Database) throws -> [PostingRule] {
        try PostingRule.fetchAll(db, sql: """
            SELECT * FROM posting_rules
            WHERE (version IS NULL OR version <= ?) AND (retired_by_version IS NULL OR retired_by_version > ?)
            ORDER BY id
            """, arguments: [version, version])
    }

    /// The change that takes the live rules back to how they were right after `version`.
    static func rollbackChange(to version: Int64, reason: String, by author: String, _ db: Database) throws -> RuleChangeSet {
        let then = try liveRules(atVersion: version, db)
        let now = try liveRules(db)
        let thenIDs = Set(then.compactMap(\.id))
        let nowIDs = Set(now.compactMap(\.id))
        let at = Timestamp.now()
        return RuleChangeSet(add: then.filter { !nowIDs.contains($0.id ?? -1) }.map { $0.copy(by: author, at: at) },
                             retire: now.compactMap(\.id).filter { !thenIDs.contains($0) },
                             reason: reason)
    }

    /// Saved versions, newest first; with `ruleID`, only those that added or retired it.
    public static func history(ruleID: Int64? = nil, limit: Int = 200, _ db: Database) throws -> [RuleVersion] {
        let rows = try Row.fetchAll(db, sql: ruleID == nil
            ? "SELECT * FROM rule_changes ORDER BY version DESC LIMIT ?"
            : """
              SELECT c.* FROM rule_changes c
              WHERE c.version IN (SELECT version FROM posting_rules WHERE id = ?
                                  UNION SELECT retired_by_version FROM posting_rules WHERE id = ?)
              ORDER BY c.version DESC LIMIT ?
              """, arguments: ruleID.map { [$0, $0, limit] } ?? [limit])
        return try rows.map { row in
            let version: Int64 = row["version"]
            return RuleVersion(version: version, at: row["at"], author: row["author"], reason: row["reason"],
                               added: try PostingRule.fetchAll(db, sql: "SELECT * FROM posting_rules WHERE version = ? ORDER BY id", arguments: [version]),
                               retired: try PostingRule.fetchAll(db, sql: "SELECT * FROM posting_rules WHERE retired_by_version = ? ORDER BY id", arguments: [version]),
                               rollbackOf: row["rollback_of"])
        }
    }

    /// The version that added each rule id (nil for rules from before versioning).
    public static func versions(ofRules ids: [Int64], _ db: Database) throws -> [Int64: Int64] {
        var out: [Int64: Int64] = [:]
        for id in Set(ids) {
            if let version = try Int64.fetchOne(db, sql: "SELECT version FROM posting_rules WHERE id = ?", arguments: [id]) {
                out[id] = version
            }
        }
        return out
    }

    private static func ids(_ rules: [PostingRule]) -> String {
        JSONValue.array(rules.compactMap(\.id).map { .number(JSONNumber($0)) }).serialized()
    }
}
