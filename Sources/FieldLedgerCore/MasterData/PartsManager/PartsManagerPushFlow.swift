import FieldLedgerHTTP
import Foundation
import GRDB

/// Business Central vendors and items → PartsManager (issue 6). Business Central is their system of
/// record: a PartsManager-side edit of a mapped field is overwritten on the next cycle and logged
/// as a conflict, field by field, decided by `businesscentral`.
struct PartsManagerPushFlow: SyncFlow {
    let entity: PartsManagerEntity
    var name: String { "\(entity.kind).sync" }

    static let vendors = PartsManagerPushFlow(entity: .vendor)
    static let items = PartsManagerPushFlow(entity: .item)

    func run(_ cycle: SyncCycle) async throws -> FlowCounts {
        // Without a configured PartsManager there is nothing to push to.
        guard let pm = cycle.pm else { return FlowCounts(flow: name) }
        return try await MasterDataFailure.contained(flow: name, store: cycle.store) {
            try await PartsManagerPush(store: cycle.store, pm: pm, entity: entity).run()
        }
    }
}

/// One pass for one entity.
///
/// Change detection: Business Central records from `reference_data` (refreshed by
/// `lastModifiedDateTime` at the start of every cycle) newer than this flow's cursor; PartsManager
/// records by an `updatedAfter` cursor — so a PartsManager-side edit is seen on the next cycle.
/// A field is written only when the two systems differ, and what was written is the new base, so
/// reading back FieldLedger's own write is never a change (no echo).
///
/// First sync: an uncoupled Business Central record is matched to a PartsManager one by number
/// (vendor code / sku), then by external id; one that matches nothing is created in PartsManager.
/// A lost create answer is harmless: the next cycle finds the record by number and couples it.
struct PartsManagerPush: Sendable {
    let store: Store
    let pm: PartsManagerClient
    let entity: PartsManagerEntity

    var bcCursor: String { "\(entity.kind).sync:businesscentral" }
    var pmCursor: String { "\(entity.kind).sync:partsmanager" }
    var kind: MasterDataCoupling.Kind { MasterDataCoupling.Kind(kind: entity.kind, sourceSystem: "partsmanager", sourceEntity: entity.kind) }

    func run() async throws -> FlowCounts {
        var counts = FlowCounts(flow: "\(entity.kind).sync")
        let bcSince = try SyncCursor.position(system: "fieldledger", entity: bcCursor, in: store)
        let pmSince = try SyncCursor.position(system: "partsmanager", entity: pmCursor, in: store)
        let bcRecords: [String: CachedRecord]
        var links: Links
        (bcRecords, links) = try loadState()
        let changedBC = bcRecords.filter { bcSince == nil || ($0.value.modified ?? "") > (bcSince ?? "") }
        let changedPM = try await pm.list(entity.pmResource, filters: pmSince.map { [("updatedAfter", $0)] } ?? [])
        var pmByID: [String: JSONObject] = [:]
        for record in changedPM { if let id = MasterDataText.id(record["_id"]) { pmByID[id] = record } }

        // Pairs to look at: coupled records changed on either side, and new couplings.
        var pairs: [String: Link] = [:]
        var everyPM: [JSONObject]? = bcSince == nil && pmSince == nil ? changedPM : nil
        var allWell = true
        for (bcID, record) in changedBC.sorted(by: { $0.key < $1.key }) {
            if let link = links.byBC[bcID] { pairs[link.sourceId] = link; continue }
            do {
                if everyPM == nil { everyPM = try await pm.list(entity.pmResource) }
                let (link, created) = try await couple(record.json, bcID: bcID, candidates: everyPM ?? [])
                guard let link else { continue }
                links.byBC[bcID] = link
                pairs[link.sourceId] = link
                if let created { pmByID[link.sourceId] = created; everyPM?.append(created) }
            } catch {
                allWell = false
                counts.failed += 1
                MasterDataFailure.record(error, subject: entity.bcRef(record.json), details: [:], in: store)
            }
        }
        for id in pmByID.keys { if let link = links.byPM[id] { pairs[id] = link } }

        for (pmID, link) in pairs.sorted(by: { $0.key < $1.key }) {
            do {
                guard let bc = bcRecords[link.erpId.lowercased()]?.json else { continue }
                var record = pmByID[pmID]
                if record == nil, let id = Int(pmID) { record = try await pm.get(entity.pmResource, id: id) }
                guard let record else { continue }
                if try await reconcile(link, pm: record, bc: bc) { counts.posted += 1 }
            } catch {
                allWell = false
                counts.failed += 1
                MasterDataFailure.record(error, subject: "partsmanager:\(entity.kind):\(pmID)",
                                         details: ["bcRef": .string(link.erpNumber ?? link.erpId)], in: store)
            }
        }
        counts.received = counts.posted + counts.failed
        if allWell {
            let bcNewest = changedBC.values.compactMap(\.modified).max()
            // Our own writes move PartsManager's `updatedAt` past this: they are read once more
            // next cycle, found equal to the base, and not written again.
            let pmNewest = changedPM.compactMap { $0["updatedAt"]?.stringValue }.max()
            try store.write { db in
                if let bcNewest, bcNewest > (bcSince ?? "") { try SyncCursor.set(system: "fieldledger", entity: bcCursor, to: bcNewest, in: db) }
                if let pmNewest, pmNewest > (pmSince ?? "") { try SyncCursor.set(system: "partsmanager", entity: pmCursor, to: pmNewest, in: db) }
            }
        }
        return counts
    }
}
