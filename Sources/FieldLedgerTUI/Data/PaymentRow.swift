import FieldLedgerCore
import Foundation

/// One invoice of the Payments pane: where it stands in ServiceTrade and in Business Central's
/// receivables. Strings are sanitised by `ConsoleData`; amounts stay exact `Decimal`s parsed
/// from the stored decimal text (never `Double`).
public struct PaymentRow: Sendable, Equatable {
    public var linkID: Int64
    /// The ServiceTrade invoice number (or id when it has none).
    public var invoice: String
    public var sourceID: String
    public var erpNumber: String?
    public var erpStatus: String
    public var stStatus: String?
    public var total: Decimal { didSet { totalText = Format.money(total, "") } }
    public var remaining: Decimal { didSet { remainingText = Format.money(remaining, "") } }
    /// The amounts formatted once, when the row is read, not on every frame (the pane redraws
    /// about 40 rows per frame and exact `Decimal` formatting is the costly part of it).
    public private(set) var totalText: String
    public private(set) var remainingText: String
    public var state: InvoicePayment.State
    public var paidPercent: Int
    public var lastEvent: String?
    public var lastEventAt: String?
    /// The keyset anchor of the next page (raw: it goes back to the store, not to the screen).
    public var updatedAt: String

    public init(linkID: Int64, invoice: String, sourceID: String, erpNumber: String?, erpStatus: String, stStatus: String?,
                total: Decimal, remaining: Decimal, state: InvoicePayment.State, paidPercent: Int, lastEvent: String?,
                lastEventAt: String?, updatedAt: String) {
        self.linkID = linkID
        self.invoice = invoice
        self.sourceID = sourceID
        self.erpNumber = erpNumber
        self.erpStatus = erpStatus
        self.stStatus = stStatus
        self.total = total
        self.remaining = remaining
        totalText = Format.money(total, "")
        remainingText = Format.money(remaining, "")
        self.state = state
        self.paidPercent = paidPercent
        self.lastEvent = lastEvent
        self.lastEventAt = lastEventAt
        self.updatedAt = updatedAt
    }

    /// What `Enter` traces: the ServiceTrade invoice, by the subject prefix `:trace` accepts.
    public var reference: String { "st:invoice:\(sourceID)" }

    /// Where the next page starts.
    public var anchor: PaymentAnchor { PaymentAnchor(updatedAt: updatedAt, linkID: linkID) }
}

/// The keyset position of a payments page: the last row's (`updated_at`, `link_id`).
public struct PaymentAnchor: Sendable, Equatable {
    public var updatedAt: String
    public var linkID: Int64

    public init(updatedAt: String, linkID: Int64) {
        self.updatedAt = updatedAt
        self.linkID = linkID
    }
}

/// A page of the Payments pane and the per-state counts of its filter line.
public struct PaymentsPage: Sendable, Equatable {
    public var rows: [PaymentRow]
    public var counts: [InvoicePayment.State: Int]

    public init(rows: [PaymentRow], counts: [InvoicePayment.State: Int]) {
        self.rows = rows
        self.counts = counts
    }
}
