import Crypto
import FieldLedgerHTTP
import Foundation
import GRDB

/// Polls ServiceTrade for invoices that became `void` (by status and updated time, with its own
/// cursor) and turns each into an `invoice.void` work item — or into nothing but an audit note
/// when FieldLedger never took the invoice in (voided before it was approved: nothing to reverse).
///
/// In the same transaction it supersedes the invoice's `invoice.post` / `creditmemo.post` items
/// that have not reached Business Central (received, ready, failed, retry_wait, blocked), so they
/// can never post after the void. An item in `posting` is left for `InvoiceVoidProcessor`, which
/// resolves it by looking its natural key up first. Intake never calls the ERP. Re-reading the
/// same void is harmless: the inbox refuses an identical payload.
struct InvoiceVoidIntake: Sendable {
    let st: ServiceTradeClient
    let store: Store

    static let cursorEntity = "invoice.void"
    /// The flows whose items a void replaces.
    static let postingFlows = [InvoicePostFlow.name, CreditMemoPostFlow.name]

    /// Returns how many new void work items were created.
    func run() async throws -> Int {
        let cursor = try SyncCursor.position(system: "servicetrade", entity: Self.cursorEntity, in: store)
        var filters = [("status", "void")]
        // One second of overlap: ServiceTrade's times are whole seconds and its filter is strict.
        if let cursor, let seconds = Int(cursor) { filters.append(("updatedAfter", String(seconds - 1))) }
        let invoices = try await st.list("invoice", plural: "invoices", filters: filters)
        var created = 0
        for invoice in invoices { if try accept(invoice, channel: "poll") { created += 1 } }
        let newest = invoices.compactMap { $0["updated"]?.intValue }.max()
        if let newest, newest > Int(cursor ?? "") ?? Int.min {
            try store.write { db in
                try SyncCursor.set(system: "servicetrade", entity: Self.cursorEntity, to: String(newest), in: db)
            }
        }
        return created
    }

    /// Stores one void; true when it became a new `invoice.void` work item. Ignores anything that
    /// is not a void (a webhook may hand over any version).
    func accept(_ invoice: JSONObject, channel: String) throws -> Bool {
        guard invoice["status"]?.stringValue == "void", let idValue = invoice["id"],
              let id = idValue.numberValue?.literal ?? idValue.stringValue else { return false }
        let payload = JSONValue.object(invoice).serialized()
        let hash = SHA256.hash(data: Data(payload.utf8)).hexString
        let version = invoice["updated"]?.numberValue?.literal
        let number = invoice["invoiceNumber"]?.stringValue
        let subject = "servicetrade:invoice:\(id)"
        return try store.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO inbox (source_system, channel, entity, source_id, source_version, payload, payload_sha256, received_at)
                VALUES ('servicetrade', ?, 'invoice', ?, ?, ?, ?, ?)
                """, arguments: [channel, id, version, payload, hash, Timestamp.now()])
            guard db.changesCount > 0 else { return false }
            let inboxID = db.lastInsertedRowID
            defer { try? db.execute(sql: "UPDATE inbox SET processed_at = ? WHERE id = ?", arguments: [Timestamp.now(), inboxID]) }

            let flows = Self.postingFlows
            let taken = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM work_items WHERE source_system = 'servicetrade' AND source_id = ? AND flow IN (?, ?)
                """, arguments: [id, flows[0], flows[1]]) ?? 0
            let linked = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM links WHERE erp_system = 'businesscentral' AND source_system = 'servicetrade'
                  AND source_entity = 'invoice' AND source_id = ?
                """, arguments: [id]) ?? 0
            guard taken > 0 || linked > 0 else {
                // Voided before it was ever approved: there is nothing in Business Central to reverse.
                try AuditLog.append(NewAuditEvent(actor: .engine, action: "invoice.void_ignored", subject: subject, details: [
                    "sourceRef": number.map(JSONValue.string) ?? .null, "channel": .string(channel),
                    "reason": "never approved: FieldLedger holds no posting for it, so there is nothing to reverse",
                ]), in: db)
                return false
            }
            let already = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM work_items WHERE source_system = 'servicetrade' AND source_id = ? AND flow = ?
                """, arguments: [id, InvoiceVoidFlow.name]) ?? 0
            // A void is terminal in ServiceTrade: a later version of the same void (a comment, an
            // external id) needs no second work item.
            guard already == 0 else { return false }
            var item = WorkItem(flow: InvoiceVoidFlow.name, sourceSystem: "servicetrade", sourceEntity: "invoice", sourceId: id,
                                sourceRef: number, sourceVersion: version,
                                naturalKey: number.map { InvoiceVoidProcessor.naturalKey(forInvoiceNumber: $0) }, payload: payload)
            item.inboxId = inboxID
            try item.insert(recordingBy: .engine, in: db)
            let pending = try WorkItem.fetchAll(db, sql: """
                SELECT * FROM work_items WHERE source_system = 'servicetrade' AND source_id = ? AND flow IN (?, ?)
                  AND state IN ('received', 'ready', 'failed', 'retry_wait', 'blocked')
                """, arguments: [id, flows[0], flows[1]])
            for var old in pending {
                old.supersededBy = item.id
                try old.move(to: .superseded, by: .engine,
                             details: ["by": .number(JSONNumber(item.id ?? 0)), "reason": "voided in ServiceTrade"], in: db)
            }
            return true
        }
    }
}
