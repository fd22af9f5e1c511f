import FieldLedgerHTTP
import Foundation
import GRDB

/// Brings one ServiceTrade invoice to the receivable its `invoice_payments` row records, for one
/// `invoice.payments` work item: payments first, then the status.
///
/// It compares states, not events, so it never records the same Business Central state twice:
/// what ServiceTrade holds from us is looked up every time (our payments carry the reference
/// `BC:<posted number>/<paid to date>`, found by `GET /payment?invoiceId=…`), and only the
/// difference between that and what Business Central says is paid is recorded — positive for a
/// payment, negative for a reversal. A lost answer or a crash is therefore safe to retry.
///
/// Status: fully paid in Business Central → `paid`; a ServiceTrade invoice that is `paid` while
/// Business Central has money outstanding again (reversal, NSF) goes back to `processed`.
/// Payments recorded in ServiceTrade by people are left alone (and never pushed over the balance);
/// a void ServiceTrade invoice is left alone too (audited as `payment.skipped`).
struct PaymentWatchProcessor: Sendable {
    let store: Store
    let st: ServiceTradeClient
    let retry: RetryPolicy

    /// Our payments' `referenceNumber` starts with this.
    static let referencePrefix = "BC:"
    static let paymentMethod = "Business Central"

    func process(_ workItem: WorkItem) async -> WorkOutcome {
        var item = workItem
        do {
            guard let row = try store.read({ db in try Self.row(for: item, in: db) }) else {
                return try fail(&item, PaymentWatchFailure.noReceivable(item))
            }
            try store.write { db in try item.move(to: .posting, by: .engine, in: db) }
            let outcome = try await bringServiceTrade(to: row, item: item)
            try store.write { db in
                try db.execute(sql: """
                    UPDATE invoice_payments SET st_status = ?, last_event = COALESCE(?, last_event),
                        last_event_at = CASE WHEN ? IS NULL THEN last_event_at ELSE ? END WHERE link_id = ?
                    """, arguments: [outcome.status, outcome.event, outcome.event, Timestamp.now(), row.linkId])
                try item.move(to: .posted, by: .engine, details: ["stStatus": .string(outcome.status),
                                                                  "paymentState": .string(row.paymentState.rawValue)], in: db)
            }
            return .posted
        } catch let failure as SyncFailure {
            return (try? fail(&item, failure)) ?? .failed
        } catch let error as RemoteError {
            return (try? handle(error, &item)) ?? .retrying
        } catch {
            let failure = FailureCatalog.internalError(error, item: item)
            return (try? fail(&item, failure)) ?? .failed
        }
    }

    /// The receivable row of the item's sales-invoice link.
    static func row(for item: WorkItem, in db: Database) throws -> InvoicePayment? {
        try InvoicePayment.fetchOne(db, sql: """
            SELECT p.* FROM invoice_payments p JOIN links l ON l.id = p.link_id
            WHERE l.erp_system = 'businesscentral' AND l.kind = 'salesInvoice'
              AND l.source_system = ? AND l.source_entity = ? AND l.source_id = ?
            """, arguments: [item.sourceSystem, item.sourceEntity, item.sourceId])
    }

    /// What ServiceTrade ended at: its invoice status and the last event (payment, paid, reopened).
    struct Outcome {
        var status: String
        var event: String?
    }

