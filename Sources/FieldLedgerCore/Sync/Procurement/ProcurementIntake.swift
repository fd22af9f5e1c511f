import Crypto
import FieldLedgerHTTP
import Foundation
import GRDB

/// Intake shared by the procurement flows: polls one PartsManager resource for records changed
/// since the flow's cursor (`updatedAfter`, one second of overlap: the filter is strict and the
/// inbox refuses a version it already holds), turns each into FieldLedger's own payload, and
/// stores new versions as an inbox row and a work item, superseding older versions that have not
/// started posting. Intake never calls the ERP.
struct ProcurementIntake: Sendable {
    let pm: PartsManagerClient
    let store: Store
    /// The work items' flow, e.g. `purchase_order.post`.
    let flow: String
    /// `work_items.source_entity`, e.g. `purchaseOrder`.
    let entity: String
    let resource: PartsManagerResource

    /// The records changed since the cursor, and a commit that advances the cursor past them (run
    /// it after they are stored, so a crash between the two reads them again).
    func changed(filters: [(String, String)] = []) async throws -> (records: [JSONObject], commit: @Sendable () throws -> Void) {
        let cursorEntity = resource.rawValue + ".updated"
        let cursor = try SyncCursor.position(system: "partsmanager", entity: cursorEntity, in: store)
        var query = filters
        if let cursor, let date = Self.parse(cursor) {
            query.append(("updatedAfter", PartsManagerClient.timestamp(date.addingTimeInterval(-1))))
        }
        var records: [JSONObject] = []
        var newest = cursor
        try await pm.forEachPage(resource, filters: query) { page in
            for record in page {
                records.append(record)
                if let stamp = Self.stamp(of: record), stamp > (newest ?? "") { newest = stamp }
            }
        }
        let store = self.store
        let position = newest
        return (records, {
            guard let position, position != cursor else { return }
            try store.write { db in try SyncCursor.set(system: "partsmanager", entity: cursorEntity, to: position, in: db) }
        })
    }

    /// Stores one version of a source record; true when it became a new work item. Versions with
    /// an identical payload are refused by the inbox, so re-reading a record changes nothing.
    @discardableResult
    func accept(sourceID: String, sourceRef: String, version: String?, payload: JSONObject, channel: String = "poll") throws -> Bool {
        let text = JSONValue.object(payload).serialized()
        let hash = SHA256.hash(data: Data(text.utf8)).hexString
        let (flow, entity) = (self.flow, self.entity)
        return try store.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO inbox (source_system, channel, entity, source_id, source_version, payload, payload_sha256, received_at)
                VALUES ('partsmanager', ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [channel, entity, sourceID, version, text, hash, Timestamp.now()])
            guard db.changesCount > 0 else { return false }
            let inboxID = db.lastInsertedRowID
            var item = WorkItem(flow: flow, sourceSystem: "partsmanager", sourceEntity: entity, sourceId: sourceID,
                                sourceRef: sourceRef, sourceVersion: version, naturalKey: nil, payload: text)
            item.inboxId = inboxID
            try item.insert(recordingBy: .engine, in: db)
            let older = try WorkItem.fetchAll(db, sql: """
                SELECT * FROM work_items WHERE source_system = 'partsmanager' AND source_entity = ? AND source_id = ?
                  AND flow = ? AND id != ? AND state IN ('received', 'ready', 'failed', 'retry_wait', 'blocked')
                """, arguments: [entity, sourceID, flow, item.id])
            for var old in older {
                old.supersededBy = item.id
                try old.move(to: .superseded, by: .engine, details: ["by": .number(JSONNumber(item.id ?? 0))], in: db)
            }
            try db.execute(sql: "UPDATE inbox SET processed_at = ? WHERE id = ?", arguments: [Timestamp.now(), inboxID])
            return true
        }
    }

    /// `updatedAt`, or `createdAt` for records PartsManager never changes (receipts, adjustments).
    static func stamp(of record: JSONObject) -> String? {
        record["updatedAt"]?.stringValue ?? record["createdAt"]?.stringValue
    }

    /// PartsManager's `2026-11-20T17:00:00.000Z` (milliseconds optional).
    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}

extension ProcurementIntake {
    /// Whether FieldLedger ever took in this record (a void of one it never saw is ignored).
    func knows(_ sourceID: String) throws -> Bool {
        let entity = self.entity
        return try store.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM work_items WHERE source_system = 'partsmanager' AND source_entity = ? AND source_id = ?)
                """, arguments: [entity, sourceID]) ?? false
        }
    }

    /// Whether an older version of the same source record was ever sent (it may have been
    /// superseded while waiting to retry after a lost answer, its document created).
    static func earlierVersionAttempted(_ item: WorkItem, in store: Store) throws -> Bool {
        try store.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM work_items WHERE source_system = ? AND source_entity = ? AND source_id = ?
                  AND flow = ? AND id < ? AND attempts > 0)
                """, arguments: [item.sourceSystem, item.sourceEntity, item.sourceId, item.flow, item.id]) ?? false
        }
    }

    /// Whether an older version of the same source record is still in doubt (`posting`): a newer
    /// version must wait for it, or both could create the document.
    static func earlierVersionInDoubt(_ item: WorkItem, in store: Store) throws -> Bool {
        try store.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM work_items WHERE source_system = ? AND source_entity = ? AND source_id = ?
                  AND flow = ? AND id < ? AND state = 'posting')
                """, arguments: [item.sourceSystem, item.sourceEntity, item.sourceId, item.flow, item.id]) ?? false
        }
    }
}
