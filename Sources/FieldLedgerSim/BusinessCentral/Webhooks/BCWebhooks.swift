import FieldLedgerHTTP
import Foundation

/// BC webhook subscriptions and notification delivery (reference §4): handshake on create and
/// renew, 3-day expiry, at most 200 subscriptions, notifications 30 s after the first change,
/// one `collection` notification beyond 1,000 changes, lines notify their header, retries on
/// 408/429/5xx (for 36 h) and deletion of the subscription on any other error.
final class BCWebhooks: @unchecked Sendable {
    struct Subscription: Sendable {
        var id: String
        var notificationUrl: String
        var resource: String
        var set: String
        var clientState: String
        var expiration: Date
        var created: Date
        var modified: Date
        var version: Int
    }

    struct Pending: Sendable {
        var subscriptionId: String
        var entityId: String
        var changeType: String
        var modified: Date
        var firstSeen: Date
        /// Taken by a flush that is sending it, so a concurrent flush does not send it twice.
        var inFlight = false
    }

    static let maxSubscriptions = 200
    static let lifetime: TimeInterval = 3 * 24 * 3600
    static let delay: TimeInterval = 30
    static let collectionThreshold = 1000
    static let retryWindow: TimeInterval = 36 * 3600
    /// Entity sets a subscription may watch (the documented list, as far as the simulator serves them).
    static let supportedSets: Set<String> = [
        "accounts", "customerPaymentJournals", "customers", "dimensions", "employees", "generalLedgerEntries",
        "items", "journals", "paymentTerms", "purchaseInvoices", "salesCreditMemos", "salesInvoices", "vendors",
    ]
    /// Document lines notify their header (reference §4, "Document APIs").
    static let lineHeaders = ["salesInvoiceLines": "salesInvoices", "salesCreditMemoLines": "salesCreditMemos",
                              "purchaseInvoiceLines": "purchaseInvoices"]

    private let lock = NSLock()
    let clock: SimClock
    private var _transport: (any WebhookTransport)?
    var transport: (any WebhookTransport)? {
        get { lock.withLock { _transport } }
        set { lock.withLock { _transport = newValue } }
    }
    private var subscriptions: [Subscription] = []
    private var pending: [Pending] = []
    /// First failed delivery per subscription, for the 36-hour retry window.
    private var failingSince: [String: Date] = [:]
    private var versionCounter = 0

    init(clock: SimClock, transport: (any WebhookTransport)?) {
        self.clock = clock
        self._transport = transport
    }

    func removeAll() {
        lock.withLock {
            subscriptions = []
            pending = []
            failingSince = [:]
        }
    }

    var all: [Subscription] { lock.withLock { subscriptions } }

    func find(_ id: String) -> Subscription? { lock.withLock { subscriptions.first { $0.id == id } } }

    func nextVersion() -> Int { lock.withLock { versionCounter += 1; return versionCounter } }

    func store(_ subscription: Subscription) throws(BCError) {
        let stored: Bool = lock.withLock {
            if let index = subscriptions.firstIndex(where: { $0.id == subscription.id }) {
                subscriptions[index] = subscription
                return true
            }
            guard subscriptions.count < Self.maxSubscriptions else { return false }
            subscriptions.append(subscription)
            return true
        }
        guard stored else {
            throw BCError(400, "BadRequest",
                          "The maximum number of webhook subscriptions (\(Self.maxSubscriptions)) has been reached. Delete unused subscriptions.")
        }
    }

    func delete(_ id: String) {
        lock.withLock {
            subscriptions.removeAll { $0.id == id }
            pending.removeAll { $0.subscriptionId == id }
            failingSince[id] = nil
        }
    }

    /// Queues committed changes for the subscriptions that watch them. A line change notifies
    /// its document header (reference §4).
    func record(_ changes: [BCChange], companyId: String, now: Date) {
        guard !changes.isEmpty else { return }
        lock.withLock {
            guard !subscriptions.isEmpty else { return }
            for change in changes {
                var set = change.set
                var id = change.row.id
                var type = change.kind.rawValue
                if let header = Self.lineHeaders[set] {
                    set = header
                    id = change.row.string("documentId").lowercased()
                    type = "updated"
                }
                let modified = change.row["lastModifiedDateTime"]?.stringValue.flatMap(SimTime.parseISO8601) ?? now
                for subscription in subscriptions where subscription.set == set && subscription.expiration > now {
                    if let index = pending.firstIndex(where: { $0.subscriptionId == subscription.id && $0.entityId == id }) {
                        if pending[index].changeType != "created" || type == "deleted" { pending[index].changeType = type }
                        pending[index].modified = modified
                    } else {
                        pending.append(Pending(subscriptionId: subscription.id, entityId: id, changeType: type,
                                               modified: modified, firstSeen: now))
                    }
                }
            }
        }
    }

