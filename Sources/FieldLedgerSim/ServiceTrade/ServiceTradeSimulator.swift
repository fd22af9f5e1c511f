import FieldLedgerHTTP
import Foundation

/// A faithful, stateful imitation of the ServiceTrade REST API (`/st/api/…` stands for
/// `https://api.servicetrade.com/api/…`): session and OAuth2 authentication, the
/// `{messages, data}` envelope, page/limit paging, companies, locations, contacts, jobs, invoices
/// with items, service lines, tax rates, clock events, payments, comments, external ids and
/// signed webhooks. Where the public material is silent the choices are in `SERVICETRADE-CHOICES.md`.
///
/// ```swift
/// let st = ServiceTradeSimulator(clock: clock, webhookTransport: transport)
/// try st.load(dataDirectory: URL(fileURLWithPath: "sample-data"))
/// let response = await st.handle(SimRequest(method: "GET", path: "/st/api/invoice", headers: [...]))
/// ```
public final class ServiceTradeSimulator: SimulatedAPI, @unchecked Sendable {
    public let name = "st"
    public let pathPrefixes = ["/st/api/"]

    let clock: SimClock
    let sessionCap: Int
    let outbox: SignedWebhookOutbox
    /// Signs the JWT access tokens; a fresh key per simulator instance.
    let tokenSigningKey = Array(SimRequestParsing.randomToken(bytes: 32).utf8)
    let lock = NSLock()
    var state = ServiceTradeState()
    private var loadedState = ServiceTradeState()

    /// - Parameters:
    ///   - clock: the shared simulation clock (modification times, token expiry, webhook backoff).
    ///   - webhookTransport: where webhook notifications go; without one, no notification is queued.
    ///   - sessionCap: concurrent sessions per user before the oldest is deleted (`ServiceTradeRules.defaultSessionCap`).
    ///   - webhookMaxAttempts: delivery attempts per notification before it is dropped as dead.
    ///   - webhookBackoff: seconds of simulation time before the first redelivery (doubles each time).
    public init(clock: SimClock = SimClock(), webhookTransport: (any WebhookTransport)? = nil,
                sessionCap: Int = 5,
                webhookMaxAttempts: Int = 5, webhookBackoff: TimeInterval = 30) {
        self.clock = clock
        self.sessionCap = max(1, sessionCap)
        self.outbox = SignedWebhookOutbox(transport: webhookTransport, maxAttempts: webhookMaxAttempts, baseBackoff: webhookBackoff)
    }

    /// Replaces the transport webhooks are delivered through (the server wires the libcurl client).
    public func setWebhookTransport(_ transport: (any WebhookTransport)?) { outbox.setTransport(transport) }

    // MARK: SimulatedAPI

    public func handle(_ request: SimRequest) async -> SimResponse {
        let segments = SimRequestParsing.segments(of: request.path, after: "/st/api")
        return lock.withLock {
            do throws(ServiceTradeFailure) {
                return try respond(to: request, segments: segments)
            } catch {
                return Self.failure(error)
            }
        }
    }

    public func load(dataDirectory: URL) throws {
        let directory = dataDirectory.appendingPathComponent("st")
        var fresh = ServiceTradeState()
        for resource in ServiceTradeResource.allCases {
            guard let rows = try SimDataFile.objects(in: directory, named: resource.fileName, idKey: "id") else { continue }
            for row in rows { fresh.tables[resource, default: SimRecordTable()].put(row) }
        }
        fresh.invoiceItemSequence = fresh.tables[.invoice]?.all
            .flatMap { $0["items"]?.arrayValue ?? [] }.compactMap { $0["id"]?.intValue }.max() ?? 0
        lock.withLock {
            loadedState = fresh
            state = fresh
        }
        outbox.clear()
    }

    public func reset() {
        lock.withLock { state = loadedState }
        outbox.clear()
    }

    public func dump() -> JSONValue {
        lock.withLock {
            var object = JSONObject()
            for resource in ServiceTradeResource.allCases {
                object[resource.listKey] = .array((state.tables[resource]?.all ?? []).map { .object($0) })
            }
            object["sessions"] = .int(state.sessions.count)
            object["webhookDeliveries"] = outbox.summary()
            return .object(object)
        }
    }

    // MARK: Webhook delivery

    /// Sends the webhook notifications that are due now; returns how many were accepted.
    @discardableResult
    public func deliverDueWebhooks() async -> Int { await outbox.deliverDue(clock: clock) }

    /// Delivers due notifications every `interval` until the task is cancelled (server mode).
    public func runWebhookDelivery(every interval: Duration = .seconds(1)) async { await outbox.run(every: interval, clock: clock) }

