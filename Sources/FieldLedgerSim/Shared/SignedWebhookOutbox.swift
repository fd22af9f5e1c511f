import Crypto
import FieldLedgerHTTP
import Foundation

/// The HMAC-SHA256 signature the simulated ServiceTrade and PartsManager put on webhook bodies:
/// `sha256=<lower-case hex of HMAC-SHA256(secret, raw body)>`.
enum WebhookSignature {
    static func header(body: [UInt8], secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }
}

/// Outgoing webhook notifications waiting for delivery, with bounded redelivery.
///
/// Changes enqueue deliveries; `deliverDue` sends the ones whose time has come through the
/// `WebhookTransport`. A delivery that is not answered with 2xx is retried after
/// `baseBackoff × 2^(attempt−1)` seconds of simulation time (`SimClock`), at most `maxAttempts`
/// times in all, then kept as dead. Tests drain the queue deterministically by calling
/// `deliverDue` and advancing the clock; the server calls it on a timer.
final class SignedWebhookOutbox: @unchecked Sendable {
    struct Delivery: Sendable {
        let id: Int
        let url: String
        let headers: [(name: String, value: String)]
        let body: [UInt8]
        var attempts = 0
        var nextAttemptAt: Date
        var lastStatus: Int?
    }

    let maxAttempts: Int
    let baseBackoff: TimeInterval
    private let lock = NSLock()
    private var transport: (any WebhookTransport)?
    private var pending: [Delivery] = []
    private var delivered: [Delivery] = []
    private var dead: [Delivery] = []
    private var sequence = 0

    init(transport: (any WebhookTransport)?, maxAttempts: Int = 5, baseBackoff: TimeInterval = 30) {
        self.transport = transport
        self.maxAttempts = max(1, maxAttempts)
        self.baseBackoff = baseBackoff
    }

    /// Without a transport nothing is queued: changes are not observed by anyone.
    var hasTransport: Bool { lock.withLock { transport != nil } }

    func setTransport(_ transport: (any WebhookTransport)?) { lock.withLock { self.transport = transport } }

    /// Sends what is due now on `clock`; returns how many deliveries were accepted.
    func deliverDue(clock: SimClock) async -> Int {
        guard let transport = lock.withLock({ self.transport }) else { return 0 }
        return await deliverDue(transport: transport, now: clock.now())
    }

    /// Delivers due notifications every `interval` until the task is cancelled (server mode).
    func run(every interval: Duration, clock: SimClock) async {
        while !Task.isCancelled {
            _ = await deliverDue(clock: clock)
            try? await Task.sleep(for: interval)
        }
    }

    func enqueue(url: String, headers: [(name: String, value: String)], body: [UInt8], at now: Date) {
        lock.withLock {
            sequence += 1
            pending.append(Delivery(id: sequence, url: url, headers: headers, body: body, nextAttemptAt: now))
        }
    }

    /// Sends every delivery that is due at `now`; returns how many were accepted (2xx).
    private func deliverDue(transport: any WebhookTransport, now: Date) async -> Int {
        let due: [Delivery] = lock.withLock {
            let ready = pending.filter { $0.nextAttemptAt <= now }
            pending.removeAll { $0.nextAttemptAt <= now }
            return ready
        }
        var accepted = 0
        for var delivery in due {
            let status = await transport.post(url: delivery.url, headers: delivery.headers, body: delivery.body)
            delivery.attempts += 1
            delivery.lastStatus = status
            lock.withLock {
                if let status, (200..<300).contains(status) {
                    accepted += 1
                    delivered.append(delivery)
                } else if delivery.attempts >= maxAttempts {
                    dead.append(delivery)
                } else {
                    delivery.nextAttemptAt = now.addingTimeInterval(baseBackoff * pow(2, Double(delivery.attempts - 1)))
                    pending.append(delivery)
                }
            }
        }
        return accepted
    }

    /// Drops everything (on `reset()` and `load`).
    func clear() {
        lock.withLock {
            pending.removeAll()
            delivered.removeAll()
            dead.removeAll()
        }
    }

    var counts: (pending: Int, delivered: Int, dead: Int) {
        lock.withLock { (pending.count, delivered.count, dead.count) }
    }

    /// The queue as JSON for `dump()`: ids, targets, attempts and last statuses (never secrets).
    func summary() -> JSONValue {
        lock.withLock {
            func rows(_ list: [Delivery]) -> JSONValue {
                .array(list.map { d in
                    .object(["id": .int(d.id), "url": .string(d.url), "attempts": .int(d.attempts),
                             "lastStatus": d.lastStatus.map { .int($0) } ?? .null])
                })
            }
            return .object(["pending": rows(pending), "delivered": rows(delivered), "dead": rows(dead)])
        }
    }
}

extension SignedWebhookOutbox {
    /// The simulator control routes of a webhook-sending API: `POST <prefix>/webhooks/deliver`
    /// sends what is due now and answers the queue counts; `GET <prefix>/webhooks` shows the
    /// queue. nil for any other route.
    func controlResponse(_ request: SimRequest, prefix: String, clock: SimClock) async -> SimResponse? {
        switch (request.method, SimRequestParsing.segments(of: request.path, after: prefix)) {
        case ("POST", ["webhooks", "deliver"]):
            let accepted = await deliverDue(clock: clock)
            let (pending, delivered, dead) = counts
            return .json(["accepted": .int(accepted), "pending": .int(pending), "delivered": .int(delivered), "dead": .int(dead)])
        case ("GET", ["webhooks"]):
            return .json(summary())
        default:
            return nil
        }
    }
}
