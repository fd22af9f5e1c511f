import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

/// Reference §5, OData per user: "Concurrent processing 5 — queued; after 8 min in the queue → 503".
/// The tests shorten the 8 minutes with `queueTimeout=` in the limits spec; nothing asserts on time.
@Suite("BC queue timeout under --limits (reference §5)")
struct BCQueueTimeoutTests {
    @Test("§5 bc-real waits 8 minutes (480 s) in the queue; the spec key queueTimeout overrides it")
    func profile() throws {
        #expect(LimitsProfile.bcReal.queueTimeoutSeconds == 480)
        #expect(try LimitsProfile(parsing: "bc:concurrent=1,queueTimeout=0.5").queueTimeoutSeconds == 0.5)
        #expect(throws: SimulatorConfigurationError.self) { try LimitsProfile(parsing: "bc:queueTimeout=0") }
    }

    @Test("§5 a request that waits past the queue timeout is given up; a request released in time is granted")
    func limiterTimesOut() async {
        let limiter = RequestLimiter(profile: LimitsProfile(name: "t", apis: ["bc"], maxConcurrent: 1, maxQueued: 5,
                                                            maxRequests: 100, windowSeconds: 300, queueTimeoutSeconds: 0.05),
                                     clock: SimClock())
        #expect(await limiter.acquire("c") == .granted)
        #expect(await limiter.acquire("c") == .queueTimedOut(waitedSeconds: 0.05))
        #expect(await limiter.queuedCount("c") == 0, "a timed-out request leaves the queue")
        #expect(await limiter.activeCount("c") == 1, "and never took a slot")
        await limiter.release("c")
        #expect(await limiter.activeCount("c") == 0)
    }

    @Test("§5 over HTTP: 503 Internal_ServiceUnavailable with Retry-After and BC's error body after the queue wait")
    func liveQueueTimeout() async throws {
        let live = try await LiveServer.start {
            $0.limits = (try? LimitsProfile(parsing: "bc:concurrent=1,queueTimeout=0.2")) ?? .bcReal
            $0.latencyMilliseconds = 1_500
        }
        let token = try await live.token()
        let principal = live.api.tenant.clients[0].clientId
        let url = "\(live.companyURL)/customers"
        let first = Task { try await RawHTTPClient.send("GET", url, headers: [("Authorization", "Bearer \(token)")]) }
        var spins = 0
        while await live.server.limiter.activeCount(principal) == 0, spins < 10_000 {
            try await Task.sleep(for: .milliseconds(1))
            spins += 1
        }
        let second = try await RawHTTPClient.send("GET", url, headers: [("Authorization", "Bearer \(token)")])
        #expect(second.status == 503)
        #expect(second.json["error"]?["code"]?.stringValue == "Internal_ServiceUnavailable")
        #expect(second.json["error"]?["message"]?.stringValue?.contains("CorrelationId") == true)
        #expect(Int(second.header("Retry-After") ?? "") ?? 0 >= 1)
        #expect(try await first.value.status == 200, "the request holding the slot is answered")
        await live.stop()
    }
}
