import FieldLedgerCore
import Foundation

extension Format {
    /// An amount with two decimals, thousands separators and the currency code:
    /// `1234.5` → `1,234.50 USD`, `-12` → `-12.00 USD`. Exact: the `Decimal` is rounded half
    /// away from zero to cents and written from its own digits, never through `Double`.
    static func money(_ amount: Decimal, _ currency: String) -> String {
        var value = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .plain)
        let negative = rounded < 0
        let digits = "\(negative ? -rounded : rounded)"
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts.first.map(String.init) ?? "0"
        let cents = String(((parts.count > 1 ? String(parts[1]) : "") + "00").prefix(2))
        return withCurrency((negative ? "-" : "") + grouped(whole) + "." + cents, currency)
    }

    /// A formatted amount and its currency code (none when the code is empty).
    static func withCurrency(_ amount: String, _ currency: String) -> String {
        currency.isEmpty ? amount : amount + " " + currency
    }

    /// How much of an invoice is paid, as a word and a percent (never colour alone), and its role.
    static func paidShare(_ row: PaymentRow) -> (text: String, role: StyleRole) {
        switch row.state {
        case .paid: ("paid \(row.paidPercent)%", .ok)
        case .partial: ("partial \(row.paidPercent)%", .warn)
        case .unpaid: ("unpaid \(row.paidPercent)%", .text)
        case .reopened: ("reopened \(row.paidPercent)%", .error)
        case .canceled: ("canceled", .dim)
        }
    }

    /// The filter name of a payment state, as the filter line and the key bar write it.
    static func paymentFilterLabel(_ state: InvoicePayment.State?) -> String {
        switch state {
        case nil: "All"
        case .unpaid: "Unpaid"
        case .partial: "Partial"
        case .paid: "Paid"
        case .reopened: "Reopened"
        case .canceled: "Canceled"
        }
    }
}
