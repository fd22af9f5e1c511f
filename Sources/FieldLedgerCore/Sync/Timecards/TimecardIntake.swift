import Crypto
import FieldLedgerHTTP
import Foundation
import GRDB

/// Polls ServiceTrade clock events changed since the cursor (approved or not: an edit or an
/// un-approval changes a timecard's sum), works out which timecards (technician + job + day +
/// activity) they touch, re-sums each touched timecard from its approved, closed clock events, and
/// stores each new sum as an inbox row and a `timecard.post` work item, superseding older versions
/// that have not posted. Intake never calls the ERP; an unchanged sum is refused by the inbox.
struct TimecardIntake: Sendable {
    let st: ServiceTradeClient
    let store: Store

    static let cursorEntity = "clockevent.updated"

    /// Returns how many new work items were created.
    func run() async throws -> Int {
        let cursor = try SyncCursor.position(system: "servicetrade", entity: Self.cursorEntity, in: store)
        var filters: [(String, String)] = []
        // One second of overlap: ServiceTrade's times are whole seconds and its filter is strict.
        if let cursor, let seconds = Int(cursor) { filters.append(("updatedAfter", String(seconds - 1))) }
        var changed: [JSONObject] = []
        var newest: Int?
        try await st.forEachPage("clockevent", plural: "clockEvents", filters: filters) { events in
            for event in events {
                changed.append(event)
                if let updated = event["updated"]?.intValue { newest = max(newest ?? updated, updated) }
            }
        }
        // Without a cursor the listing is complete, so timecards are summed from it directly;
        // afterwards each touched timecard is re-read from ServiceTrade.
        var touched: [String: JSONObject] = [:]
        for event in changed { if let key = Self.key(of: event) { touched[key] = event } }
        var created = 0
        var branches: [String: String?] = [:]
        for (key, event) in touched.sorted(by: { $0.key < $1.key }) {
            let members = cursor == nil ? changed : try await groupEvents(like: event)
            guard var timecard = Self.timecard(key: key, from: members) else { continue }
            if branches[timecard.jobID] == nil {
                branches[timecard.jobID] = try await st.get("job", id: timecard.jobID)?["region"]?["name"]?.stringValue
            }
            timecard.branch = branches[timecard.jobID] ?? nil
            if try accept(timecard, version: newest, channel: "poll") { created += 1 }
        }
        if let newest, newest > Int(cursor ?? "") ?? Int.min {
            try store.write { db in
                try SyncCursor.set(system: "servicetrade", entity: Self.cursorEntity, to: String(newest), in: db)
            }
        }
        return created
    }

    /// The approved clock events of the same technician, job and activity (ServiceTrade cannot
    /// filter by day; `timecard(key:from:)` keeps the day's).
    private func groupEvents(like event: JSONObject) async throws -> [JSONObject] {
        guard let user = event["user"]?["id"]?.intValue, let job = event["job"]?["id"]?.intValue,
              let activity = event["activity"]?.stringValue else { return [] }
        return try await st.list("clockevent", plural: "clockEvents", filters: [
            ("userId", String(user)), ("jobId", String(job)), ("activity", activity), ("approved", "true")])
    }

    /// The timecard key of a clock event of job time with a start, else nil.
    static func key(of event: JSONObject) -> String? {
        guard let user = event["user"]?["id"]?.intValue, let number = event["job"]?["number"]?.stringValue,
              let activity = event["activity"]?.stringValue, Timecard.jobActivities.contains(activity),
              let start = event["startTime"]?.intValue else { return nil }
        return Timecard.key(technicianID: String(user), jobNumber: number, date: Timecard.day(ofUnixSeconds: start), activity: activity)
    }

    /// Sums the approved, closed events of `key` among `events`; nil when there are none (a
    /// timecard never approved has nothing to post).
    static func timecard(key: String, from events: [JSONObject]) -> Timecard? {
        let members = events.filter {
            Self.key(of: $0) == key && $0["approved"]?.boolValue == true && $0["endTime"]?.intValue != nil
        }.sorted { ($0["id"]?.intValue ?? 0) < ($1["id"]?.intValue ?? 0) }
        guard let first = members.first, let user = first["user"]?["id"]?.intValue, let job = first["job"]?["id"]?.intValue,
              let number = first["job"]?["number"]?.stringValue, let activity = first["activity"]?.stringValue,
              let start = first["startTime"]?.intValue else { return nil }
        let seconds = members.reduce(0) { total, event in
            let elapsed = event["elapsedTime"]?.intValue
                ?? ((event["endTime"]?.intValue ?? 0) - (event["startTime"]?.intValue ?? 0))
            return total + max(0, elapsed)
        }
        return Timecard(technicianID: String(user), technicianName: first["user"]?["name"]?.stringValue ?? "technician \(user)",
                        jobID: String(job), jobNumber: number, date: Timecard.day(ofUnixSeconds: start), activity: activity,
                        seconds: seconds, clockEventIDs: members.compactMap { $0["id"]?.intValue.map(String.init) })
    }

    /// Stores one timecard sum; true when it became a new work item.
    func accept(_ timecard: Timecard, version: Int?, channel: String) throws -> Bool {
        let payload = JSONValue.object(timecard.json).serialized()
        let hash = SHA256.hash(data: Data(payload.utf8)).hexString
        let id = timecard.key
        return try store.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO inbox (source_system, channel, entity, source_id, source_version, payload, payload_sha256, received_at)
                VALUES ('servicetrade', ?, 'timecard', ?, ?, ?, ?, ?)
                """, arguments: [channel, id, version.map(String.init), payload, hash, Timestamp.now()])
            guard db.changesCount > 0 else { return false }
            let inboxID = db.lastInsertedRowID
            var item = WorkItem(flow: TimecardFlow.name, sourceSystem: "servicetrade", sourceEntity: "timecard", sourceId: id,
                                sourceRef: id, sourceVersion: version.map(String.init), naturalKey: nil, payload: payload)
            item.inboxId = inboxID
            try item.insert(recordingBy: .engine, in: db)
            let older = try WorkItem.fetchAll(db, sql: """
                SELECT * FROM work_items WHERE source_system = 'servicetrade' AND source_entity = 'timecard' AND source_id = ?
                  AND flow = ? AND id != ? AND state IN ('received', 'ready', 'failed', 'retry_wait', 'blocked')
                """, arguments: [id, TimecardFlow.name, item.id])
            for var old in older {
                old.supersededBy = item.id
                try old.move(to: .superseded, by: .engine, details: ["by": .number(JSONNumber(item.id ?? 0))], in: db)
            }
            try db.execute(sql: "UPDATE inbox SET processed_at = ? WHERE id = ?", arguments: [Timestamp.now(), inboxID])
            return true
        }
    }
}
