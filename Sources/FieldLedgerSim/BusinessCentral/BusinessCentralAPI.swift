import FieldLedgerHTTP
import Foundation

/// The simulated Microsoft Dynamics 365 Business Central: the standard API v2.0 under
/// `/bc/v2.0/{tenant}/{environment}/api/v2.0` and the Entra token endpoint under
/// `/bc-login/{tenant}/oauth2/v2.0/token`, written from `reference/business-central-api-v2.md`.
///
/// State lives in memory as one `BCState` value. Every request works on a copy and commits it
/// only when it succeeds, so a refused request — or a failed deep insert — leaves nothing behind.
public final class BusinessCentralAPI: SimulatedAPI, @unchecked Sendable {
    public let name = "bc"
    public let pathPrefixes = ["/bc/", "/bc-login/"]
    public let tenant: BCTenant
    let clock: SimClock
    let tokens: BCTokenService
    let webhooks: BCWebhooks
    private let lock = NSLock()
    private var loaded: BCState
    private var current: BCState

    /// - Parameter webhookTransport: delivers subscription handshakes and notifications; without
    ///   one, creating a subscription fails its handshake. Can be set later with
    ///   `setWebhookTransport(_:)`, like the ServiceTrade and PartsManager simulators.
    public init(clock: SimClock = SimClock(), tenant: BCTenant = .test, webhookTransport: (any WebhookTransport)? = nil) {
        self.clock = clock
        self.tenant = tenant
        self.tokens = BCTokenService(tenant: tenant, clock: clock)
        self.webhooks = BCWebhooks(clock: clock, transport: webhookTransport)
        self.loaded = .empty()
        self.current = .empty()
    }

    public func setWebhookTransport(_ transport: (any WebhookTransport)?) { webhooks.transport = transport }

    /// Delivers due webhook notifications every `interval` until the task is cancelled (run it
    /// beside the server; tests call `POST /_sim/bc/webhooks/deliver` instead).
    public func runWebhookDelivery(every interval: Duration = .seconds(1)) async {
        await webhooks.run(every: interval) { [weak self] in self?.snapshot().companyId ?? "" }
    }

    public func handle(_ request: SimRequest) async -> SimResponse {
        if request.path.hasPrefix("/bc-login/") { return tokens.token(request) }
        do {
            if Self.isSubscriptionPath(request.path) { return try await handleSubscriptions(request) }
            return try route(request)
        } catch {
            return error.response
        }
    }

    private static func isSubscriptionPath(_ path: String) -> Bool {
        // "", "bc", "v2.0", tenant, environment, "api", "v2.0/subscriptions…": on UTF-8 bytes,
        // without splitting into Characters (this runs on every request).
        let parts = path.utf8.split(separator: UInt8(ascii: "/"), maxSplits: 6, omittingEmptySubsequences: false)
        return parts.count == 7 && parts[6].starts(with: "v2.0/subscriptions".utf8)
    }

    public func load(dataDirectory: URL) throws {
        var state = try BCDataLoader.load(directory: dataDirectory.appendingPathComponent("bc"), now: clock.now())
        state.changes = []
        lock.withLock {
            loaded = state
            current = state
        }
        webhooks.removeAll()
    }

    public func reset() {
        lock.withLock { current = loaded }
        webhooks.removeAll()
    }

    public func dump() -> JSONValue {
        let state = snapshot()
        var object = JSONObject()
        object["company"] = .object(state.company)
        for set in state.tables.keys.sorted() {
            object[set] = .array(state.table(set).all.map { .object($0) })
        }
        object["numberSeries"] = .object(JSONObject(state.numberSeries.sorted { $0.key < $1.key }.map { (key: $0.key, value: .string($0.value)) }))
        return .object(object)
    }

    public func errorResponse(status: Int, code: String, message: String,
                              headers: [(name: String, value: String)]) -> SimResponse {
        BCError.response(status: status, code: code, message: message, headers: headers)
    }

    public func isFaultExempt(_ request: SimRequest) -> Bool { request.path.hasPrefix("/bc-login/") }

    public func principal(of request: SimRequest) -> String? {
        request.path.hasPrefix("/bc-login/") ? nil : tokens.clientId(ofBearer: request.header("Authorization"))
    }

    public func endpoint(serverURL: String) -> SimulatorEndpoint {
        let client = tenant.clients.first
        return SimulatorEndpoint(
            name: name, baseURL: "\(serverURL)/bc/v2.0/\(tenant.tenantId)/\(tenant.environment)/api/v2.0",
            tokenURL: "\(serverURL)/bc-login/\(tenant.tenantId)/oauth2/v2.0/token",
            tenantId: tenant.tenantId, clientId: client?.clientId, clientSecret: client?.clientSecret,
            details: [.init(name: "environment", value: tenant.environment),
                      .init(name: "company", value: snapshot().companyId)])
    }

    /// A copy of the current state (for reads and dumps).
    func snapshot() -> BCState {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Runs `body` on a copy of the state and commits the copy only if `body` succeeds.
    func transaction<T>(_ body: (inout BCState) throws(BCError) -> T) throws(BCError) -> T {
        lock.lock()
        defer { lock.unlock() }
        var working = current
        current = Self.placeholder   // `working` is now the only reference: writes happen in place
        let start = working.savepoint()
        do {
            let result = try body(&working)
            let changes = working.changes
            working.changes = []
            working.commit()
            current = working
            webhooks.record(changes, companyId: working.companyId, now: clock.now())
            return result
        } catch {
            working.rollBack(to: start)
            working.commit()
            current = working
            throw error
        }
    }

    private static let placeholder = BCState.empty()
}
