import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("Simulator server")
struct SimulatorServerTests {
    @Test("starts on a free port and reports the BC endpoint, token URL and test credentials")
    func startReportsEndpoints() async throws {
        let live = try await LiveServer.start()
        #expect(live.bc.baseURL.hasPrefix("http://127.0.0.1:"))
        #expect(live.bc.baseURL.hasSuffix("/bc/v2.0/\(live.api.tenant.tenantId)/production/api/v2.0"))
        #expect(live.bc.tokenURL?.hasSuffix("/bc-login/\(live.api.tenant.tenantId)/oauth2/v2.0/token") == true)
        let banner = live.server.banner
        #expect(banner.contains("bc ") && banner.contains(live.bc.baseURL))
        #expect(banner.contains(live.api.tenant.clients[0].clientId) && banner.contains(live.api.tenant.clients[0].clientSecret))
        #expect(banner.contains(Fixtures.companyId))
        await live.stop()
    }

    @Test("an unknown path prefix gets 404 naming the known prefixes")
    func unknownPrefix() async throws {
        let live = try await LiveServer.start()
        let response = try await RawHTTPClient.send("GET", "\(live.root)/nothing/here")
        #expect(response.status == 404)
        #expect(response.text.contains("/bc/"))
        await live.stop()
    }

    @Test("a body over the cap is refused with 413 in BC's error shape")
    func bodyCap() async throws {
        let live = try await LiveServer.start { $0.maxBodyBytes = 1024 }
        let token = try await live.token()
        let big = "{\"displayName\":\"" + String(repeating: "x", count: 4096) + "\"}"
        let response = try await RawHTTPClient.send("POST", "\(live.companyURL)/customers",
                                                    headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")],
                                                    body: Array(big.utf8))
        #expect(response.status == 413)
        #expect(response.json["error"]?["message"]?.stringValue?.contains("CorrelationId") == true)
        await live.stop()
    }

    @Test("/_sim routes: state, clock, faults, reset, load, per-API control")
    func controlRoutes() async throws {
        let live = try await LiveServer.start()
        let token = try await live.token()
        let auth = [("Authorization", "Bearer \(token)")]
        let state = try await RawHTTPClient.send("GET", "\(live.root)/_sim/state")
        #expect(state.status == 200)
        #expect(state.json["bc"]?["customers"]?.arrayValue?.count == 3)

        let before = live.clock.now()
        let clock = try await RawHTTPClient.sendJSON("POST", "\(live.root)/_sim/clock", ["advanceSeconds": 3600])
        #expect(clock.status == 200)
        #expect(live.clock.now().timeIntervalSince(before) >= 3600)

        let badFaults = try await RawHTTPClient.sendJSON("PUT", "\(live.root)/_sim/faults", ["spec": "bc:boom=1"])
        #expect(badFaults.status == 400 && badFaults.text.contains("unknown fault kind"))
        let goodFaults = try await RawHTTPClient.sendJSON("PUT", "\(live.root)/_sim/faults", ["spec": "bc:5xx=1"])
        #expect(goodFaults.status == 200)
        let faulted = try await RawHTTPClient.send("GET", "\(live.companyURL)/customers", headers: auth)
        #expect([500, 502, 503].contains(faulted.status))
        _ = try await RawHTTPClient.sendJSON("PUT", "\(live.root)/_sim/faults", ["spec": ""])

        // The clock moved an hour: the first token has expired.
        #expect(try await RawHTTPClient.send("GET", "\(live.companyURL)/customers", headers: auth).status == 401)
        let fresh = [("Authorization", "Bearer \(try await live.token())")]
        let created = try await RawHTTPClient.sendJSON("POST", "\(live.companyURL)/customers", ["displayName": "Reset Me"], headers: fresh)
        #expect(created.status == 201)
        let reset = try await RawHTTPClient.send("POST", "\(live.root)/_sim/reset")
        #expect(reset.status == 200)
        #expect(live.api.snapshot().table("customers").count == 3)

        let badLoad = try await RawHTTPClient.sendJSON("POST", "\(live.root)/_sim/load", ["directory": "/nonexistent/dir"])
        #expect(badLoad.status == 400 && badLoad.text.contains("does not exist"))
        let load = try await RawHTTPClient.sendJSON("POST", "\(live.root)/_sim/load", ["directory": .string(Fixtures.directory.path)])
        #expect(load.status == 200)

        let unknownControl = try await RawHTTPClient.send("POST", "\(live.root)/_sim/bc/nothing")
        #expect(unknownControl.status == 404)
        let unknownRoute = try await RawHTTPClient.send("GET", "\(live.root)/_sim/whatever")
        #expect(unknownRoute.status == 404)
        await live.stop()
    }

    @Test("the request log has one JSON line per request, without tokens or secrets")
    func requestLogRedacts() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bcsim-log-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let live = try await LiveServer.start {
            $0.requestLogPath = path
            $0.latencyMilliseconds = 30
        }
        let token = try await live.token()
        _ = try await RawHTTPClient.send("GET", "\(live.companyURL)/customers", headers: [("Authorization", "Bearer \(token)"), ("Cookie", "session=abc")])
        await live.stop()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        let secret = live.api.tenant.clients[0].clientSecret
        #expect(!text.contains(secret), "the client secret reached the log")
        #expect(!text.contains(token), "the access token reached the log")
        #expect(!text.contains("session=abc"))
        #expect(text.contains("client_secret=***"))
        let entry = try JSONValue(parsing: String(lines[1]))
        #expect(entry["api"]?.stringValue == "bc")
        #expect(entry["method"]?.stringValue == "GET")
        #expect(entry["status"]?.intValue == 200)
        #expect(entry["path"]?.stringValue?.hasSuffix("/customers") == true)
        #expect(entry["fault"]?.isNull == true)
        #expect(entry["durationMs"]?.intValue ?? 0 >= 30, "--latency adds its delay")
        #expect(entry["headers"]?["Authorization"] == nil && entry["headers"]?["Cookie"] == nil)
    }
}
