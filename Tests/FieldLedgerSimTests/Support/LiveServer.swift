import FieldLedgerHTTP
import Foundation
@testable import FieldLedgerSim

/// A `SimulatorServer` on 127.0.0.1, port 0, with the BC simulator loaded from the fixtures
/// (the live tier). Always `stop()` it.
struct LiveServer {
    let server: SimulatorServer
    let api: BusinessCentralAPI
    let bc: SimulatorEndpoint
    let clock: SimClock

    static func start(_ configure: (inout SimulatorOptions) -> Void = { _ in }) async throws -> LiveServer {
        var options = SimulatorOptions(port: 0, dataDirectory: Fixtures.directory)
        configure(&options)
        let clock = SimClock()
        let api = BusinessCentralAPI(clock: clock)
        let server = SimulatorServer(options: options, apis: [api], clock: clock)
        let endpoints = try await server.start()
        guard let bc = endpoints.first(where: { $0.name == "bc" }) else { throw RawHTTPError.malformed("no bc endpoint") }
        return LiveServer(server: server, api: api, bc: bc, clock: clock)
    }

    func stop() async { await server.stop() }

    var root: String { server.baseURL ?? "" }
    var companyURL: String { "\(bc.baseURL)/companies(\(Fixtures.companyId))" }

    func token(clientIndex: Int = 0) async throws -> String {
        let client = api.tenant.clients[clientIndex]
        let form = "grant_type=client_credentials&client_id=\(client.clientId)&client_secret=\(client.clientSecret)&scope=https%3A%2F%2Fapi.businesscentral.dynamics.com%2F.default"
        let response = try await RawHTTPClient.send("POST", bc.tokenURL ?? "", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                    body: Array(form.utf8))
        guard let token = response.json["access_token"]?.stringValue else { throw RawHTTPError.malformed(response.text) }
        return token
    }
}
