import FieldLedgerCore

/// The Mappings and Conflicts panes' reads: live rules with their open problems, a rule's inline
/// check and picker values, a change's preview, and master-data conflicts. Every string shown
/// passes `Sanitizer.clean` here.
extension ConsoleData {
    public func rules() throws -> [RuleRow] {
        let (live, problems) = try store.read { db in (try RuleBook.liveRules(db), try RuleHealth.problems(db)) }
        let byRule = Dictionary(problems.map { ($0.ruleID, $0) }, uniquingKeysWith: { first, _ in first })
        let c = Sanitizer.clean
        return live.sorted { ($0.id ?? 0) < ($1.id ?? 0) }.map { rule in
            // Only the columns that narrow the match: a wildcard or an empty column matches anything.
            let used = rule.kind.spec.columns.filter { $0 != .target && $0.value(of: rule) != PostingRule.any && !$0.value(of: rule).isEmpty }
            let match = used.map { "\($0.rawValue) \($0.value(of: rule))" }.joined(separator: ", ")
            let target = rule.workType.isEmpty ? rule.target : "\(rule.target) (work type \(rule.workType))"
            return RuleRow(rule: rule, match: c(match.isEmpty ? "any" : match), target: c(target), author: c(rule.createdBy),
                           createdAt: c(rule.createdAt), problem: rule.id.flatMap { byRule[$0] }.map {
                               RuleRow.Problem(code: c($0.code), reason: c($0.reason), affected: $0.affected.count)
                           })
        }
    }

    /// The inline check of a rule being typed, and up to 8 picker values of `entity` for `query`.
    public func checkRule(_ changes: RuleChangeSet, entity: String?, query: String) throws -> ([RuleIssue], [ReferenceSearch.Hit]) {
        let (issues, hits) = try store.read { db in
            (try RuleEditing.check(changes, in: db),
             try entity.map { try ReferenceSearch.load(db).search($0, query: query, limit: 8) } ?? [])
        }
        let c = Sanitizer.clean
        return (issues.map(Self.clean), hits.map { ReferenceSearch.Hit(code: c($0.code), name: c($0.name), blocked: $0.blocked) })
    }

    public func previewRules(_ changes: RuleChangeSet) throws -> RuleChangePreview {
        var preview = try store.read { db in try RuleChangePreview.compute(changes, in: db) }
        let c = Sanitizer.clean
        func clean(_ items: [RuleChangePreview.Item]) -> [RuleChangePreview.Item] {
            items.map { item in
                var copy = item
                copy.sourceRef = c(item.sourceRef)
                copy.before = item.before.map(c)
                copy.after = item.after.map(c)
                return copy
            }
        }
        preview.fixes = clean(preview.fixes)
        preview.failingDifferently = clean(preview.failingDifferently)
        preview.changesPending = clean(preview.changesPending)
        preview.postedDifferently = clean(preview.postedDifferently)
        preview.issues = preview.issues.map(Self.clean)
        return preview
    }

    public func conflicts(limit: Int = 500) throws -> [ConflictRow] {
        let c = Sanitizer.clean
        return try ConflictQuery(limit: limit).fetch(store).map { x in
            ConflictRow(id: x.id ?? 0, entity: c(x.entity), stRef: c(x.stRef), bcRef: c(x.bcRef), field: c(x.field),
                        stValue: c(x.stValue ?? ""), bcValue: c(x.bcValue ?? ""), stModified: c(x.stModified ?? "?"),
                        bcModified: c(x.bcModified ?? "?"), rule: c(x.rule.rawValue), winner: c(x.winner.rawValue),
                        decidedAt: c(x.decidedAt), explanation: c(x.explanation))
        }
    }

    static func clean(_ issue: RuleIssue) -> RuleIssue {
        var copy = issue
        copy.message = Sanitizer.clean(issue.message)
        return copy
    }
}
