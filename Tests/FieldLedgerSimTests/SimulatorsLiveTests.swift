import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("Simulators: all three APIs live over HTTP from sample-data")
struct SimulatorsLiveTests {
    @Test("bc, st and pm answer on one server loaded from sample-data")
    func allThreeOverHTTP() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sample-data")
        let clock = SimClock()
        let bc = BusinessCentralAPI(clock: clock)
        let st = ServiceTradeSimulator(clock: clock)
        let pm = PartsManagerSimulator(clock: clock)
        let server = SimulatorServer(options: SimulatorOptions(port: 0, dataDirectory: root), apis: [bc, st, pm], clock: clock)
        let endpoints = try await server.start()
        let base = server.baseURL ?? ""
        let login = try await RawHTTPClient.sendJSON("POST", "\(base)/st/api/auth", ["username": .string(ServiceTradeTestCredentials.username), "password": .string(ServiceTradeTestCredentials.password)])
        #expect(login.status == 200)
        let token = login.json["data"]?["authToken"]?.stringValue ?? ""
        let invoices = try await RawHTTPClient.send("GET", "\(base)/st/api/invoice?status=pending_accounting,ok&limit=5&page=2", headers: [("Cookie", "PHPSESSID=\(token)")])
        #expect(invoices.status == 200)
        #expect(invoices.json["data"]?["invoices"]?.arrayValue?.count == 5)
        #expect(invoices.json["data"]?["totalRecords"]?.intValue == 200)
        let form = "grant_type=client_credentials&client_id=\(PartsManagerTestCredentials.clientId)&client_secret=\(PartsManagerTestCredentials.clientSecret)"
        let pmToken = try await RawHTTPClient.send("POST", "\(base)/pm/api/oauth/token", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(form.utf8))
        let access = pmToken.json["access_token"]?.stringValue ?? ""
        let pos = try await RawHTTPClient.send("GET", "\(base)/pm/api/purchaseOrders?status=issued", headers: [("Authorization", "Bearer \(access)")])
        #expect(pos.json["totalItems"]?.intValue == 2)
        let control = try await RawHTTPClient.send("POST", "\(base)/_sim/st/webhooks/deliver")
        #expect(control.status == 200)
        let state = try await RawHTTPClient.send("GET", "\(base)/_sim/state")
        #expect(state.json["st"]?["invoices"]?.arrayValue?.count == 202)
        #expect(state.json["bc"]?["customers"]?.arrayValue?.count == 29)
        await server.stop()
    }
}
