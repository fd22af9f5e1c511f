import FieldLedgerHTTP
import FieldLedgerSim
import Foundation
import GRDB
@testable import FieldLedgerCore
@testable import FieldLedgerServe

/// A small sample company on the simulators (loopback, free port) — the sample data with only
/// invoices 1–10 approved and 60–64 not yet approved, so a first cycle is quick — a fresh store
/// with the seed rules, connectors, and a webhook transport so the simulators can call us.
final class ServeCompany: @unchecked Sendable {
    static let sampleData = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sample-data")
    static let secret = Secret(ServiceTradeTestCredentials.webhookSecret)
    static let clientState = Secret("serve-tests-client-state")

    let folder: String
    let server: SimulatorServer
    let bcSim: BusinessCentralAPI
    let stSim: ServiceTradeSimulator
    let http: HTTPClient
    let store: Store
    let bc: BusinessCentralClient
    let st: ServiceTradeClient

    init() async throws {
        folder = NSTemporaryDirectory() + "fieldledger-serve-\(UUID().uuidString.prefix(8))"
        let data = URL(fileURLWithPath: folder + "/data")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.sampleData, to: data)
        let invoicesFile = data.appendingPathComponent("st/invoices.json")
        let all = try JSONValue(parsing: String(contentsOf: invoicesFile, encoding: .utf8)).arrayValue ?? []
        let kept = all.filter { invoice in
            let id = invoice["id"]?.intValue ?? 0
            return (1...10).contains(id) || (60...64).contains(id) || id == 33 || id == 34  // 33, 34 have payments
        }
        try JSONValue.array(kept).serialized().write(to: invoicesFile, atomically: true, encoding: .utf8)

        let clock = SimClock()
        bcSim = BusinessCentralAPI(clock: clock)
        stSim = ServiceTradeSimulator(clock: clock)
        server = SimulatorServer(options: SimulatorOptions(port: 0, dataDirectory: data),
                                 apis: [bcSim, stSim, PartsManagerSimulator(clock: clock)], clock: clock)
        let endpoints = try await server.start()
        let root = server.baseURL!
        let bcEndpoint = endpoints.first { $0.name == "bc" }!
        http = HTTPClient(configuration: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(30), maxConcurrentRequests: 8))
        let transport = TestWebhookTransport(http: http)
        bcSim.setWebhookTransport(transport)
        stSim.setWebhookTransport(transport)
        bc = BusinessCentralClient(endpoint: BusinessCentralEndpoint(
            baseURL: root + "/bc", loginURL: root + "/bc-login", tenant: bcEndpoint.tenantId!,
            environment: bcEndpoint.details.first { $0.name == "environment" }!.value,
            company: bcEndpoint.details.first { $0.name == "company" }!.value,
            clientID: bcEndpoint.clientId!, clientSecret: bcEndpoint.clientSecret!), http: http)
        st = ServiceTradeClient(endpoint: ServiceTradeEndpoint(baseURL: root + "/st/api", auth: .session(
            username: ServiceTradeTestCredentials.username, password: ServiceTradeTestCredentials.password)), http: http)
        store = try Store.open(path: folder + "/store.sqlite")
        try PostingRuleSeed.load(directory: Self.sampleData.path + "/rules", into: store, by: ActingUser(name: "finance-test"))
    }

    func receiverSettings(maxBodyBytes: Int = 65_536, secret: Secret? = ServeCompany.secret,
                          clientState: Secret? = ServeCompany.clientState) -> WebhookReceiver.Settings {
        WebhookReceiver.Settings(host: "127.0.0.1", port: 0, maxBodyBytes: maxBodyBytes, serviceTradeSecret: secret,
                                 clientState: clientState)
    }

    func engine() -> SyncEngine {
        SyncEngine(store: store, bc: bc, st: st, settings: .init(workers: 4, retry: RetryPolicy(maxAttempts: 30, baseDelay: 0, maxDelay: 0)))
    }

    /// Approves a ServiceTrade invoice through the ServiceTrade API (as a person would).
    func approve(_ id: Int) async throws {
        try await st.update("invoice", id: String(id), ["status": "pending_accounting"])
    }

    /// Sends the ServiceTrade notifications that are due now (the simulator's delivery step).
    @discardableResult
    func deliverServiceTradeWebhooks() async -> Int { await stSim.deliverDueWebhooks() }

    /// Work item state per ServiceTrade invoice id.
    func workItemState(sourceID: String) throws -> String? {
        try store.read { db in
            try String.fetchOne(db, sql: """
                SELECT state FROM work_items WHERE source_system = 'servicetrade' AND source_id = ? AND flow = 'invoice.post'
                  AND state != 'superseded' ORDER BY id DESC LIMIT 1
                """, arguments: [sourceID])
        }
    }

    /// Polls `condition` every 100 ms for at most `seconds` (bounded; never a timed assertion).
    func eventually(seconds: Double = 30, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }

    func stop() async {
        await st.signOut()
        await server.stop()
        http.shutdown()
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// Lets the simulators call our listener (the executable has its own, in SimulatorLauncher).
struct TestWebhookTransport: WebhookTransport {
    let http: HTTPClient

    func post(url: String, headers: [(name: String, value: String)], body: [UInt8]) async -> Int? {
        await postReadingBody(url: url, headers: headers, body: body)?.status
    }

    func postReadingBody(url: String, headers: [(name: String, value: String)], body: [UInt8]) async -> (status: Int, body: [UInt8]?)? {
        let request = HTTPRequest(method: .post, url: url, headers: HTTPHeaders(headers), body: body, timeout: .seconds(30))
        guard let response = try? await http.send(request) else { return nil }
        return (response.status, response.body)
    }
}

/// Raw HTTP to the listener, as an outside sender would call it.
func send(_ http: HTTPClient, _ url: String, body: [UInt8], headers: HTTPHeaders = ["Content-Type": "application/json"],
          method: HTTPMethod = .post) async throws -> HTTPResponse {
    try await http.send(HTTPRequest(method: method, url: url, headers: headers, body: body))
}
