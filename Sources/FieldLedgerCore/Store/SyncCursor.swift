import GRDB

/// A polling checkpoint (a row of `cursors`): where a flow's last read of a system ended, e.g.
/// the newest ServiceTrade `updated` or Business Central `lastModifiedDateTime` seen. Every
/// intake reads and advances its position here.
enum SyncCursor {
    static func position(system: String, entity: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT position FROM cursors WHERE system = ? AND entity = ?", arguments: [system, entity])
    }

    static func position(system: String, entity: String, in store: Store) throws -> String? {
        try store.read { db in try position(system: system, entity: entity, in: db) }
    }

    static func set(system: String, entity: String, to position: String, at time: String = Timestamp.now(), in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO cursors (system, entity, position, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (system, entity) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
            """, arguments: [system, entity, position, time])
    }
}
