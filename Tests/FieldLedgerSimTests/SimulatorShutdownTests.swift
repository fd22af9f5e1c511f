import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("Simulator server shutdown")
struct SimulatorShutdownTests {
    @Test("stop() ends a request held by a timeout fault instead of waiting for it")
    func stopEndsHeldRequests() async throws {
        let live = try await LiveServer.start {
            $0.faults = try! FaultSpec(parsing: "bc:timeout=1")
            $0.timeoutHoldSeconds = 600
        }
        let token = try await live.token()
        let held = Task {
            try await RawHTTPClient.send("GET", "\(live.companyURL)/customers", headers: [("Authorization", "Bearer \(token)")],
                                        timeoutSeconds: 30)
        }
        // Wait (bounded) until the request is being held: the fault draws before the hold starts.
        var attempts = 0
        while attempts < 200 {
            try await Task.sleep(for: .milliseconds(10))
            attempts += 1
        }
        await live.stop()
        await #expect(throws: RawHTTPError.self) { _ = try await held.value }
        #expect(live.api.snapshot().table("customers").count == 3)
    }
}
