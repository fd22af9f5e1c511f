import FieldLedgerCore
import Foundation

/// Everything the console shows, as one value. `reduce` changes it, `render` draws it; neither
/// touches the terminal or the store.
public struct AppState: Sendable, Equatable {
    public var session: Session
    public var pane: Pane = .overview
    /// Help or a trace, drawn over the pane; `q` closes it.
    public var overlay: Overlay?
    public var mode: InputMode = .normal
    public var overview: OverviewModel?
    public var log = SyncLogState()
    public var failures = FailuresState()
    public var payments = PaymentsState()
    public var mappings = MappingsState()
    public var conflicts = ConflictsState()
    public var trace = TraceState()
    public var helpScroll = 0
    public var chain: ChainState = .unchecked
    /// The status line's message (results, refusals, hints) until the next key.
    public var message: StatusMessage?
    /// The text of the last `/` search outside the sync log, for `n`/`N`.
    public var search: String = ""
    public var commandHistory: [String] = []
    public var historyIndex: Int?
    public var mouseEnabled: Bool
    public var ascii: Bool
    public var now: Date
    public var width: Int = 80
    public var height: Int = 24
    public var quitRequested = false

    public init(session: Session, mouseEnabled: Bool = true, ascii: Bool = false, now: Date = Date()) {
        self.session = session
        self.mouseEnabled = mouseEnabled
        self.ascii = ascii
        self.now = now
    }

    public var glyphs: Glyphs { ascii ? .ascii : .unicode }
}

/// Who is at the console and what they may do.
public struct Session: Sendable, Equatable {
    public var user: String
    public var role: Role?
    public var readOnly: Bool
    public var storePath: String
    /// The code amounts are shown with: Business Central's local currency (the store keeps
    /// amounts without one; `LCY` when the configuration does not name it).
    public var currency: String

    public init(user: String, role: Role?, readOnly: Bool, storePath: String, currency: String = "LCY") {
        self.user = user
        self.role = role
        self.readOnly = readOnly
        self.storePath = storePath
        self.currency = currency
    }
}

public enum Overlay: Sendable, Equatable { case help, trace }

public enum InputMode: Sendable, Equatable {
    case normal
    /// `/` typed: the text so far.
    case filter(String)
    /// `:` typed: the text so far.
    case command(String)
    /// A question before a change; `y` runs `effect`, anything else cancels.
    case confirm(prompt: String, effect: Effect)
}

public struct StatusMessage: Sendable, Equatable {
    public var text: String
    public var isError: Bool

    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// A selection and the first visible row of a list.
public struct ListCursor: Sendable, Equatable {
    public var selected = 0
    public var top = 0

    public init(selected: Int = 0, top: Int = 0) {
        self.selected = selected
        self.top = top
    }

    /// Moves to `index` (clamped to `count`) and scrolls so it stays within `visible` rows.
    public mutating func select(_ index: Int, count: Int, visible: Int) {
        selected = max(0, min(index, count - 1))
        let rows = max(1, visible)
        if selected < top { top = selected }
        if selected >= top + rows { top = selected - rows + 1 }
        top = max(0, min(top, max(0, count - rows)))
    }
}

public struct SyncLogState: Sendable, Equatable {
    /// A window of the trail, newest first.
    public var rows: [LogRow] = []
    public var cursor = ListCursor()
    /// The applied filter as typed.
    public var filter = ""
    public var hasOlder = false
    public var hasNewer = false
    public var loading = false
    /// New events arrived while the operator was scrolled away from the top.
    public var newEvents = false
    public var loaded = false

    /// Live-tailing: at the newest event, so new events appear by themselves.
    public var isAtTop: Bool { cursor.selected == 0 && !hasNewer }

    public init() {}
}

/// The Payments pane: a keyset-paged window of invoices in one payment state (or all).
public struct PaymentsState: Sendable, Equatable {
    /// nil shows every state.
    public var filter: InvoicePayment.State?
    public var rows: [PaymentRow] = []
    public var counts: [InvoicePayment.State: Int] = [:]
    public var cursor = ListCursor()
    /// The last page was full: there may be more after `rows.last`.
    public var hasMore = false
    public var loading = false
    public var loaded = false

    public init(filter: InvoicePayment.State? = nil) { self.filter = filter }

    public var selectedRow: PaymentRow? {
        rows.indices.contains(cursor.selected) ? rows[cursor.selected] : nil
    }
}

public struct FailuresState: Sendable, Equatable {
    public var groups: [FailureGroupModel] = []
    public var expanded: Set<String> = []
    public var cursor = ListCursor()
    public var loaded = false

    public init() {}

    /// The selectable lines: each group, then its records when expanded.
    public var lines: [FailureLine] {
        var out: [FailureLine] = []
        for (g, group) in groups.enumerated() {
            out.append(.group(g))
            if expanded.contains(group.key) {
                for r in group.records.indices { out.append(.record(group: g, record: r)) }
            }
        }
        return out
    }

    public var selectedLine: FailureLine? {
        let all = lines
        return all.indices.contains(cursor.selected) ? all[cursor.selected] : nil
    }
}

public enum FailureLine: Sendable, Equatable {
    case group(Int)
    case record(group: Int, record: Int)

    public var groupIndex: Int {
        switch self {
        case .group(let g), .record(let g, _): g
        }
    }
}

public struct TraceState: Sendable, Equatable {
    public var reference = ""
    public var model: TraceModel?
    /// "No record …" or the candidates of an ambiguous reference.
    public var notice: String?
    public var scroll = 0
    public var loading = false

    public init() {}
}
