import Crypto
import FieldLedgerHTTP
import Foundation
import GRDB

/// The inbox side of webhooks (ARCHITECTURE §2.1: persist, answer fast, process later). The
/// listener in `FieldLedgerServe` authenticates a notification, then hands it here; the 2xx goes
/// out only after `record…` has committed.
///
/// A ServiceTrade notification names the changed entity only. It is stored as it came (entity
/// `notification`, channel `webhook`) before anything else, so nothing accepted can be lost; then
/// the invoice is fetched and, when approved (`pending_accounting`), taken in with
/// `InvoiceIntake.accept(…, channel: "webhook")` — the same inbox entry polling uses — and the
/// notification is marked processed. When ServiceTrade cannot be reached the notification stays
/// unprocessed and ``resolvePending(limit:)`` (run by `serve` before every cycle) tries again;
/// polling would find the invoice too. Redeliveries of one event store nothing new.
public struct WebhookInbox: Sendable {
    /// What became of one ServiceTrade notification.
    public enum Outcome: String, Sendable, Equatable {
        /// The invoice is approved and is now a work item (or already was one for this version).
        case accepted
        /// Recorded; nothing to post (another entity type, another status, or gone from ServiceTrade).
        case ignored
        /// Recorded; ServiceTrade could not be asked, so it is resolved later.
        case deferred
        /// The same event was already recorded.
        case duplicate
    }

    /// A notification whose body is not what the sender documents: refused with 400.
    public struct MalformedNotification: Error, CustomStringConvertible {
        public let description: String
    }

    let store: Store
    let st: ServiceTradeClient

    public init(store: Store, st: ServiceTradeClient) {
        self.store = store
        self.st = st
    }

    // MARK: - ServiceTrade

    /// Stores an authenticated ServiceTrade notification (the raw body) and resolves it at once
    /// if ServiceTrade answers. Throws `MalformedNotification` for a body that is not the
    /// documented shape (nothing is stored then).
    public func recordServiceTrade(body: [UInt8]) async throws -> Outcome {
        let entity = try Self.serviceTradeEntity(body)
        let text = String(decoding: body, as: UTF8.self)
        let inboxID: Int64? = try store.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO inbox (source_system, channel, entity, source_id, source_version, payload, payload_sha256, received_at)
                VALUES ('servicetrade', 'webhook', 'notification', ?, ?, ?, ?, ?)
                """, arguments: ["\(entity.type):\(entity.id)", entity.eventID, text,
                                 SHA256.hash(data: Data(body)).hexString, Timestamp.now()])
            return db.changesCount > 0 ? db.lastInsertedRowID : nil
        }
        guard let inboxID else { return .duplicate }
        return try await resolve(inboxID: inboxID, type: entity.type, id: entity.id)
    }

    /// Retries notifications that could not be resolved when they came (ServiceTrade was
    /// unreachable), oldest first. Returns how many were resolved now.
    @discardableResult
    public func resolvePending(limit: Int = 200) async throws -> Int {
        let rows = try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, payload FROM inbox WHERE source_system = 'servicetrade' AND entity = 'notification'
                  AND processed_at IS NULL ORDER BY id LIMIT ?
                """, arguments: [limit])
        }
        var resolved = 0
        for row in rows {
            let id: Int64 = row["id"]
            let payload: String = row["payload"]
            guard let entity = try? Self.serviceTradeEntity(Array(payload.utf8)) else {
                try markProcessed(id)  // cannot happen for a stored row (it was parsed before storing)
                continue
            }
            if try await resolve(inboxID: id, type: entity.type, id: entity.id) != .deferred { resolved += 1 }
        }
        return resolved
    }

    /// Notifications stored but not yet resolved (ServiceTrade was unreachable).
    public func pendingCount() throws -> Int {
        try store.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM inbox WHERE source_system = 'servicetrade' AND entity = 'notification' AND processed_at IS NULL
                """) ?? 0
        }
    }

    private func resolve(inboxID: Int64, type: String, id: String) async throws -> Outcome {
        guard type == "invoice" else {
            try markProcessed(inboxID)
            return .ignored
        }
        let invoice: JSONObject?
        do {
            invoice = try await st.get("invoice", id: id)
        } catch let error as RemoteError {
            // Unreachable or failing: keep the notification for the next cycle. A permanent
            // refusal (e.g. 403) would never heal by itself, so it is closed and polling decides.
            if error.isTransient || error.status == nil { return .deferred }
            try markProcessed(inboxID)
            return .ignored
        } catch {
            return .deferred  // e.g. cancelled while shutting down: resolved by the next start
        }
        guard let invoice, invoice["status"]?.stringValue == "pending_accounting" else {
            try markProcessed(inboxID)
            return .ignored
        }
        _ = try InvoiceIntake(st: st, store: store).accept(invoice, channel: "webhook")
        try markProcessed(inboxID)
        return .accepted
    }

    private func markProcessed(_ inboxID: Int64) throws {
        try store.write { db in
            try db.execute(sql: "UPDATE inbox SET processed_at = ? WHERE id = ?", arguments: [Timestamp.now(), inboxID])
        }
    }

    /// `{"eventId", "entity": {"type", "id"}, …}` (the simulator's documented payload).
    static func serviceTradeEntity(_ body: [UInt8]) throws -> (type: String, id: String, eventID: String?) {
        guard let json = try? JSONValue(parsing: String(decoding: body, as: UTF8.self)), let object = json.objectValue else {
            throw MalformedNotification(description: "the ServiceTrade notification is not a JSON object")
        }
        guard let entity = object["entity"]?.objectValue, let type = entity["type"]?.stringValue, !type.isEmpty,
              let idValue = entity["id"], let id = idValue.numberValue?.literal ?? idValue.stringValue, !id.isEmpty,
              type.count <= 64, id.count <= 64 else {
            throw MalformedNotification(description: "the ServiceTrade notification has no entity.type and entity.id")
        }
        let eventID = object["eventId"].flatMap { $0.numberValue?.literal ?? $0.stringValue }
        return (type, id, eventID)
    }

    // MARK: - Business Central

    /// Stores an authenticated Business Central notification batch (already processed: the
    /// change is picked up by the next cycle's Business Central reads, which the caller triggers).
    /// Returns the entity sets it names (`salesInvoices`, `customers`, …).
    public func recordBusinessCentral(body: [UInt8], entries: [JSONObject]) throws -> [String] {
        let sets = Set(entries.compactMap { $0["resource"]?.stringValue.flatMap(Self.entitySet) })
        try store.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO inbox (source_system, channel, entity, source_id, source_version, payload, payload_sha256,
                                             received_at, processed_at)
                VALUES ('businesscentral', 'webhook', 'notification', ?, NULL, ?, ?, ?, ?)
                """, arguments: [sets.sorted().joined(separator: ","), String(decoding: body, as: UTF8.self),
                                 SHA256.hash(data: Data(body)).hexString, Timestamp.now(), Timestamp.now()])
        }
        return sets.sorted()
    }

    /// `api/v2.0/companies(…)/salesInvoices(…)` or `…/customers?$filter=…` → `salesInvoices` / `customers`.
    static func entitySet(_ resource: String) -> String? {
        guard let companies = resource.range(of: "companies(") else { return nil }
        let rest = resource[companies.upperBound...]
        guard let close = rest.firstIndex(of: ")") else { return nil }
        let tail = rest[rest.index(after: close)...].drop { $0 == "/" }
        let name = tail.prefix { $0.isLetter || $0.isNumber }
        return name.isEmpty ? nil : String(name)
    }
}
