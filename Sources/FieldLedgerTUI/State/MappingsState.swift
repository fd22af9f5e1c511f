import FieldLedgerCore

/// The Mappings pane: the live rules of one kind, and the rule editor when it is open.
public struct MappingsState: Sendable, Equatable {
    public var rules: [RuleRow] = []
    public var kind: PostingRule.Kind = .glAccount
    public var cursor = ListCursor()
    public var loaded = false
    public var editor: RuleEditor?

    public init() {}

    /// The rules of the selected kind, in id order.
    public var visible: [RuleRow] { rules.filter { $0.rule.kind == kind } }

    public var selectedRule: RuleRow? {
        let rows = visible
        return rows.indices.contains(cursor.selected) ? rows[cursor.selected] : nil
    }
}

/// A rule being added, replaced or retired: the form, then the preview with the reason.
public struct RuleEditor: Sendable, Equatable {
    public enum Stage: Sendable, Equatable { case form, preview }

    public var stage: Stage = .form
    public var kind: PostingRule.Kind
    /// The live rule this change retires (an edit replaces it; a delete only retires it).
    public var replacing: Int64?
    /// `d`: retire `replacing` and add nothing.
    public var retireOnly = false
    /// The columns the kind uses, in form order, and what is typed in each.
    public var fields: [RuleColumn]
    public var values: [RuleColumn: String]
    public var focus = 0
    /// Problems of the rule as typed (from `RuleEditing.check`), for `revision`.
    public var issues: [RuleIssue] = []
    /// Type-ahead for the focused field when it names Business Central reference data.
    public var suggestions: [ReferenceSearch.Hit] = []
    public var suggestion: Int?
    /// Bumped on every edit; results of older checks are dropped.
    public var revision = 0
    public var checked = false
    public var preview: RuleChangePreview?
    public var reason = ""
    /// A preview or save is running.
    public var busy = false
    public var author: String

    /// A form for a new rule of `kind`, or for replacing `rule` (its values filled in).
    public init(kind: PostingRule.Kind, replacing rule: PostingRule? = nil, author: String) {
        self.kind = kind
        self.author = author
        fields = kind.spec.columns
        var values: [RuleColumn: String] = [:]
        for column in fields { values[column] = rule.map { column.value(of: $0) } ?? "" }
        self.values = values
        replacing = rule?.id
    }

    /// A delete: the preview of retiring `rule`, asking only for the reason.
    public static func retiring(_ rule: PostingRule, author: String) -> RuleEditor {
        var editor = RuleEditor(kind: rule.kind, replacing: rule, author: author)
        editor.retireOnly = true
        editor.stage = .preview
        return editor
    }

    public var focusedColumn: RuleColumn? { fields.indices.contains(focus) ? fields[focus] : nil }

    /// The rule as typed (authorship and time are stamped by the core when it is saved).
    public var rule: PostingRule {
        var rule = PostingRule(kind: kind, target: "", createdBy: author, at: "")
        // An empty field keeps the kind's default (`*` for match columns), as in `mapping set`.
        for column in fields { if let value = values[column], !value.isEmpty { column.assign(value, to: &rule) } }
        return rule
    }

    /// The change the editor would save.
    public var changes: RuleChangeSet {
        RuleChangeSet(add: retireOnly ? [] : [rule], retire: replacing.map { [$0] } ?? [], reason: reason)
    }

    /// The problems about `column`, or about the change as a whole when `column` is nil.
    public func issues(for column: RuleColumn?) -> [RuleIssue] {
        issues.filter { $0.column == column && $0.code != "MISSING_REASON" }
    }

    /// The picker's entity for the focused field.
    public var pickerEntity: String? {
        focusedColumn.flatMap { RuleEditing.referenceEntity(for: $0, of: rule) }
    }
}

/// The Conflicts pane: master-data conflicts newest first, narrowed by `/`.
public struct ConflictsState: Sendable, Equatable {
    public var rows: [ConflictRow] = []
    public var filter = ""
    public var cursor = ListCursor()
    public var loaded = false
    /// Enter: the selected conflict's every field, in place of the list.
    public var showDetail = false

    public init() {}

    public var visible: [ConflictRow] {
        guard !filter.isEmpty else { return rows }
        let needle = filter.lowercased()
        return rows.filter { $0.searchText.lowercased().contains(needle) }
    }

    public var selected: ConflictRow? {
        let rows = visible
        return rows.indices.contains(cursor.selected) ? rows[cursor.selected] : nil
    }
}
