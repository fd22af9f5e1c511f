import Crypto
import FieldLedgerHTTP
import Foundation
import GRDB

/// Polls ServiceTrade for approved invoices (`pending_accounting`) changed since the cursor and
/// turns each new version into an inbox row and an `invoice.post` work item, superseding older
/// versions that have not posted. Intake never calls the ERP. Re-reading the same version is
/// harmless: the inbox refuses an identical payload.
struct InvoiceIntake: Sendable {
    let st: ServiceTradeClient
    let store: Store

    static let cursorEntity = "invoice.pending_accounting"

    /// Returns how many new work items were created.
    func run() async throws -> Int {
        let cursor = try store.read { db in
            try String.fetchOne(db, sql: "SELECT position FROM cursors WHERE system = 'servicetrade' AND entity = ?",
                                arguments: [Self.cursorEntity])
        }
        var filters = [("status", "pending_accounting")]
        // One second of overlap: ServiceTrade's times are whole seconds and its filter is strict.
        if let cursor, let seconds = Int(cursor) { filters.append(("updatedAfter", String(seconds - 1))) }
        var created = 0
        var newest: Int?
        // Page by page: however many invoices are waiting, one page is held in memory.
        try await st.forEachPage("invoice", plural: "invoices", filters: filters) { invoices in
            for invoice in invoices {
                if try accept(invoice, channel: "poll") { created += 1 }
                if let updated = invoice["updated"]?.intValue { newest = max(newest ?? updated, updated) }
            }
        }
        if let newest, newest > Int(cursor ?? "") ?? Int.min {
            try store.write { db in
                try db.execute(sql: """
                    INSERT INTO cursors (system, entity, position, updated_at) VALUES ('servicetrade', ?, ?, ?)
                    ON CONFLICT (system, entity) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
                    """, arguments: [Self.cursorEntity, String(newest), Timestamp.now()])
            }
        }
        return created
    }

    /// Stores one invoice version; true when it became a new work item.
    func accept(_ invoice: JSONObject, channel: String) throws -> Bool {
        guard let idValue = invoice["id"], let id = idValue.numberValue?.literal ?? idValue.stringValue else { return false }
        let payload = JSONValue.object(invoice).serialized()
        let hash = SHA256.hash(data: Data(payload.utf8)).hexString
        let version = invoice["updated"]?.numberValue?.literal
        let number = invoice["invoiceNumber"]?.stringValue
        return try store.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO inbox (source_system, channel, entity, source_id, source_version, payload, payload_sha256, received_at)
                VALUES ('servicetrade', ?, 'invoice', ?, ?, ?, ?, ?)
                """, arguments: [channel, id, version, payload, hash, Timestamp.now()])
            guard db.changesCount > 0 else { return false }
            let inboxID = db.lastInsertedRowID
            var item = WorkItem(flow: "invoice.post", sourceSystem: "servicetrade", sourceEntity: "invoice", sourceId: id,
                                sourceRef: number, sourceVersion: version, naturalKey: number?.uppercased(), payload: payload)
            item.inboxId = inboxID
            try item.insert(recordingBy: .engine, in: db)
            // Older versions that have not reached the ERP are replaced by this one.
            let older = try WorkItem.fetchAll(db, sql: """
                SELECT * FROM work_items WHERE source_system = 'servicetrade' AND source_id = ? AND flow = 'invoice.post'
                  AND id != ? AND state IN ('received', 'ready', 'failed', 'retry_wait', 'blocked')
                """, arguments: [id, item.id])
            for var old in older {
                old.supersededBy = item.id
                try old.move(to: .superseded, by: .engine, details: ["by": .number(JSONNumber(item.id ?? 0))], in: db)
            }
            try db.execute(sql: "UPDATE inbox SET processed_at = ? WHERE id = ?", arguments: [Timestamp.now(), inboxID])
            return true
        }
    }
}
