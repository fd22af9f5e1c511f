import FieldLedgerHTTP
import Foundation
import GRDB

/// Writes one validated timecard into Business Central exactly once (ARCHITECTURE §2.4).
///
/// `timeRegistrationEntries` have no external document number, so the natural key is employee +
/// date + project + job task (`TimecardPlan.naturalKey`). The work item goes to `posting` with that
/// key before anything is sent; then the entry is found — by the link of an earlier version, else
/// by `employeeId eq … and date eq …` (one day, inside the API's 70-day window) matched on project
/// and job task — and only created when absent. A found entry whose hours differ is PATCHed (with
/// its `If-Match` etag): that is how an edited timecard updates its entry instead of adding one.
/// Dimensions are set through the entry's `dimensionSetLines`, skipping those already right, so a
/// repeat after a lost answer changes nothing. The link and the audit event are one transaction.
struct TimecardPosting: Sendable {
    let bc: BusinessCentralClient
    let store: Store

    static let linkKind = "timeRegistrationEntry"

    /// The entry as Business Central holds it.
    struct Entry: Sendable {
        var id: String
        var etag: String
        var quantity: Decimal?
        var dimensions: [String: (id: String, value: String)]

        init?(_ json: JSONObject) {
            guard let id = json["id"]?.stringValue else { return nil }
            self.id = id.lowercased()
            etag = json["@odata.etag"]?.stringValue ?? "*"
            quantity = json["quantity"]?.decimalValue
            var dims: [String: (id: String, value: String)] = [:]
            for line in json["dimensionSetLines"]?.arrayValue ?? [] {
                guard let code = line["code"]?.stringValue, let dimID = line["id"]?.stringValue else { continue }
                dims[code.uppercased()] = (dimID, line["valueCode"]?.stringValue ?? "")
            }
            dimensions = dims
        }
    }

    /// Runs the protocol for `item`; returns the entry id.
    func post(_ item: inout WorkItem, plan: TimecardPlan) async throws -> String {
        let inDoubt = item.state == .posting || item.attempts > 0
        try store.write { db in
            item.naturalKey = plan.naturalKey
            try item.move(to: .posting, by: .engine,
                          details: ["naturalKey": .string(plan.naturalKey), "inDoubt": .bool(inDoubt)], in: db)
        }
        var action = "erp.adopted"
        var entry: Entry
        if let found = try await find(item, plan: plan) {
            entry = found
            if found.quantity != plan.quantity {
                let patched = try await bc.patch("timeRegistrationEntries(\(found.id))", etag: found.etag,
                                                 body: ["quantity": .decimal(plan.quantity)])
                entry.quantity = patched["quantity"]?.decimalValue ?? plan.quantity
                action = "erp.updated"
            }
            try audit(item, action, ["id": .string(found.id), "quantity": .decimal(plan.quantity)])
        } else {
            let created = try await bc.create("timeRegistrationEntries", body: plan.body)
            guard let id = created["id"]?.stringValue else {
                throw bc.shapeError("POST timeRegistrationEntries", "the created entry has no id")
            }
            action = "erp.created"
            try audit(item, action, ["id": .string(id), "quantity": .decimal(plan.quantity)])
            // Re-read with its dimensions: Business Central may have copied the employee's defaults.
            guard let fresh = try await read(id) else {
                throw bc.shapeError("GET timeRegistrationEntries", "the entry just created (\(id)) cannot be read back")
            }
            entry = fresh
        }
        try await setDimensions(entry, plan.dimensions)
        let final = entry
        try store.write { db in
            if var link = try Link.fetchOne(db, sql: """
                SELECT * FROM links WHERE erp_system = 'businesscentral' AND kind = ? AND source_system = ? AND source_entity = ? AND source_id = ?
                """, arguments: [Self.linkKind, item.sourceSystem, item.sourceEntity, item.sourceId]) {
                if link.erpId != final.id || link.workItemId != item.id {
                    link.erpId = final.id
                    link.workItemId = item.id
                    link.updatedAt = Timestamp.now()
                    try link.update(db)
                }
            } else {
                var link = Link(erpSystem: "businesscentral", kind: Self.linkKind, sourceSystem: item.sourceSystem,
                                sourceEntity: item.sourceEntity, sourceId: item.sourceId, sourceRef: item.sourceRef,
                                erpId: final.id, erpNumber: plan.naturalKey, workItemId: item.id)
                try link.insert(recordingBy: .engine, subject: item.subject, in: db)
            }
            try item.move(to: .posted, by: .engine, details: [
                "erpId": .string(final.id), "naturalKey": .string(plan.naturalKey), "how": .string(action),
                "quantity": .decimal(plan.quantity), "jobTask": .string(plan.jobTask)], in: db)
        }
        return final.id
    }

