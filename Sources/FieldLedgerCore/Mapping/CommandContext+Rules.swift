import GRDB

extension CommandContext {
    /// Saves a rule change as a new version after checking it (shape, reference data, ties).
    /// Finance role; refusals and changes are audited. Throws `RuleChangeRefused` with every
    /// problem found, and saves nothing then.
    @discardableResult
    public func saveRules(_ changes: RuleChangeSet) throws -> RuleVersion {
        try require(.finance, to: "change posting rules")
        return try store.write { db in
            var checked = changes
            let issues = RuleBook.check(&checked, live: try RuleBook.liveRules(db), reference: try ReferenceIndex.load(db))
            if !issues.isEmpty { throw RuleChangeRefused(issues: issues) }
            guard !checked.isEmpty else { throw RuleChangeRefused(issues: [RuleIssue(code: "NO_CHANGE", message: "the change adds and retires nothing.")]) }
            return try RuleBook.apply(checked, by: user, db)
        }
    }

    /// Retires one live rule (a delete keeps the row, retired, for history and trace).
    @discardableResult
    public func deleteRule(id: Int64, reason: String) throws -> RuleVersion {
        try saveRules(RuleChangeSet(retire: [id], reason: reason))
    }

    /// Makes the live rules what they were right after `version`, as a new version (history is
    /// never rewritten). Finance role.
    @discardableResult
    public func rollbackRules(to version: Int64, reason: String) throws -> RuleVersion {
        try require(.finance, to: "roll posting rules back to version \(version)")
        return try store.write { db in
            guard try Int64.fetchOne(db, sql: "SELECT version FROM rule_changes WHERE version = ?", arguments: [version]) != nil else {
                throw RuleChangeRefused(issues: [RuleIssue(code: "UNKNOWN_VERSION",
                    message: "there is no rule version \(version); see fieldledger mapping history.")])
            }
            var changes = try RuleBook.rollbackChange(to: version, reason: reason, by: user.name, db)
            let issues = RuleBook.check(&changes, live: try RuleBook.liveRules(db), reference: try ReferenceIndex.load(db))
            if !issues.isEmpty { throw RuleChangeRefused(issues: issues) }
            guard !changes.isEmpty else {
                throw RuleChangeRefused(issues: [RuleIssue(code: "NO_CHANGE", message: "the live rules already are those of version \(version).")])
            }
            return try RuleBook.apply(changes, by: user, rollbackOf: version, db)
        }
    }

    /// Imports a rules CSV (format: `RuleCSV`) all or nothing, as one version; nil when the file
    /// changes nothing. What a row does: `RuleCSV.change(csv:reason:replace:in:)`. Finance role.
    @discardableResult
    public func importRules(csv text: String, reason: String, replace: Bool = false) throws -> RuleVersion? {
        try require(.finance, to: "import posting rules")
        return try store.write { db in
            let changes = try RuleCSV.change(csv: text, reason: reason, replace: replace, in: db)
            return changes.isEmpty ? nil : try RuleBook.apply(changes, by: user, db)
        }
    }
}
