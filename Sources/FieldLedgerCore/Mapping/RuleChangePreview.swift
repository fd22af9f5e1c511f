import GRDB

/// What a proposed rule change would do, before it is saved: the failed or blocked records it
/// would fix (each re-validated with the proposed rules over its stored payload), the pending
/// records whose posting would change, and — for information — how many posted records would
/// have mapped differently. `CommandContext.applyRules(_:retryFixed:)` saves it and retries
/// exactly `fixes`.
public struct RuleChangePreview: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var workItemID: Int64
        public var sourceRef: String
        public var state: WorkItemState
        /// The failure code with today's rules (nil: it maps).
        public var before: String?
        /// The failure code with the proposed rules (nil: it would map).
        public var after: String?
    }

    /// Failed or blocked now, would validate with the change.
    public var fixes: [Item] = []
    /// Failed or blocked now and still failing, but for another reason (the next thing to fix).
    public var failingDifferently: [Item] = []
    /// Pending (not yet posted) records whose document would change, including ones that would now fail.
    public var changesPending: [Item] = []
    /// Posted records that would have mapped differently (information only; nothing is reposted).
    public var postedDifferently: [Item] = []
    /// What is wrong with the change itself; it cannot be saved while this is not empty.
    public var issues: [RuleIssue] = []

    /// Previews `changes` against the store's work items, rules and reference data.
    public static func compute(_ changes: RuleChangeSet, in db: Database) throws -> RuleChangePreview {
        let live = try RuleBook.liveRules(db)
        let reference = try ReferenceIndex.load(db)
        var checked = changes
        var preview = RuleChangePreview()
        preview.issues = RuleBook.check(&checked, live: live, reference: reference)
        // New rules get provisional ids above every stored one, so plans can tell them apart.
        var next = (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM posting_rules") ?? 0) + 1
        for i in checked.add.indices { checked.add[i].id = next; next += 1 }
        let now = PostingRuleResolver(rules: live)
        let proposed = PostingRuleResolver(rules: checked.applied(to: live))
        let impact = RuleImpact(reference: reference)

        for item in try RuleImpact.cases(states: [.failed, .blocked, .received, .ready, .retryWait, .posted], db) {
            let before = impact.outcome(item, now)
            let after = impact.outcome(item, proposed)
            let entry = Item(workItemID: item.workItemID, sourceRef: item.sourceRef, state: item.state,
                             before: before.failure, after: after.failure)
            switch item.state {
            case .failed, .blocked:
                if before.failure != nil, after.failure == nil { preview.fixes.append(entry) }
                else if before.failure != nil, after.failure != before.failure { preview.failingDifferently.append(entry) }
            case .posted:
                if before != after, before.body != after.body { preview.postedDifferently.append(entry) }
            default:
                if before.body != after.body || before.failure != after.failure { preview.changesPending.append(entry) }
            }
        }
        return preview
    }
}

extension CommandContext {
    /// Saves `changes` and, with `retryFixed`, retries exactly the records the preview says it
    /// fixes (they go back to `ready`; the next sync cycle posts them). Finance role.
    public func applyRules(_ changes: RuleChangeSet, retryFixed: Bool)
        throws -> (version: RuleVersion, preview: RuleChangePreview, retried: [RetryOutcome]) {
        try require(.finance, to: "change posting rules")
        let preview = try store.read { db in try RuleChangePreview.compute(changes, in: db) }
        if !preview.issues.isEmpty { throw RuleChangeRefused(issues: preview.issues) }
        let version = try saveRules(changes)
        let ids = preview.fixes.map(\.workItemID)
        let retried = retryFixed && !ids.isEmpty ? try retry(workItemIDs: ids) : []
        return (version, preview, retried)
    }
}
