import FieldLedgerHTTP
import Foundation
import GRDB

/// The `master_data_base` rows of one coupled record (a `links` row): per mapped field, what each
/// system held when FieldLedger last brought them into agreement. Every master-data flow (two-way
/// or one-way) reads and writes its base here, so "changed since the last sync" means the same
/// thing everywhere and a value FieldLedger wrote itself never comes back as a change.
enum MasterDataBase {
    /// One field's values as the systems hold them now, to be recorded as the new base.
    struct Entry: Sendable {
        var field: String
        var st: String?
        var bc: String?
    }

    /// What was just written, for the `masterdata.updated` audit event.
    struct Write: Sendable {
        var system: MasterDataSystem
        var changes: JSONObject
    }

    static func load(linkID: Int64?, _ store: Store) throws -> [String: FieldReconciler.Base] {
        try store.read { db in
            var base: [String: FieldReconciler.Base] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT field, st_value, bc_value FROM master_data_base WHERE link_id = ?",
                                        arguments: [linkID]) {
                base[row["field"]] = FieldReconciler.Base(st: row["st_value"], bc: row["bc_value"])
            }
            return base
        }
    }

    /// Records `entries` as the base, the conflicts (store and audit chain), and one
    /// `masterdata.updated` audit event for the write that just succeeded. Call inside `Store.write`.
    static func save(linkID: Int64?, entries: [Entry], stModified: String?, bcModified: String?,
                     conflicts: [MasterDataConflict], wrote: Write?, subject: String, bcRef: String, in db: Database) throws {
        let now = Timestamp.now()
        let statement = try db.cachedStatement(sql: """
            INSERT INTO master_data_base (link_id, field, st_value, bc_value, st_modified, bc_modified, synced_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (link_id, field) DO UPDATE SET st_value = excluded.st_value, bc_value = excluded.bc_value,
                st_modified = excluded.st_modified, bc_modified = excluded.bc_modified, synced_at = excluded.synced_at
            """)
        for entry in entries {
            try statement.execute(arguments: [linkID, entry.field, entry.st, entry.bc, stModified, bcModified, now])
        }
        for var conflict in conflicts { try conflict.record(in: db) }
        if let wrote {
            try AuditLog.append(NewAuditEvent(actor: .engine, action: "masterdata.updated", subject: subject,
                details: ["system": .string(wrote.system.rawValue), "bcRef": .string(bcRef), "changes": .object(wrote.changes)]), in: db)
        }
    }
}
