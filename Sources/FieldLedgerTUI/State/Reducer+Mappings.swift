import FieldLedgerCore

/// The Mappings pane and its rule editor: list → form (inline check, picker) → preview with a
/// reason → apply or apply-and-retry. Every check, preview and save is an effect that calls the
/// core's rules API (`RuleEditing`, `RuleChangePreview`, `CommandContext.applyRules`), the same
/// functions `fieldledger mapping` uses; the reducer only keeps the form.
extension Reducer {
    static func runMappings(_ command: Command, _ state: inout AppState) -> [Effect] {
        switch command {
        case .ruleKind(let next):
            let all = PostingRule.Kind.allCases
            let index = all.firstIndex(of: state.mappings.kind) ?? 0
            state.mappings.kind = all[(index + (next ? 1 : all.count - 1)) % all.count]
            state.mappings.cursor = ListCursor()
        case .addRule:
            return openEditor(RuleEditor(kind: state.mappings.kind, author: state.session.user), &state)
        case .editRule:
            guard let row = state.mappings.selectedRule else {
                state.message = StatusMessage("No \(state.mappings.kind.title) rule selected; a adds one.")
                return []
            }
            return openEditor(RuleEditor(kind: row.rule.kind, replacing: row.rule, author: state.session.user), &state)
        case .editRow(let index):
            selectRule(index, &state)
            return runMappings(.editRule, &state)
        case .retireRule:
            guard let row = state.mappings.selectedRule else {
                state.message = StatusMessage("No rule selected to retire.")
                return []
            }
            state.mappings.editor = .retiring(row.rule, author: state.session.user)
            state.mappings.editor?.busy = true
            return [.previewRules(RuleChangeSet(retire: [row.id], reason: ""))]
        default:
            return runEditor(command, &state)
        }
        return []
    }

    /// The rules and conflicts are read when their pane is in view (on a switch and on every
    /// store change), not on every change while another pane shows.
    static func paneLists(_ state: AppState) -> [Effect] {
        guard state.overlay == nil else { return [] }
        switch state.pane {
        case .mappings: return [.loadRules]
        case .conflicts: return [.loadConflicts]
        default: return []
        }
    }

    static func selectRule(_ index: Int, _ state: inout AppState) {
        state.mappings.cursor.select(index, count: state.mappings.visible.count, visible: Layout.ruleRows(state.height))
    }

    private static func openEditor(_ editor: RuleEditor, _ state: inout AppState) -> [Effect] {
        state.mappings.editor = editor
        if let role = state.session.role, role >= .finance {} else {
            state.message = StatusMessage("Changing rules needs the finance role; you may look, and saving will be refused.")
        }
        return checkEditor(&state)
    }

    /// The inline check (and picker search) of the rule as it now stands.
    private static func checkEditor(_ state: inout AppState) -> [Effect] {
        guard var editor = state.mappings.editor, editor.stage == .form else { return [] }
        editor.revision += 1
        editor.suggestion = nil
        let query = editor.focusedColumn.map { editor.values[$0] ?? "" } ?? ""
        let entity = editor.pickerEntity
        if entity == nil { editor.suggestions = [] }
        state.mappings.editor = editor
        return [.checkRule(editor.changes, entity: entity, query: query, revision: editor.revision)]
    }

