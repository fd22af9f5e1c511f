import FieldLedgerCore

/// What a key, a click on the key bar or a click on a button asks for. The key table maps keys
/// to commands; the reducer interprets commands against the current state.
public enum Command: Sendable, Hashable {
    case help
    case closeView
    case quit
    case startFilter
    case nextMatch
    case previousMatch
    case startCommandLine
    case up, down, pageUp, pageDown, top, bottom
    case showPane(Pane)
    case nextPane
    case previousPane
    /// Enter: expand a group, open a record's trace.
    case open
    case toggleExpand
    case retrySelected
    case retryGroup
    /// A `[Retry]` button: retry the record in this row of the failures list.
    case retryRow(Int)
    case toggleMouse
    case copyReference
    case refresh
    case cancel
    /// A click on a list row selects it.
    case selectRow(Int)
    /// Payments: show invoices in one payment state, or all (nil).
    case paymentFilter(InvoicePayment.State?)
    /// Mappings: the previous or next rule table.
    case ruleKind(next: Bool)
    case addRule
    case editRule
    /// An `[Edit]` button: edit the rule in this row.
    case editRow(Int)
    case retireRule
    /// The rule editor: move between fields, walk the picker, take a value, preview, save, leave.
    case editorNextField, editorPreviousField
    case editorNextSuggestion, editorPreviousSuggestion
    case editorAccept
    /// A click on a field of the form, or on a picker value.
    case editorFocus(Int)
    case editorPick(Int)
    case editorPreview
    case editorApply
    case editorApplyRetry
    case editorBack
    /// Failures: open the rule editor on the mapping a failure group lacks.
    case fixMapping
}

/// The console's top-level panes, in tab order (number keys 1–6).
public enum Pane: Int, Sendable, Hashable, CaseIterable {
    case overview = 1, syncLog, failures, mappings, payments, conflicts

    public var title: String {
        switch self {
        case .overview: "Overview"
        case .syncLog: "Sync log"
        case .failures: "Failures"
        case .mappings: "Mappings"
        case .payments: "Payments"
        case .conflicts: "Conflicts"
        }
    }

}
