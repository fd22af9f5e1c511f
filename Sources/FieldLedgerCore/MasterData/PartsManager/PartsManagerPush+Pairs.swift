import FieldLedgerHTTP
import Foundation
import GRDB

extension PartsManagerPush {
    struct CachedRecord: Sendable { var json: JSONObject; var modified: String? }
    struct Links: Sendable {
        var byBC: [String: Link]
        var byPM: [String: Link]
    }

    /// Business Central's records (by lower-case id) and this entity's links.
    func loadState() throws -> ([String: CachedRecord], Links) {
        try store.read { db in
            var records: [String: CachedRecord] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT erp_id, data, last_modified FROM reference_data WHERE erp_system = 'businesscentral' AND entity = ?
                """, arguments: [entity.bcSet]) {
                guard let json = (try? JSONValue(parsing: row["data"] as String))?.objectValue else { continue }
                records[(row["erp_id"] as String).lowercased()] = CachedRecord(json: json, modified: row["last_modified"])
            }
            let links = try Link.fetchAll(db, sql: """
                SELECT * FROM links WHERE erp_system = 'businesscentral' AND kind = ? AND source_system = 'partsmanager'
                  AND source_entity = ?
                """, arguments: [entity.kind, entity.kind])
            return (records, Links(byBC: Dictionary(links.map { ($0.erpId.lowercased(), $0) }, uniquingKeysWith: { a, _ in a }),
                                   byPM: Dictionary(links.map { ($0.sourceId, $0) }, uniquingKeysWith: { a, _ in a })))
        }
    }

    /// Couples a Business Central record to its PartsManager counterpart by the first match rule
    /// that finds exactly one free record, or creates it in PartsManager. Several matches are
    /// reported for a person (`master_data_matches`) and nothing is coupled.
    func couple(_ bc: JSONObject, bcID: String, candidates: [JSONObject]) async throws -> (Link?, created: JSONObject?) {
        let coupled = try store.read { db in
            try Set(String.fetchAll(db, sql: """
                SELECT source_id FROM links WHERE kind = ? AND source_system = 'partsmanager' AND source_entity = ?
                """, arguments: [entity.kind, entity.kind]))
        }
        let free = candidates.filter { !coupled.contains(MasterDataText.id($0["_id"]) ?? "") }
        for (rule, test) in entity.matches {
            let hits = free.filter { test($0, bc) }
            if hits.count > 1 {
                let open = try store.read { db in
                    try Int.fetchOne(db, sql: """
                        SELECT count(*) FROM master_data_matches WHERE entity = ? AND source_id = ? AND status = 'ambiguous'
                        """, arguments: [entity.kind, bcID]) ?? 0
                }
                if open == 0 {
                    try store.write { db in
                        try MasterDataCoupling.recordAmbiguous(
                            MasterDataCoupling.Kind(kind: entity.kind, sourceSystem: "businesscentral", sourceEntity: entity.kind),
                            sourceID: bcID, sourceRef: MasterDataText.text(bc["number"]),
                            candidates: hits.map { (MasterDataText.id($0["_id"]) ?? "", ["number": $0[entity.pmKey] ?? .null,
                                                                                          "displayName": $0["name"] ?? .null]) },
                            reason: "\(hits.count) PartsManager \(entity.kind)s match Business Central \(entity.kind) \(MasterDataText.text(bc["number"])) by \(rule); couple one by hand.",
                            in: db)
                    }
                }
                return (nil, nil)
            }
            if let hit = hits.first, let pmID = MasterDataText.id(hit["_id"]) {
                return (try link(pmID: pmID, pm: hit, bcID: bcID, bc: bc, rule: rule), nil)
            }
        }
        var record = entity.identity(bc)
        var writes: [FieldWrite] = []
        for field in entity.fields {
            if let value = field.fromBusinessCentral(bc), let write = field.toPartsManager(value) { writes.append(write) }
        }
        for (key, value) in body(writes, [:]) { record[key] = value }
        let created = try await pm.create(entity.pmResource, record)
        guard let pmID = MasterDataText.id(created["_id"]) else {
            throw pm.shapeError("POST \(entity.pmResource.rawValue)", "the created \(entity.kind) has no _id")
        }
        return (try link(pmID: pmID, pm: created, bcID: bcID, bc: bc, rule: "created"), created)
    }

    private func link(pmID: String, pm record: JSONObject, bcID: String, bc: JSONObject, rule: String) throws -> Link {
        try store.write { db in
            try MasterDataCoupling.couple(kind, sourceID: pmID, sourceRef: MasterDataText.text(record[entity.pmKey]), erpID: bcID,
                                          erpNumber: MasterDataText.text(bc["number"]), by: .engine, rule: rule, in: db)
        }
    }

    /// The PUT body of mapped writes (address members merged into the current address object).
    func body(_ writes: [FieldWrite], _ record: JSONObject) -> JSONObject {
        FieldWrite.body(writes, record, address: entity.address ?? FieldWrite.serviceTradeAddress)
    }

    /// Brings one coupled pair into Business Central's state, logging each PartsManager-side
    /// change it overwrites as a conflict; records the new base. Returns whether it wrote.
    func reconcile(_ link: Link, pm record: JSONObject, bc: JSONObject) async throws -> Bool {
        let base = try MasterDataBase.load(linkID: link.id, store)
        let pmModified = record["updatedAt"]?.stringValue, bcModified = bc["lastModifiedDateTime"]?.stringValue
        let pmRef = entity.pmRef(record), bcRef = entity.bcRef(bc)
        var writes: [FieldWrite] = [], conflicts: [MasterDataConflict] = []
        for field in entity.fields {
            let pmValue = field.fromPartsManager(record), bcValue = field.fromBusinessCentral(bc)
            guard case .write(_, let value, let decided) = FieldReconciler.decideFromBusinessCentral(
                target: pmValue, bc: bcValue, base: base[field.name]), let write = field.toPartsManager(value) else { continue }
            writes.append(write)
            if let decided {
                conflicts.append(MasterDataConflict(entity: entity.kind, linkId: link.id, stRef: pmRef, bcRef: bcRef, field: field.name,
                    stValue: pmValue, bcValue: bcValue, stModified: pmModified, bcModified: bcModified,
                    rule: decided.rule, winner: decided.winner, decidedAt: Timestamp.now(), auditEventId: nil))
            }
        }
        var current = record
        var wrote: MasterDataBase.Write?
        if !writes.isEmpty, let id = Int(link.sourceId) {
            let changes = body(writes, record)
            current = try await pm.update(entity.pmResource, id: id, changes)
            wrote = MasterDataBase.Write(system: .partsmanager, changes: changes)
        }
        let entries = entity.fields.map { MasterDataBase.Entry(field: $0.name, st: $0.fromPartsManager(current), bc: $0.fromBusinessCentral(bc)) }
        try store.write { db in
            try MasterDataBase.save(linkID: link.id, entries: entries, stModified: current["updatedAt"]?.stringValue ?? pmModified,
                                    bcModified: bcModified, conflicts: conflicts, wrote: wrote, subject: pmRef, bcRef: bcRef, in: db)
        }
        return wrote != nil
    }
}
