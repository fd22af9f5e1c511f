import FieldLedgerCore

/// The console's key table: the one place keys are defined.
public struct KeyTable: Sendable {
    public var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) { self.bindings = bindings }

    public static let standard = KeyTable(bindings: [
        // The rule editor first: its keys win over the global ones while it is open. Letters
        // type into its fields, so it binds only keys that cannot be text.
        KeyBinding([.tab, .down], .editorNextField, "Next field", scope: .ruleForm),
        KeyBinding([.backTab, .up], .editorPreviousField, "Previous field", scope: .ruleForm),
        KeyBinding([.ctrl("n"), .pageDown], .editorNextSuggestion, "Next value in the picker (Business Central reference data)",
                   scope: .ruleForm),
        KeyBinding([.ctrl("p"), .pageUp], .editorPreviousSuggestion, "Previous value in the picker", scope: .ruleForm),
        KeyBinding([.enter], .editorAccept, "Take the picked value, or go to the next field", bar: "Take", scope: .ruleForm),
        KeyBinding([.function(2)], .editorPreview, "Preview what the change fixes and changes (before saving)", bar: "Preview",
                   scope: .ruleForm),
        KeyBinding([.function(6)], .editorApply, "Save the change with its reason", bar: "Apply", scope: .rulePreview,
                   needsRole: .finance),
        KeyBinding([.function(7)], .editorApplyRetry, "Save, then retry the failed records it fixes", bar: "Apply&retry",
                   scope: .rulePreview, needsRole: .finance),
        KeyBinding([.escape], .editorBack, "Back: from the preview to the form, from the form to the list", bar: "Back",
                   scope: .ruleForm),
        KeyBinding([.escape], .editorBack, "Back to the form (a delete goes back to the list)", bar: "Back",
                   scope: .rulePreview),
        KeyBinding([.function(1), .char("?")], .help, "Help: every key, generated from this table", bar: "Help"),
        KeyBinding([.char("q")], .closeView, "Close the current view (help, trace)", scope: .global),
        KeyBinding([.function(10), .char("Q")], .quit, "Quit the console", bar: "Quit"),
        KeyBinding([.escape], .cancel, "Cancel the filter, command line or question"),
        KeyBinding([.char("/"), .function(3)], .startFilter, "Filter the sync log, search other views", bar: "Filter"),
        KeyBinding([.char("n")], .nextMatch, "Next match of the filter"),
        KeyBinding([.char("N")], .previousMatch, "Previous match of the filter"),
        KeyBinding([.char(":")], .startCommandLine, "Command line (:trace REF, :retry ID, :pane NAME, :q); ↑/↓ history"),
        KeyBinding([.up, .char("k")], .up, "Move up"),
        KeyBinding([.down, .char("j")], .down, "Move down"),
        KeyBinding([.pageUp, .ctrl("u")], .pageUp, "Page up"),
        KeyBinding([.pageDown, .ctrl("d")], .pageDown, "Page down"),
        KeyBinding([.home, .char("g")], .top, "First row (the sync log follows new events here)"),
        KeyBinding([.end, .char("G")], .bottom, "Last row (the oldest event in the sync log)"),
        KeyBinding([.char("1")], .showPane(.overview), "Overview pane", bar: "Overview"),
        KeyBinding([.char("2")], .showPane(.syncLog), "Sync log pane", bar: "Log"),
        KeyBinding([.char("3")], .showPane(.failures), "Failures pane", bar: "Failures"),
        KeyBinding([.char("4")], .showPane(.mappings), "Mappings pane"),
        KeyBinding([.char("5")], .showPane(.payments), "Payments pane"),
        KeyBinding([.char("6")], .showPane(.conflicts), "Conflicts pane"),
        KeyBinding([.tab], .nextPane, "Next pane"),
        KeyBinding([.backTab], .previousPane, "Previous pane"),
        KeyBinding([.enter], .open, "Open: the record's trace, expand a failure group, show a conflict whole", bar: "Open",
                   scope: .panes([.syncLog, .failures, .payments, .conflicts])),
        KeyBinding([.char("e"), .enter], .editRule, "Edit the selected rule (saved as a new version that replaces it)", bar: "Edit",
                   scope: .panes([.mappings]), needsRole: .finance),
        KeyBinding([.char("a")], .addRule, "Add a rule to the shown table", bar: "Add", scope: .panes([.mappings]),
                   needsRole: .finance),
        KeyBinding([.char("d")], .retireRule, "Retire (delete) the selected rule; history keeps it", bar: "Retire",
                   scope: .panes([.mappings]), needsRole: .finance),
        KeyBinding([.right, .char("]")], .ruleKind(next: true), "Next rule table (GL accounts, dimensions, tax, …)",
                   bar: "Table", scope: .panes([.mappings])),
        KeyBinding([.left, .char("[")], .ruleKind(next: false), "Previous rule table", scope: .panes([.mappings])),
        KeyBinding([.char(" "), .right, .left], .toggleExpand, "Expand or collapse a failure group",
                   scope: .panes([.failures])),
        KeyBinding([.char("r")], .retrySelected, "Retry the selected record now", bar: "Retry",
                   scope: .panes([.failures]), needsRole: .operator),
        KeyBinding([.char("R")], .retryGroup, "Retry every record of the selected group (asks first)", bar: "RetryAll",
                   scope: .panes([.failures]), needsRole: .operator),
        KeyBinding([.char("f")], .fixMapping, "Fix the mapping a failure group lacks: the rule editor, filled in from the failure",
                   bar: "FixMapping", scope: .panes([.failures]), needsRole: .finance),
        KeyBinding([.char("y")], .copyReference, "Copy the selected reference to the clipboard (OSC 52)", bar: "Copy",
                   scope: .panes([.syncLog, .failures])),
        KeyBinding([.ctrl("l"), .function(5)], .refresh, "Reload the data and redraw"),
        KeyBinding([.char("m")], .toggleMouse, "Mouse on/off (off gives the terminal's own text selection)"),
        KeyBinding([.char("a")], .paymentFilter(nil), "Show invoices in every payment state", bar: "All",
                   scope: .panes([.payments])),
        KeyBinding([.char("u")], .paymentFilter(.unpaid), "Show unpaid invoices (nothing received)", bar: "Unpaid",
                   scope: .panes([.payments])),
        KeyBinding([.char("t")], .paymentFilter(.partial), "Show partly paid invoices", bar: "Partial",
                   scope: .panes([.payments])),
        KeyBinding([.char("p")], .paymentFilter(.paid), "Show paid invoices", bar: "Paid", scope: .panes([.payments])),
        KeyBinding([.char("o")], .paymentFilter(.reopened), "Show reopened invoices (a payment was reversed)", bar: "Reopened",
                   scope: .panes([.payments])),
        KeyBinding([.char("c")], .paymentFilter(.canceled), "Show canceled or fully credited invoices", bar: "Canceled",
                   scope: .panes([.payments])),
    ])

    /// Whether `binding` applies in `state`'s current view and is allowed by role and mode.
    public func isAvailable(_ binding: KeyBinding, in state: AppState) -> Bool {
        switch binding.scope {
        case .global: break
        case .panes(let panes):
            if state.overlay != nil || !panes.contains(state.pane) || Self.isEditing(state, nil) { return false }
        case .trace: if case .trace = state.overlay {} else { return false }
        case .help: if state.overlay != .help { return false }
        case .ruleForm: if !Self.isEditing(state, .form) { return false }
        case .rulePreview: if !Self.isEditing(state, .preview) { return false }
        }
        return isPermitted(binding, in: state)
    }

    /// Whether the rule editor is open (in `stage`, or in any stage when nil) and in view.
    static func isEditing(_ state: AppState, _ stage: RuleEditor.Stage?) -> Bool {
        guard state.overlay == nil, state.pane == .mappings, let editor = state.mappings.editor else { return false }
        return stage == nil || editor.stage == stage
    }

    /// Read-only mode and a missing role hide what the core would refuse (it refuses anyway).
    public func isPermitted(_ binding: KeyBinding, in state: AppState) -> Bool {
        guard let needed = binding.needsRole else { return true }
        if state.session.readOnly { return false }
        guard let role = state.session.role else { return false }
        return role >= needed
    }

    /// The command for `key` in the current view. Role checks stay with the core: a key that is
    /// hidden for lack of a role still dispatches, so the refusal and its reason are shown.
    public func command(for key: Key, in state: AppState) -> Command? {
        bindings.first { binding in
            binding.keys.contains(key) && isInScope(binding, state) && !(state.session.readOnly && binding.needsRole != nil)
        }?.command
    }

    private func isInScope(_ binding: KeyBinding, _ state: AppState) -> Bool {
        var copy = state
        copy.session.role = .finance
        copy.session.readOnly = false
        return isAvailable(binding, in: copy)
    }

    /// The key bar's entries for the current view, in table order.
    public func barEntries(in state: AppState) -> [KeyBinding] {
        let editing = Self.isEditing(state, nil)
        return bindings.filter { binding in
            // Letters type into the editor's fields: the bar offers only keys that act there.
            if editing, case .char = binding.keys.first { return false }
            return binding.barLabel != nil && isAvailable(binding, in: state)
        }
    }
}
