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

    /// Panes whose capability is another issue say which one, in one line, and show no data.
    public var arrivesWith: String? {
        switch self {
        case .mappings: "Mappings arrive with finance-owned posting rules (GL, dimension, tax)."
        case .conflicts: "Conflicts arrive with two-way master data (last-write-wins, field rules)."
        default: nil
        }
    }
}
