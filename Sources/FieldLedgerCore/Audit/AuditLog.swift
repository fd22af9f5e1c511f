import FieldLedgerHTTP
import Foundation
import GRDB

/// Appends to and reads the audit trail. Appends happen inside the caller's write transaction so
/// an event and the state change it describes commit together or not at all.
public enum AuditLog {
    /// Appends one event, chained to the current head. Call inside `Store.write`.
    @discardableResult
    public static func append(_ event: NewAuditEvent, at date: Date = Date(), in db: Database) throws -> AuditEvent {
        try append(event, at: date, after: head(in: db), in: db)
    }

    /// Appends several events in order (one head lookup), for bulk work in one transaction.
    public static func append(_ events: [NewAuditEvent], at date: Date = Date(), in db: Database) throws {
        var prev = try head(in: db)
        for event in events { prev = try append(event, at: date, after: prev, in: db).hash }
    }

    /// The newest event's hash (a cached statement: every append asks).
    private static func head(in db: Database) throws -> String {
        try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1")) ?? AuditChain.genesis
    }

    private static func append(_ event: NewAuditEvent, at date: Date, after prevHash: String,
                               in db: Database) throws -> AuditEvent {
        let at = Timestamp.string(date)
        let details = JSONValue.object(event.details).serialized(sortedKeys: true)
        let hash = AuditChain.hash(at: at, actor: event.actor.name, action: event.action, subject: event.subject,
                                   workItemId: event.workItemId, details: details, prevHash: prevHash)
        let statement = try db.cachedStatement(sql: """
            INSERT INTO audit_events (at, actor, action, subject, work_item_id, details, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [at, event.actor.name, event.action, event.subject, event.workItemId,
                                          details, prevHash, hash])
        return AuditEvent(seq: db.lastInsertedRowID, at: at, actor: event.actor.name, action: event.action,
                          subject: event.subject, workItemId: event.workItemId, details: details,
                          prevHash: prevHash, hash: hash)
    }

    /// Events of one work item, in order (indexed).
    public static func events(forWorkItem id: Int64, in db: Database) throws -> [AuditEvent] {
        try AuditEvent.fetchAll(db, sql: "SELECT * FROM audit_events WHERE work_item_id = ? ORDER BY seq", arguments: [id])
    }

    /// Events about one subject (e.g. `servicetrade:invoice:1234`), in order (indexed).
    public static func events(forSubject subject: String, in db: Database) throws -> [AuditEvent] {
        try AuditEvent.fetchAll(db, sql: "SELECT * FROM audit_events WHERE subject = ? ORDER BY seq", arguments: [subject])
    }

    /// A page of the trail, newest first, before `seq` (keyset pagination for the sync log).
    public static func page(before seq: Int64? = nil, limit: Int, in db: Database) throws -> [AuditEvent] {
        if let seq {
            return try AuditEvent.fetchAll(db, sql: "SELECT * FROM audit_events WHERE seq < ? ORDER BY seq DESC LIMIT ?",
                                           arguments: [seq, limit])
        }
        return try AuditEvent.fetchAll(db, sql: "SELECT * FROM audit_events ORDER BY seq DESC LIMIT ?", arguments: [limit])
    }
}
