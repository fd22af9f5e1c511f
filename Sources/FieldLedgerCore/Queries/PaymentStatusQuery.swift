import GRDB

/// The console's Payments pane: posted invoices by payment state, most recently changed first,
/// keyset-paged on (`updated_at`, `link_id`).
public struct PaymentStatusQuery: Sendable, Equatable {
    /// `nil` shows every state.
    public var state: InvoicePayment.State?
    public var limit: Int

    public init(state: InvoicePayment.State? = nil, limit: Int = 200) {
        self.state = state
        self.limit = limit
    }

    /// One page, after the row `(updatedAt, linkId)` when scrolling on.
    public func page(after anchor: (updatedAt: String, linkId: Int64)? = nil, in db: Database) throws -> [InvoicePayment] {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let state {
            conditions.append("payment_state = ?")
            arguments.append(state.rawValue)
        }
        if let anchor {
            conditions.append("(updated_at < ? OR (updated_at = ? AND link_id < ?))")
            arguments += [anchor.updatedAt, anchor.updatedAt, anchor.linkId]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try InvoicePayment.fetchAll(db, sql: """
            SELECT * FROM invoice_payments \(whereClause) ORDER BY updated_at DESC, link_id DESC LIMIT ?
            """, arguments: StatementArguments(arguments + [limit]))
    }

    /// How many invoices are in each state (the pane's filter bar).
    public static func counts(in db: Database) throws -> [InvoicePayment.State: Int] {
        var counts: [InvoicePayment.State: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT payment_state, COUNT(*) AS n FROM invoice_payments GROUP BY payment_state") {
            if let state = InvoicePayment.State(rawValue: row["payment_state"]) { counts[state] = row["n"] }
        }
        return counts
    }
}
