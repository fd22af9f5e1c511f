import FieldLedgerHTTP
import Foundation
@testable import FieldLedgerSim

/// The wire tier of `BCHarness`: one `SimulatorServer` on 127.0.0.1, port 0, serving the
/// harness's own API object, so a test can still reach into `api` while its calls travel over
/// real HTTP. The server stops when the harness (and with it this object) goes away.
final class WireServer: Sendable {
    /// `SIM_TESTS_OVER_HTTP=1` (or `true`) asks every `BCHarness` to go over HTTP.
    static var requested: Bool {
        ["1", "true", "yes"].contains(ProcessInfo.processInfo.environment["SIM_TESTS_OVER_HTTP"]?.lowercased() ?? "")
    }

    private let server: SimulatorServer
    let root: String

    init(api: BusinessCentralAPI, clock: SimClock) async throws {
        server = SimulatorServer(options: SimulatorOptions(port: 0), apis: [api], clock: clock)
        _ = try await server.start()
        root = server.baseURL ?? ""
    }

    deinit { server.beginStop() }

    /// Sends one request the way a client would (query percent-encoded, `Host` set by the client)
    /// and returns the answer as the API would have; a transport failure is a 599 naming it.
    func send(_ request: SimRequest) async -> SimResponse {
        await SimCaller.overHTTP(root, request.method, request.path, request.query,
                                 request.headers.filter { $0.name.lowercased() != "host" }, request.body)
    }
}
