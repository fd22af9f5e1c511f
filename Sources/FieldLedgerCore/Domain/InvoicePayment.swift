import Foundation
import GRDB

/// Where one posted invoice stands in Business Central's receivables (a row of
/// `invoice_payments`), written by the payments flow and read by the console's Payments pane.
public struct InvoicePayment: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "invoice_payments"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// How much of the invoice is settled, as the console filters it.
    public enum State: String, Sendable, Codable, CaseIterable {
        case unpaid, partial, paid
        /// Paid (fully or partly) and then the remaining amount went back up: reversal, NSF.
        case reopened
        /// Cancelled or fully credited in Business Central.
        case canceled

        /// The state for an invoice with `remaining` of `total` left; `wasSettledMore` when the
        /// remaining amount rose since the last look (a payment was reversed).
        public static func of(total: Decimal, remaining: Decimal, erpStatus: String, rose: Bool) -> State {
            if erpStatus == "Canceled" || erpStatus == "Corrective" { return .canceled }
            if rose { return .reopened }
            if remaining <= 0 { return .paid }
            if remaining < total { return .partial }
            return .unpaid
        }
    }

    public var linkId: Int64
    public var sourceId: String
    public var sourceRef: String?
    public var erpId: String
    public var erpNumber: String?
    public var erpStatus: String
    public var total: String
    public var remaining: String
    public var paymentState: State
    public var stStatus: String?
    public var lastEvent: String?
    public var lastEventAt: String?
    public var erpModifiedAt: String?
    public var updatedAt: String

    public init(linkId: Int64, sourceId: String, sourceRef: String?, erpId: String, erpNumber: String?, erpStatus: String,
                total: Decimal, remaining: Decimal, paymentState: State, stStatus: String? = nil, lastEvent: String? = nil,
                lastEventAt: String? = nil, erpModifiedAt: String? = nil, updatedAt: String = Timestamp.now()) {
        self.linkId = linkId
        self.sourceId = sourceId
        self.sourceRef = sourceRef
        self.erpId = erpId
        self.erpNumber = erpNumber
        self.erpStatus = erpStatus
        self.total = "\(total)"
        self.remaining = "\(remaining)"
        self.paymentState = paymentState
        self.stStatus = stStatus
        self.lastEvent = lastEvent
        self.lastEventAt = lastEventAt
        self.erpModifiedAt = erpModifiedAt
        self.updatedAt = updatedAt
    }

    public var totalAmount: Decimal { Decimal(string: total) ?? 0 }
    public var remainingAmount: Decimal { Decimal(string: remaining) ?? 0 }

    /// Paid share in whole percent, rounded down (a 99.6 % paid invoice is not "100 %").
    public var paidPercent: Int {
        let total = totalAmount
        guard total > 0 else { return 0 }
        var share = (total - remainingAmount) / total * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &share, 0, .down)
        return max(0, min(100, NSDecimalNumber(decimal: rounded).intValue))
    }
}