    struct Delivery {
        var subscription: Subscription
        var entries: [Pending]
    }

    /// Sends what is due; returns the number of notification POSTs that were accepted.
    @discardableResult
    func flush(companyId: String) async -> Int {
        let now = clock.now()
        let due: [Delivery] = lock.withLock {
            let expired = subscriptions.filter { $0.expiration <= now }.map(\.id)
            subscriptions.removeAll { expired.contains($0.id) }
            pending.removeAll { expired.contains($0.subscriptionId) }
            let deliveries: [Delivery] = subscriptions.compactMap { subscription in
                let entries = pending.filter { $0.subscriptionId == subscription.id && !$0.inFlight }
                guard let first = entries.map(\.firstSeen).min(), now.timeIntervalSince(first) >= Self.delay else { return nil }
                return Delivery(subscription: subscription, entries: entries)
            }
            let taken = Set(deliveries.map(\.subscription.id))
            for index in pending.indices where taken.contains(pending[index].subscriptionId) { pending[index].inFlight = true }
            return deliveries
        }
        var delivered = 0
        for delivery in due {
            let body = Self.payload(delivery, companyId: companyId)
            let status = await transport?.post(url: delivery.subscription.notificationUrl,
                                               headers: [(name: "Content-Type", value: "application/json")],
                                               body: Array(body.serialized().utf8))
            lock.withLock {
                let id = delivery.subscription.id
                let sent = Set(delivery.entries.map(\.entityId))
                for index in pending.indices where pending[index].subscriptionId == id { pending[index].inFlight = false }
                if let status, (200..<300).contains(status) {
                    pending.removeAll { $0.subscriptionId == id && sent.contains($0.entityId) }
                    failingSince[id] = nil
                    delivered += 1
                } else if status == nil || status == 408 || status == 429 || (status ?? 0) >= 500 {
                    let since = failingSince[id] ?? now
                    failingSince[id] = since
                    if now.timeIntervalSince(since) >= Self.retryWindow { deleteLocked(id) }
                } else {
                    deleteLocked(id)
                }
            }
        }
        return delivered
    }

    private func deleteLocked(_ id: String) {
        subscriptions.removeAll { $0.id == id }
        pending.removeAll { $0.subscriptionId == id }
        failingSince[id] = nil
    }

    static func payload(_ delivery: Delivery, companyId: String) -> JSONValue {
        let subscription = delivery.subscription
        let base = "api/v2.0/companies(\(companyId))/\(subscription.set)"
        func entry(_ resource: String, _ changeType: String, _ modified: Date) -> JSONValue {
            ["subscriptionId": .string(subscription.id), "clientState": .string(subscription.clientState),
             "expirationDateTime": .string(SimTime.iso8601(subscription.expiration)), "resource": .string(resource),
             "changeType": .string(changeType), "lastModifiedDateTime": .string(SimTime.iso8601(modified))]
        }
        if delivery.entries.count > collectionThreshold {
            let since = delivery.entries.map(\.modified).min() ?? Date()
            let filter = "lastModifiedDateTime gt \(SimTime.iso8601(since.addingTimeInterval(-0.001)))"
                .addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""
            return ["value": [entry("\(base)?$filter=\(filter)", "collection", delivery.entries.map(\.modified).max() ?? since)]]
        }
        return ["value": .array(delivery.entries.map { entry("\(base)(\($0.entityId))", $0.changeType, $0.modified) })]
    }

    /// Delivers due notifications every `interval` until the task is cancelled (server mode).
    func run(every interval: Duration, companyId: @Sendable () -> String) async {
        while !Task.isCancelled {
            await flush(companyId: companyId())
            try? await Task.sleep(for: interval)
        }
    }

    /// Subscriptions and queued notifications, for `GET /_sim/bc/webhooks` (no client states).
    func summary() -> JSONValue {
        lock.withLock {
            .object(["subscriptions": .array(subscriptions.map { subscription in
                .object(["subscriptionId": .string(subscription.id), "notificationUrl": .string(subscription.notificationUrl),
                         "resource": .string(subscription.resource), "expirationDateTime": .string(SimTime.iso8601(subscription.expiration)),
                         "pending": .int(pending.filter { $0.subscriptionId == subscription.id }.count),
                         "failingSince": failingSince[subscription.id].map { .string(SimTime.iso8601($0)) } ?? .null])
            })])
        }
    }

}