    /// Queued, delivered and dead (given-up) notifications.
    public var webhookDeliveryCounts: (pending: Int, delivered: Int, dead: Int) { outbox.counts }

    var webhookTransportConfigured: Bool { outbox.hasTransport }

    // MARK: Routing

    private func respond(to request: SimRequest, segments: [String]) throws(ServiceTradeFailure) -> SimResponse {
        guard let first = segments.first else {
            throw .notFound("No resource in the path \(request.path); use /st/api/<resource>.")
        }
        switch first {
        case "auth": return try handleSession(request, segments: segments)
        case "oauth2": return try handleOAuth(request, segments: segments)
        default: break
        }
        try authenticate(request)
        guard let resource = ServiceTradeResource(rawValue: first) else {
            throw .notFound("Unknown resource '\(first)' in \(request.path).")
        }
        switch (segments.count, request.method) {
        case (1, "GET"):
            return Self.envelope(try list(resource, query: request.query))
        case (1, "POST"):
            let row = try create(resource, body: try Self.body(request))
            return Self.envelope(.object(row), success: ["\(resource.rawValue) \(row["id"]?.intValue ?? 0) created"])
        case (2, _):
            guard let id = Int(segments[1]) else {
                throw .notFound("'\(segments[1])' is not a \(resource.rawValue) id; ids are integers.")
            }
            switch request.method {
            case "GET": return Self.envelope(.object(try row(resource, id)))
            case "PUT": return Self.envelope(.object(try update(resource, id: id, body: try Self.body(request))))
            case "DELETE":
                try delete(resource, id: id)
                return Self.envelope(.null, success: ["\(resource.rawValue) \(id) deleted"])
            default: throw .methodNotAllowed(request.method, request.path)
            }
        case (3, "GET") where resource == .job && segments[2] == "clockevent":
            guard let id = Int(segments[1]) else { throw .notFound("'\(segments[1])' is not a job id.") }
            return Self.envelope(try jobClockSummary(jobId: id))
        case (1, _):
            throw .methodNotAllowed(request.method, request.path)
        default:
            throw .notFound("No such endpoint: \(request.method) \(request.path).")
        }
    }

    // MARK: Envelope

    static func envelope(_ data: JSONValue, success: [String] = [], status: Int = 200,
                         headers: [(name: String, value: String)] = []) -> SimResponse {
        let messages: JSONValue = success.isEmpty ? .object(JSONObject()) : ["success": .array(success.map { .string($0) })]
        return .json(["messages": messages, "data": data], status: status, headers: headers)
    }

    static func failure(_ error: ServiceTradeFailure) -> SimResponse {
        .json(["messages": ["error": .array(error.messages.map { .string($0) })], "data": .null],
              status: error.status, headers: error.headers)
    }

    static func body(_ request: SimRequest) throws(ServiceTradeFailure) -> JSONObject {
        switch SimRequestParsing.jsonObject(request.body) {
        case .success(let object): return object
        case .failure(let problem): throw .badRequest([problem.message])
        }
    }

    func now() -> Int { Int(clock.now().timeIntervalSince1970) }
}

/// The mutable state of the simulated ServiceTrade.
struct ServiceTradeState: Sendable {
    var tables: [ServiceTradeResource: SimRecordTable] =
        Dictionary(uniqueKeysWithValues: ServiceTradeResource.allCases.map { ($0, SimRecordTable()) })
    /// Session token → user and creation order.
    var sessions: [String: (username: String, sequence: Int)] = [:]
    var sessionSequence = 0
    /// Bearer access token → client and expiry (Unix seconds).
    var accessTokens: [String: (clientId: String, expires: Int)] = [:]
    /// Webhook id → signing secret (kept out of the rows so it is never returned or dumped).
    var webhookSecrets: [Int: String] = [:]
    var eventSequence = 0
    var invoiceItemSequence = 0
}

/// An HTTP failure in ServiceTrade's shape: the status and the `messages.error` strings.
struct ServiceTradeFailure: Error {
    let status: Int
    let messages: [String]
    var headers: [(name: String, value: String)] = []

    static func badRequest(_ messages: [String]) -> Self { .init(status: 400, messages: messages) }
    static func notFound(_ message: String) -> Self { .init(status: 404, messages: [message]) }
    static func unauthorized(_ message: String) -> Self {
        .init(status: 401, messages: [message], headers: [(name: "WWW-Authenticate", value: "Bearer realm=\"servicetrade\"")])
    }
    static func methodNotAllowed(_ method: String, _ path: String) -> Self {
        .init(status: 405, messages: ["\(method) is not allowed on \(path)."])
    }
}