    /// The entry of an earlier version (by its link), else the one under the natural key.
    func find(_ item: WorkItem, plan: TimecardPlan) async throws -> Entry? {
        let linked = try store.read { db in
            try String.fetchOne(db, sql: """
                SELECT erp_id FROM links WHERE erp_system = 'businesscentral' AND kind = ? AND source_system = ? AND source_entity = ? AND source_id = ?
                """, arguments: [Self.linkKind, item.sourceSystem, item.sourceEntity, item.sourceId])
        }
        if let linked, let entry = try await read(linked) { return entry }
        return try await lookUp(plan)
    }

    /// `timeRegistrationEntries?$filter=employeeId eq {id} and date eq {day}`, matched on project
    /// and job task. Both values come from our own validated data (a GUID and a `YYYY-MM-DD`).
    func lookUp(_ plan: TimecardPlan) async throws -> Entry? {
        guard Self.isGUID(plan.employeeID), Self.isDay(plan.date) else { return nil }
        let entries = try await bc.list("timeRegistrationEntries", query: ODataQuery(
            filter: "employeeId eq \(plan.employeeID) and date eq \(plan.date)", expand: ["dimensionSetLines"]))
        let match = entries.first {
            $0["jobNumber"]?.stringValue?.uppercased() == plan.projectNumber.uppercased()
                && $0["jobTaskNumber"]?.stringValue?.uppercased() == plan.jobTask.uppercased()
        }
        return match.flatMap(Entry.init)
    }

    private func read(_ id: String) async throws -> Entry? {
        guard Self.isGUID(id) else { return nil }
        return try await bc.get("timeRegistrationEntries(\(id))", query: ODataQuery(expand: ["dimensionSetLines"])).flatMap(Entry.init)
    }

    /// Adds missing dimension lines and corrects wrong values; leaves right ones alone.
    private func setDimensions(_ entry: Entry, _ wanted: [String: String]) async throws {
        for (code, value) in wanted.sorted(by: { $0.key < $1.key }) {
            if let line = entry.dimensions[code.uppercased()] {
                guard line.value.uppercased() != value.uppercased() else { continue }
                _ = try await bc.patch("timeRegistrationEntries(\(entry.id))/dimensionSetLines(\(line.id))", etag: "*",
                                       body: ["valueCode": .string(value)])
            } else {
                do {
                    _ = try await bc.create("timeRegistrationEntries(\(entry.id))/dimensionSetLines",
                                            body: ["code": .string(code), "valueCode": .string(value)])
                } catch let error as RemoteError where error.status == 400 || error.status == 409 {
                    // A line that landed although its answer was lost: re-read and correct it if needed.
                    guard let fresh = try await read(entry.id), let line = fresh.dimensions[code.uppercased()] else { throw error }
                    if line.value.uppercased() != value.uppercased() {
                        _ = try await bc.patch("timeRegistrationEntries(\(entry.id))/dimensionSetLines(\(line.id))", etag: "*",
                                               body: ["valueCode": .string(value)])
                    }
                }
            }
        }
    }

    static func isGUID(_ text: String) -> Bool {
        text.count == 36 && text.allSatisfy { $0.isHexDigit || $0 == "-" }
    }

    static func isDay(_ text: String) -> Bool {
        text.count == 10 && text.enumerated().allSatisfy { index, c in [4, 7].contains(index) ? c == "-" : c.isNumber }
    }

    private func audit(_ item: WorkItem, _ action: String, _ details: JSONObject) throws {
        try store.write { db in
            try AuditLog.append(NewAuditEvent(actor: .engine, action: action, subject: item.subject, workItemId: item.id,
                                              details: details), in: db)
        }
    }
}
