import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("Simulator faults")
struct SimulatorFaultTests {
    private func customerCount(_ live: LiveServer) -> Int { live.api.snapshot().table("customers").count }

    @Test("5xx answers 500/502/503 in BC's shape and does not apply the change")
    func serverErrorNotApplied() async throws {
        let live = try await LiveServer.start { $0.faults = try! FaultSpec(parsing: "bc:5xx=1") }
        let token = try await live.token()   // the token endpoint is exempt
        let response = try await RawHTTPClient.sendJSON("POST", "\(live.companyURL)/customers", ["displayName": "Not Applied"],
                                                        headers: [("Authorization", "Bearer \(token)")])
        #expect([500, 502, 503].contains(response.status))
        #expect(response.json["error"]?["code"]?.stringValue?.hasPrefix("Internal_") == true)
        #expect(customerCount(live) == 3)
        await live.stop()
    }

    @Test("429 answers with Retry-After and does not apply the change")
    func throttledNotApplied() async throws {
        let live = try await LiveServer.start { $0.faults = try! FaultSpec(parsing: "bc:429=1") }
        let token = try await live.token()
        let response = try await RawHTTPClient.sendJSON("POST", "\(live.companyURL)/customers", ["displayName": "Not Applied"],
                                                        headers: [("Authorization", "Bearer \(token)")])
        #expect(response.status == 429)
        #expect(response.header("Retry-After") != nil)
        #expect(customerCount(live) == 3)
        await live.stop()
    }

    @Test("timeout holds the request, then closes the connection without an answer; nothing is applied")
    func timeoutNotApplied() async throws {
        let live = try await LiveServer.start {
            $0.faults = try! FaultSpec(parsing: "bc:timeout=1")
            $0.timeoutHoldSeconds = 0.2
        }
        let token = try await live.token()
        await #expect(throws: RawHTTPError.emptyReply) {
            _ = try await RawHTTPClient.sendJSON("POST", "\(live.companyURL)/customers", ["displayName": "Not Applied"],
                                                 headers: [("Authorization", "Bearer \(token)")])
        }
        #expect(customerCount(live) == 3)
        await live.stop()
    }

    @Test("drop-after-commit applies the change, then the client sees a lost connection and no response")
    func dropAfterCommitApplies() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bcsim-drop-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let live = try await LiveServer.start {
            $0.faults = try! FaultSpec(parsing: "bc:drop-after-commit=1")
            $0.requestLogPath = path
        }
        let token = try await live.token()
        await #expect(throws: RawHTTPError.emptyReply) {
            _ = try await RawHTTPClient.sendJSON("POST", "\(live.companyURL)/customers", ["displayName": "Committed Anyway"],
                                                 headers: [("Authorization", "Bearer \(token)")])
        }
        #expect(customerCount(live) == 4)
        #expect(live.api.snapshot().table("customers").all.contains { $0["displayName"]?.stringValue == "Committed Anyway" })
        await live.stop()
        let log = try String(contentsOfFile: path, encoding: .utf8)
        #expect(log.contains("\"fault\":\"drop-after-commit\""))
    }
}
