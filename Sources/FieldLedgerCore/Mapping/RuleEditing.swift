import GRDB

/// What an interactive rule editor (the console's Mappings pane) needs besides save and preview:
/// a cheap check of a rule while it is typed, and which reference data a column's picker
/// searches. Both use the same checks and names as `saveRules` and `mapping search`.
public enum RuleEditing {
    /// Every problem of `changes` as `saveRules` would report it, except the missing reason (the
    /// editor asks for the reason last, on the preview). Reads only the live rules and the cached
    /// reference data, so it can run on every keystroke; `RuleChangePreview.compute` is the costly one.
    public static func check(_ changes: RuleChangeSet, in db: Database) throws -> [RuleIssue] {
        var checked = changes
        if checked.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { checked.reason = "editing" }
        return RuleBook.check(&checked, live: try RuleBook.liveRules(db), reference: try ReferenceIndex.load(db))
    }

    /// The `ReferenceSearch` entity a picker for `column` of `rule` searches, or nil when the
    /// column takes free text (ServiceTrade names, wildcards) or values we do not cache (job tasks).
    public static func referenceEntity(for column: RuleColumn, of rule: PostingRule) -> String? {
        switch (rule.kind, column) {
        case (.glAccount, .target), (.purchaseGL, .target), (.stockAdjustmentGL, .target), (.timecardGL, .target):
            return "accounts"
        case (.dimension, .dimensionCode):
            return "dimensions"
        case (.dimension, .target):
            return rule.dimensionCode.isEmpty ? "dimensionValues" : "dimensionValues:\(rule.dimensionCode)"
        case (.taxGroup, .target): return "taxGroups"
        case (.taxArea, .target): return "taxAreas"
        case (.paymentTerms, .target): return "paymentTerms"
        default: return nil
        }
    }
}