    private static func runEditor(_ command: Command, _ state: inout AppState) -> [Effect] {
        guard var editor = state.mappings.editor else { return [] }
        switch command {
        case .editorNextField, .editorPreviousField:
            let step = command == .editorNextField ? 1 : editor.fields.count - 1
            editor.focus = (editor.focus + step) % max(1, editor.fields.count)
            state.mappings.editor = editor
            return checkEditor(&state)
        case .editorFocus(let index):
            guard editor.fields.indices.contains(index) else { return [] }
            editor.focus = index
            state.mappings.editor = editor
            return checkEditor(&state)
        case .editorNextSuggestion, .editorPreviousSuggestion:
            guard !editor.suggestions.isEmpty else {
                state.message = StatusMessage(editor.pickerEntity == nil ? "This field is free text; no picker."
                                              : "No Business Central value matches what is typed.")
                return []
            }
            let count = editor.suggestions.count
            let current = editor.suggestion ?? (command == .editorNextSuggestion ? -1 : count)
            editor.suggestion = (current + (command == .editorNextSuggestion ? 1 : -1) + count) % count
            state.mappings.editor = editor
        case .editorPick(let index):
            guard editor.suggestions.indices.contains(index) else { return [] }
            editor.suggestion = index
            state.mappings.editor = editor
            return runEditor(.editorAccept, &state)
        case .editorAccept:
            if let pick = editor.suggestion, editor.suggestions.indices.contains(pick), let column = editor.focusedColumn {
                editor.values[column] = editor.suggestions[pick].code
                editor.suggestions = []
                state.mappings.editor = editor
                return checkEditor(&state)
            }
            if editor.focus == editor.fields.count - 1 { return runEditor(.editorPreview, &state) }
            return runEditor(.editorNextField, &state)
        case .editorPreview:
            editor.stage = .preview
            editor.preview = nil
            editor.busy = true
            state.mappings.editor = editor
            return [.previewRules(editor.changes)]
        case .editorApply, .editorApplyRetry:
            guard editor.stage == .preview else { return [] }
            guard !editor.busy else {
                state.message = StatusMessage(editor.preview == nil ? "The preview is still being computed; apply once it shows what the change does."
                                              : "The change is being saved.")
                return []
            }
            // The preview is computed before the reason is typed: its missing-reason issue is not a problem of the rule.
            if let issue = editor.preview?.issues.first(where: { $0.code != "MISSING_REASON" }) {
                state.message = StatusMessage("This change cannot be saved: \(issue.description) Esc goes back to the form.", isError: true)
                return []
            }
            if editor.reason.trimmingCharacters(in: .whitespaces).isEmpty, let role = state.session.role, role >= .finance {
                state.message = StatusMessage("Type the reason first: every rule change keeps one in the history.", isError: true)
                return []
            }
            editor.busy = true
            state.mappings.editor = editor
            return [.applyRules(editor.changes, retry: command == .editorApplyRetry)]
        case .editorBack:
            if editor.stage == .preview, !editor.retireOnly {
                editor.stage = .form
                editor.busy = false
                state.mappings.editor = editor
                return checkEditor(&state)
            }
            state.mappings.editor = nil
            state.message = StatusMessage("Nothing was changed.")
        default:
            break
        }
        return []
    }

    /// A printable key typed into the editor: the focused field in the form, the reason in the preview.
    static func typeIntoEditor(_ character: Character?, _ state: inout AppState) -> [Effect] {
        guard var editor = state.mappings.editor else { return [] }
        switch editor.stage {
        case .preview:
            if let character {
                if TextLayout.width(of: editor.reason) < 200 { editor.reason.append(character) }
            } else if !editor.reason.isEmpty {
                editor.reason.removeLast()
            }
            state.mappings.editor = editor
            return []
        case .form:
            guard let column = editor.focusedColumn else { return [] }
            var value = editor.values[column] ?? ""
            if let character {
                if TextLayout.width(of: value) < 120 { value.append(character) }
            } else if !value.isEmpty {
                value.removeLast()
            }
            editor.values[column] = value
            state.mappings.editor = editor
            return checkEditor(&state)
        }
    }

    static func applyRulesLoaded(_ rows: [RuleRow], _ state: inout AppState) {
        let selected = state.mappings.selectedRule?.id
        state.mappings.rules = rows
        state.mappings.loaded = true
        let visible = state.mappings.visible
        let index = visible.firstIndex { $0.id == selected } ?? state.mappings.cursor.selected
        selectRule(index, &state)
    }

    static func applyRuleCheck(revision: Int, issues: [RuleIssue], suggestions: [ReferenceSearch.Hit], _ state: inout AppState) {
        guard var editor = state.mappings.editor, editor.revision == revision else { return }
        editor.issues = issues
        editor.suggestions = suggestions
        editor.checked = true
        state.mappings.editor = editor
    }

    static func applyPreview(_ changes: RuleChangeSet, _ preview: RuleChangePreview, _ state: inout AppState) {
        guard var editor = state.mappings.editor, editor.stage == .preview else { return }
        var mine = editor.changes
        mine.reason = changes.reason
        guard mine == changes else { return }
        editor.preview = preview
        editor.busy = false
        state.mappings.editor = editor
    }

    static func applySaved(_ message: StatusMessage, saved: Bool, _ state: inout AppState) -> [Effect] {
        state.message = message
        if saved {
            state.mappings.editor = nil
            return [.loadRules, .loadFailures, .loadOverview]
        }
        state.mappings.editor?.busy = false
        return []
    }
}
