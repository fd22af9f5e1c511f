import FieldLedgerCore
import FieldLedgerHTTP
import FieldLedgerSim
import Foundation

/// Starts the three simulated APIs in this process (for `fieldledger sim` and `demo`) and writes
/// the configuration that points FieldLedger at them.
final class SimulatorLauncher: @unchecked Sendable {
    let server: SimulatorServer
    let businessCentral: BusinessCentralAPI
    let serviceTrade: ServiceTradeSimulator
    let partsManager: PartsManagerSimulator
    private(set) var endpoints: [SimulatorEndpoint] = []
    private var deliveryTasks: [Task<Void, Never>] = []

    init(options: SimulatorOptions) {
        let clock = SimClock()
        businessCentral = BusinessCentralAPI(clock: clock)
        serviceTrade = ServiceTradeSimulator(clock: clock)
        partsManager = PartsManagerSimulator(clock: clock)
        server = SimulatorServer(options: options, apis: [businessCentral, serviceTrade, partsManager], clock: clock)
    }

    /// Loads the data, binds, and starts delivering the three systems' webhooks.
    func start(http: HTTPClient) async throws {
        endpoints = try await server.start()
        let transport = CurlWebhookTransport(http: http)
        businessCentral.setWebhookTransport(transport)
        serviceTrade.setWebhookTransport(transport)
        partsManager.setWebhookTransport(transport)
        let bc = businessCentral, st = serviceTrade, pm = partsManager
        deliveryTasks = [Task { await bc.runWebhookDelivery() }, Task { await st.runWebhookDelivery() },
                         Task { await pm.runWebhookDelivery() }]
    }

    func stop() async {
        for task in deliveryTasks { task.cancel() }
        await server.stop()
    }

    func endpoint(_ name: String) -> SimulatorEndpoint? { endpoints.first { $0.name == name } }

    /// `fieldledger.toml` (and a 0600 `fieldledger.credentials` beside it) pointing at these
    /// simulators, with the current user granted every role so a sandbox is usable at once.
    /// Returns the paths written.
    @discardableResult
    func writeConfig(to path: String, storePath: String? = nil) throws -> [String] {
        guard let root = server.baseURL, let bc = endpoint("bc") else {
            throw CommandFailure("the simulators are not running; nothing to point the configuration at")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let user = ActingUser.current().name
        let detail = { (name: String) in bc.details.first { $0.name == name }?.value ?? "" }
        let config = """
            # Written by 'fieldledger sim --write-config': FieldLedger against the loopback simulators.
            # Secrets are in fieldledger.credentials beside this file (mode 0600).
            credentials_file = "fieldledger.credentials"

            [store]
            path = "\(storePath ?? "fieldledger.sqlite")"

            [log]
            path = "fieldledger.log"
            level = "info"

            [roles]
            # The user who started the simulators may do everything in this sandbox.
            finance = ["\(user)"]
            default_role = "viewer"

            [business_central]
            base_url = "\(root)/bc"
            login_url = "\(root)/bc-login"
            tenant = "\(bc.tenantId ?? "")"
            environment = "\(detail("environment"))"
            company = "\(detail("company"))"
            client_id = "\(bc.clientId ?? "")"

            [servicetrade]
            base_url = "\(root)/st/api"
            auth = "session"
            username = "\(ServiceTradeTestCredentials.username)"

            [webhooks]
            # 'fieldledger serve' listens here; the simulators deliver their webhooks to it.
            listen = "127.0.0.1:\(Self.freePort() ?? 8787)"

            [partsmanager]
            base_url = "\(root)/pm/api"
            # PartsManager signs in with OAuth client credentials: the client id goes here and its
            # secret in the credentials file (client_secret).
            client_id = "\(PartsManagerTestCredentials.clientId)"

            [procurement]
            # Vendor bills → Business Central purchase invoices (off by default).
            ap_invoices = false

            """
        let credentials = """
            # Simulator test credentials (loopback only, never real secrets).
            [business_central]
            client_secret = "\(bc.clientSecret ?? "")"
            client_state = "\(UUID().uuidString.lowercased())"

            [servicetrade]
            password = "\(ServiceTradeTestCredentials.password)"
            webhook_secret = "\(ServiceTradeTestCredentials.webhookSecret)"

            [partsmanager]
            client_secret = "\(PartsManagerTestCredentials.clientSecret)"
            webhook_secret = "\(PartsManagerTestCredentials.webhookSecret)"

            """
        let credentialsPath = folder + "/fieldledger.credentials"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: credentialsPath, contents: Data(credentials.utf8),
                                       attributes: [.posixPermissions: 0o600])
        chmod(credentialsPath, 0o600)
        return [path, credentialsPath]
    }
}

extension SimulatorLauncher {
    /// A loopback port free right now (the kernel picks it), so that `serve` against these
    /// simulators does not collide with another sandbox. Nil when no socket could be bound.
    static func freePort() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Delivers simulated webhooks with the libcurl client (off the cooperative pool).
struct CurlWebhookTransport: WebhookTransport {
    let http: HTTPClient

    func post(url: String, headers: [(name: String, value: String)], body: [UInt8]) async -> Int? {
        await postReadingBody(url: url, headers: headers, body: body)?.status
    }

    /// Business Central's subscription handshake checks the echoed validation token in the body.
    func postReadingBody(url: String, headers: [(name: String, value: String)], body: [UInt8]) async -> (status: Int, body: [UInt8]?)? {
        let request = HTTPRequest(method: .post, url: url, headers: HTTPHeaders(headers), body: body, timeout: .seconds(10))
        guard let response = try? await http.send(request) else { return nil }
        return (response.status, response.body)
    }
}
