import FieldLedgerHTTP
import Foundation
import GRDB

/// Why a procurement work item cannot be written now.
enum ProcurementStop: Error, Sendable {
    /// Needs a person (mapping, data): `failed`.
    case failed(SyncFailure)
    /// Waits for something that arrives by itself (a vendor, an item, its purchase order): `blocked`.
    case blocked(SyncFailure)
}

/// The state machine shared by the procurement flows: decode the stored payload, plan (which may
/// stop the item as `failed` or `blocked`), write exactly once, and classify errors (transient →
/// `retry_wait` with backoff, permanent → `failed`). The flows only supply `plan` and `post`.
struct ProcurementProcessor: Sendable {
    let store: Store
    let retry: RetryPolicy

    /// The codes of `blocked` items the flows retry every cycle.
    static let blockedCodes = ["VENDOR_NOT_LINKED", "ITEM_NOT_LINKED", "PURCHASE_ORDER_NOT_SYNCED", "EARLIER_VERSION_IN_DOUBT"]

    /// `rules` is the validator `plan` maps with: a `failed` stop is not recorded when the rules
    /// changed since it was loaded (`WorkItemSettlement.fail`); the item stays due.
    func process<Plan: Sendable>(_ workItem: WorkItem, rules: InvoiceValidator? = nil,
                                 plan: (JSONObject) async throws -> Plan,
                                 post: (inout WorkItem, Plan) async throws -> Void) async -> WorkOutcome {
        var item = workItem
        do {
            guard let payload = item.payload, let json = (try? JSONValue(parsing: payload))?.objectValue else {
                return try fail(&item, SyncFailure(code: "MALFORMED_SOURCE", object: item.subject,
                                                   message: "The stored PartsManager payload is not a JSON object.", remedy: nil))
            }
            if try ProcurementIntake.earlierVersionInDoubt(item, in: store) {
                return try block(&item, FailureCatalog.earlierVersionInDoubt(item.subject))
            }
            let planned = try await plan(json)
            if item.state == .received || item.state == .blocked || item.state == .failed {
                try store.write { db in try item.move(to: .ready, by: .engine, in: db) }
            }
            try await post(&item, planned)
            return .posted
        } catch ProcurementStop.failed(let failure) {
            return (try? fail(&item, failure, rules: rules)) ?? .failed
        } catch ProcurementStop.blocked(let failure) {
            return (try? block(&item, failure)) ?? .blocked
        } catch let error as RemoteError {
            return (try? handle(error, &item)) ?? .retrying
        } catch {
            let failure = FailureCatalog.internalError(error, item: item)
            return (try? fail(&item, failure)) ?? .failed
        }
    }

    private func fail(_ item: inout WorkItem, _ failure: SyncFailure, rules: InvoiceValidator? = nil) throws -> WorkOutcome {
        try WorkItemSettlement(store: store, retry: retry).fail(&item, failure, rules: rules)
    }

    private func block(_ item: inout WorkItem, _ failure: SyncFailure) throws -> WorkOutcome {
        // An item in doubt keeps `posting` until it is settled: only items not yet sent wait.
        guard item.state != .posting else { return .blocked }
        if item.state == .blocked && item.errorCode == failure.code && item.errorObject == failure.object { return .blocked }
        try store.write { db in try item.move(to: .blocked, failure: failure, by: .engine, in: db) }
        return .blocked
    }

    /// Transient: `retry_wait` with backoff (the next attempt looks the document up first);
    /// permanent: `failed` with the remote system's reason.
    private func handle(_ error: RemoteError, _ item: inout WorkItem) throws -> WorkOutcome {
        try WorkItemSettlement(store: store, retry: retry).handle(error, &item, permanent: { error in
            error.system == .partsManager ? FailureCatalog.sourceRejected(error) : FailureCatalog.erpRejected(error)
        })
    }
}

extension SyncCycle {
    /// This cycle with one worker: for flows whose writes to the same Business Central record
    /// must not interleave (receipts on one order, adjustments of one item).
    func serial() -> SyncCycle {
        var settings = self.settings
        settings.workers = 1
        return SyncCycle(store: store, bc: bc, st: st, pm: pm, settings: settings, logger: logger, rules: rules,
                         companies: companies)
    }

    /// Records the link of a source record to its Business Central document (created or updated)
    /// and moves the item to `posted`, in one transaction with their audit events.
    func link(_ item: inout WorkItem, kind: String, erpID: String, erpNumber: String?, details: JSONObject) throws {
        try store.write { db in
            if var link = try Link.fetchOne(db, sql: """
                SELECT * FROM links WHERE erp_system = 'businesscentral' AND kind = ? AND source_system = ? AND source_entity = ? AND source_id = ?
                """, arguments: [kind, item.sourceSystem, item.sourceEntity, item.sourceId]) {
                if link.erpId != erpID || link.workItemId != item.id || link.erpNumber != erpNumber {
                    link.erpId = erpID
                    link.erpNumber = erpNumber
                    link.workItemId = item.id
                    link.updatedAt = Timestamp.now()
                    try link.update(db)
                }
            } else {
                var link = Link(erpSystem: "businesscentral", kind: kind, sourceSystem: item.sourceSystem,
                                sourceEntity: item.sourceEntity, sourceId: item.sourceId, sourceRef: item.sourceRef,
                                erpId: erpID, erpNumber: erpNumber, workItemId: item.id)
                try link.insert(recordingBy: .engine, subject: item.subject, in: db)
            }
            var d = details
            d["erpId"] = .string(erpID)
            if let erpNumber { d["erpNumber"] = .string(erpNumber) }
            try item.move(to: .posted, by: .engine, details: d, in: db)
        }
    }

    /// Moves the item to `posting` with its natural key before anything is sent (ARCHITECTURE §2.4).
    func startPosting(_ item: inout WorkItem, naturalKey: String) throws -> Bool {
        let inDoubt = item.state == .posting || item.attempts > 0
        try store.write { db in
            item.naturalKey = naturalKey
            try item.move(to: .posting, by: .engine, details: ["naturalKey": .string(naturalKey), "inDoubt": .bool(inDoubt)], in: db)
        }
        return inDoubt
    }

    /// The Business Central id linked to a PartsManager record, if any.
    func linkedID(kind: String, entity: String, sourceID: String) throws -> (id: String, number: String?)? {
        try store.read { db in
            try Row.fetchOne(db, sql: """
                SELECT erp_id, erp_number FROM links WHERE erp_system = 'businesscentral' AND kind = ?
                  AND source_system = 'partsmanager' AND source_entity = ? AND source_id = ?
                """, arguments: [kind, entity, sourceID]).map { ($0["erp_id"], $0["erp_number"]) }
        }
    }

    func audit(_ item: WorkItem, _ action: String, _ details: JSONObject) throws {
        try store.write { db in
            try AuditLog.append(NewAuditEvent(actor: .engine, action: action, subject: item.subject, workItemId: item.id,
                                              details: details), in: db)
        }
    }
}