    private func bringServiceTrade(to row: InvoicePayment, item: WorkItem) async throws -> Outcome {
        let invoiceID = item.sourceId
        let target = max(0, min(row.totalAmount, row.totalAmount - row.remainingAmount))
        let ours = try await st.payments(invoiceID: invoiceID)
            .filter { $0.referenceNumber?.hasPrefix(Self.referencePrefix) == true }
        let told = ours.reduce(Decimal(0)) { $0 + $1.amount }
        guard let invoice = try await st.get("invoice", id: invoiceID) else { throw PaymentWatchFailure.invoiceMissing(item) }
        var status = invoice["status"]?.stringValue ?? ""
        var event: String?
        if status == "void" {
            // A void ServiceTrade invoice takes no payments and no status; Business Central's side
            // (the credit memo that closes the invoice) belongs to the void flow.
            try audit(item, "payment.skipped", ["reason": "the ServiceTrade invoice is void", "paymentState": .string(row.paymentState.rawValue),
                                                "remaining": .decimal(row.remainingAmount)])
            return Outcome(status: status, event: nil)
        }

        let balance = invoice["balance"]?.decimalValue ?? 0
        let paidInST = invoice["amountPaid"]?.decimalValue ?? 0
        var amount = Self.cents(target - told)
        // ServiceTrade refuses to go over the balance or below zero; payments people recorded
        // there directly (e.g. a check taken on site) are part of both.
        if amount > 0 { amount = min(amount, balance) } else if amount < 0 { amount = max(amount, -paidInST) }
        if amount != 0 {
            let reference = "\(Self.referencePrefix)\(row.erpNumber ?? row.erpId)/\(target.plainString)"
            let date = row.erpModifiedAt.flatMap(Timestamp.date) ?? Date()
            let paymentID = try await st.recordPayment(invoiceID: invoiceID, amount: amount, date: date,
                                                       method: Self.paymentMethod, reference: reference)
            let action = amount > 0 ? "payment.applied" : "payment.reversed"
            try audit(item, action, ["amount": .decimal(amount), "paidToDate": .decimal(target),
                                     "remaining": .decimal(row.remainingAmount), "reference": .string(reference),
                                     "stPaymentId": paymentID.map(JSONValue.string) ?? .null,
                                     "erpNumber": row.erpNumber.map(JSONValue.string) ?? .null])
            event = amount > 0 ? "payment" : "reopened"
        }

        if row.paymentState == .paid, status != "paid" {
            // `paid` is reachable from ok, processed and sent; an invoice still in accounting's
            // hands (the posting flow could not tell ServiceTrade) passes through `processed`.
            if status == "pending_accounting" || status == "failed" {
                try await st.update("invoice", id: invoiceID, ["status": "processed"])
            }
            try await st.update("invoice", id: invoiceID, ["status": "paid"])
            try audit(item, "invoice.paid", ["from": .string(status), "erpNumber": row.erpNumber.map(JSONValue.string) ?? .null,
                                             "total": .decimal(row.totalAmount)])
            status = "paid"
            event = "paid"
        } else if row.paymentState != .paid, status == "paid" {
            try await st.update("invoice", id: invoiceID, ["status": "processed"])
            try audit(item, "invoice.reopened", ["from": "paid", "to": "processed", "remaining": .decimal(row.remainingAmount),
                                                 "erpNumber": row.erpNumber.map(JSONValue.string) ?? .null])
            status = "processed"
            event = "reopened"
        }
        return Outcome(status: status, event: event)
    }

    /// Rounds to cents (ServiceTrade takes at most two decimals).
    static func cents(_ value: Decimal) -> Decimal {
        var input = value
        var out = Decimal()
        NSDecimalRound(&out, &input, 2, .plain)
        return out
    }

    private func audit(_ item: WorkItem, _ action: String, _ details: JSONObject) throws {
        try store.write { db in
            try AuditLog.append(NewAuditEvent(actor: .engine, action: action, subject: item.subject, workItemId: item.id,
                                              details: details), in: db)
        }
    }

    private func fail(_ item: inout WorkItem, _ failure: SyncFailure) throws -> WorkOutcome {
        if item.state == .failed && item.errorCode == failure.code { return .failed }
        try store.write { db in try item.move(to: .failed, failure: failure, by: .engine, in: db) }
        return .failed
    }

    /// Transient: back off and try next cycle (the item keeps its attempts); permanent: a person looks.
    private func handle(_ error: RemoteError, _ item: inout WorkItem) throws -> WorkOutcome {
        if !error.isTransient { return try fail(&item, PaymentWatchFailure.rejected(error, item)) }
        let attempts = max(item.attempts, 1)
        if retry.isExhausted(attempts: attempts) {
            return try fail(&item, FailureCatalog.transientExhausted(attempts: attempts, last: error.description))
        }
        let next = Timestamp.string(Date().addingTimeInterval(retry.delay(afterAttempt: attempts, retryAfter: error.retryAfter)))
        let failure = SyncFailure(code: "TRANSIENT", object: error.code, message: error.description, remedy: nil)
        try store.write { db in try item.move(to: .retryWait, failure: failure, nextAttemptAt: next, by: .engine, in: db) }
        return .retrying
    }
}
