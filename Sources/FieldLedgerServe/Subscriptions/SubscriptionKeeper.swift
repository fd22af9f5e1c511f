import FieldLedgerCore
import FieldLedgerHTTP
import Foundation
import GRDB
import Logging

/// Keeps one Business Central webhook subscription per watched entity set alive (reference §4):
/// adopts an existing one for our notification URL and resource, else creates one; renews it
/// (PATCH with `If-Match`, which re-runs the handshake) when less than `renewWithin` of its 3-day
/// life remains; recreates it when Business Central no longer has it (expired, or deleted after a
/// failed delivery). Ids and expiry are kept in `bc_subscriptions`; every change is audited.
public struct SubscriptionKeeper: Sendable {
    /// What `serve` watches: invoices (payments back) and customers.
    public static let watchedSets = ["salesInvoices", "customers"]

    public enum Action: String, Sendable, Equatable {
        case created, adopted, renewed, recreated, kept
    }

    let bc: BusinessCentralClient
    let store: Store
    let notificationURL: String
    let clientState: Secret
    let renewWithin: TimeInterval

    /// - Parameter renewWithin: renew when less than this remains before expiry (default one
    ///   day, so an hourly check renews well before the 3-day expiry).
    public init(bc: BusinessCentralClient, store: Store, notificationURL: String, clientState: Secret,
                renewWithin: TimeInterval = 24 * 3600) {
        self.bc = bc
        self.store = store
        self.notificationURL = notificationURL
        self.clientState = clientState
        self.renewWithin = renewWithin
    }

    /// Ensures every watched set; returns what was done per set, and the failures (each set is
    /// tried even when another fails).
    public func ensureAll(now: Date = Date()) async -> (actions: [String: Action], failures: [ServeError]) {
        var actions: [String: Action] = [:]
        var failures: [ServeError] = []
        for set in Self.watchedSets {
            do { actions[set] = try await ensure(set, now: now) } catch { failures.append(.subscriptionFailed(set, error)) }
        }
        return (actions, failures)
    }

    /// Ensures the subscription for one entity set.
    public func ensure(_ set: String, now: Date = Date()) async throws -> Action {
        let resource = try await bc.subscriptionResource(set)
        if let stored = try storedRow(set) {
            guard let remote = try await bc.subscription(id: stored.id) else {
                return try await save(set, try await create(resource), action: .recreated)
            }
            let expires = remote["expirationDateTime"]?.stringValue.flatMap(Self.date) ?? .distantPast
            let sameURL = remote["notificationUrl"]?.stringValue == notificationURL
            if sameURL, expires.timeIntervalSince(now) > renewWithin { return .kept }
            return try await save(set, try await renew(remote), action: .renewed)
        }
        let existing = try await bc.subscriptions().first { candidate in
            candidate["notificationUrl"]?.stringValue == notificationURL
                && Self.sameResource(candidate["resource"]?.stringValue, resource)
        }
        if let existing { return try await save(set, try await renew(existing), action: .adopted) }
        return try await save(set, try await create(resource), action: .created)
    }

    private func create(_ resource: String) async throws -> JSONObject {
        try await bc.createSubscription(notificationURL: notificationURL, resource: resource, clientState: clientState.reveal())
    }

    private func renew(_ remote: JSONObject) async throws -> JSONObject {
        guard let id = remote["subscriptionId"]?.stringValue else {
            throw ServeError(description: "a Business Central subscription has no subscriptionId")
        }
        return try await bc.renewSubscription(id: id, etag: remote["@odata.etag"]?.stringValue ?? "*",
                                              notificationURL: notificationURL, clientState: clientState.reveal())
    }

    private func save(_ set: String, _ subscription: JSONObject, action: Action) async throws -> Action {
        guard let id = subscription["subscriptionId"]?.stringValue,
              let expires = subscription["expirationDateTime"]?.stringValue else {
            throw ServeError(description: "Business Central's subscription answer has no subscriptionId or expirationDateTime")
        }
        let etag = subscription["@odata.etag"]?.stringValue
        let url = notificationURL
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO bc_subscriptions (resource, subscription_id, notification_url, expires_at, etag, created_at, renewed_at)
                VALUES (?, ?, ?, ?, ?, ?, NULL)
                ON CONFLICT (resource) DO UPDATE SET subscription_id = excluded.subscription_id,
                    notification_url = excluded.notification_url, expires_at = excluded.expires_at, etag = excluded.etag,
                    renewed_at = ?
                """, arguments: [set, id, url, expires, etag, Timestamp.now(), Timestamp.now()])
            try AuditLog.append(NewAuditEvent(actor: .engine, action: "subscription.\(action.rawValue)", subject: "bc_subscription:\(set)",
                details: ["subscriptionId": .string(id), "expirationDateTime": .string(expires),
                          "notificationUrl": .string(url)]), in: db)
        }
        return action
    }

    /// The stored subscription for a set.
    public func storedRow(_ set: String) throws -> (id: String, expires: String)? {
        try store.read { db in
            try Row.fetchOne(db, sql: "SELECT subscription_id, expires_at FROM bc_subscriptions WHERE resource = ?", arguments: [set])
                .map { row -> (id: String, expires: String) in (row["subscription_id"], row["expires_at"]) }
        }
    }

    static func sameResource(_ a: String?, _ b: String) -> Bool {
        guard let a else { return false }
        func normal(_ s: String) -> String { (s.hasPrefix("/") ? String(s.dropFirst()) : s).lowercased() }
        return normal(a) == normal(b)
    }

    /// ISO 8601 with or without fractional seconds.
    static func date(_ text: String) -> Date? {
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        return ISO8601DateFormatter().date(from: text)
    }
}
