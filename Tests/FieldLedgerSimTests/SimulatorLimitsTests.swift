import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("Simulator limits (reference §5)")
struct SimulatorLimitsTests {
    @Test("§5 beyond the rate window the limiter refuses with a Retry-After until the window slides")
    func rateWindow() async {
        let clock = SimClock()
        let limiter = RequestLimiter(profile: LimitsProfile(name: "t", apis: ["bc"], maxConcurrent: 10, maxQueued: 0,
                                                            maxRequests: 3, windowSeconds: 300), clock: clock)
        for _ in 0..<3 {
            #expect(await limiter.acquire("client") == .granted)
            await limiter.release("client")
        }
        guard case .refused(let retryAfter, _) = await limiter.acquire("client") else {
            Issue.record("the 4th request in the window was not refused")
            return
        }
        #expect(retryAfter >= 299 && retryAfter <= 300)
        #expect(await limiter.acquire("other-client") == .granted, "limits are per principal")
        clock.advance(by: 301)
        #expect(await limiter.acquire("client") == .granted)
    }

    @Test("§5 concurrency cap: extra requests queue (bounded), then are refused")
    func concurrencyCap() async {
        let limiter = RequestLimiter(profile: LimitsProfile(name: "t", apis: ["bc"], maxConcurrent: 1, maxQueued: 1,
                                                            maxRequests: 100, windowSeconds: 300), clock: SimClock())
        #expect(await limiter.acquire("c") == .granted)
        let queued = Task { await limiter.acquire("c") }
        var waited = 0
        while await limiter.queuedCount("c") == 0, waited < 1000 {
            await Task.yield()
            waited += 1
        }
        #expect(await limiter.queuedCount("c") == 1)
        if case .refused = await limiter.acquire("c") {} else { Issue.record("a third request beyond cap + queue was not refused") }
        await limiter.release("c")
        #expect(await queued.value == .granted)
        #expect(await limiter.activeCount("c") == 1)
        await limiter.release("c")
        #expect(await limiter.activeCount("c") == 0)
    }

    @Test("§5 over HTTP: the 4th request in the window gets 429 with Retry-After and BC's error body")
    func liveRateLimit() async throws {
        let live = try await LiveServer.start { $0.limits = try! LimitsProfile(parsing: "bc:rate=3/300") }
        defer { Task { await live.stop() } }
        let token = try await live.token()
        var statuses: [Int] = []
        var last: RawHTTPResponse?
        for _ in 0..<4 {
            let response = try await RawHTTPClient.send("GET", "\(live.companyURL)/customers", headers: [("Authorization", "Bearer \(token)")])
            statuses.append(response.status)
            last = response
        }
        #expect(statuses == [200, 200, 200, 429])
        #expect(Int(last?.header("Retry-After") ?? "") ?? 0 >= 1)
        #expect(last?.json["error"]?["code"]?.stringValue == "Application_TooManyRequests")
        #expect(last?.json["error"]?["message"]?.stringValue?.contains("CorrelationId") == true)
        // The token endpoint is not limited.
        _ = try await live.token()
        await live.stop()
    }
}
