import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerCore

@Suite("Connector logic: error classification, OData queries, retry policy, limiter")
struct ConnectorLogicTests {
    @Test("Business Central errors: transient vs permanent by code and status (reference §5, §6)", arguments: [
        (503, "Internal_ServerError", true), (500, "Unknown", true), (429, "Application_TooManyRequests", true), (408, "http.408", true),
        (409, "Request_EntityChanged", true), (400, "Application_DialogException", false), (400, "BadRequest_InvalidToken", false),
        (404, "Internal_RecordNotFound", false), (400, "Internal_EntityWithSameKeyExists", false), (401, "Authentication_InvalidCredentials", false),
    ])
    func classification(status: Int, code: String, transient: Bool) {
        #expect(BusinessCentralClient.isTransient(status: status, code: code) == transient)
    }

    @Test("BC error bodies decode with the correlation id stripped and Retry-After kept")
    func decodeError() {
        let body = #"{"error":{"code":"Application_DialogException","message":"Please add at least one line item to the document.  CorrelationId:  1b2c."}}"#
        let response = HTTPResponse(status: 400, headers: ["Retry-After": "7"], body: Array(body.utf8))
        let error = BusinessCentralClient.decodeError(response, operation: "post salesInvoices")
        #expect(error.code == "Application_DialogException")
        #expect(error.message == "Please add at least one line item to the document.")
        #expect(!error.isTransient)
        #expect(error.retryAfter == 7)
    }

    @Test("OData literals double single quotes; the query string is percent-encoded once")
    func odata() {
        #expect(ODataQuery.literal("O'Brien") == "'O''Brien'")
        let q = ODataQuery(filter: ODataQuery.equals("externalDocumentNumber", "INV 1&2"), select: ["id", "number"], top: 5)
        #expect(q.queryString == "$filter=externalDocumentNumber%20eq%20%27INV%201%262%27&$select=id%2Cnumber&$top=5")
        #expect(ODataQuery().queryString.isEmpty)
        #expect(BusinessCentralClient.entitySetName("salesInvoices(abc)/salesInvoiceLines(def)") == "salesInvoices/salesInvoiceLines")
    }

    @Test("backoff doubles from the base, caps, honours Retry-After, and exhausts at the limit")
    func retryPolicy() {
        let policy = RetryPolicy(maxAttempts: 4, baseDelay: 2, maxDelay: 60)
        #expect(policy.delay(afterAttempt: 1, retryAfter: nil, jitter: 1) == 2)
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, jitter: 1) == 8)
        #expect(policy.delay(afterAttempt: 10, retryAfter: nil, jitter: 1) == 60)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 30, jitter: 1) == 30)
        #expect(!policy.isExhausted(attempts: 3))
        #expect(policy.isExhausted(attempts: 4))
    }

    @Test("the limiter never lets more than maxConcurrent run at once nor more than maxRequests per window")
    func limiter() async {
        let clock = ManualClock()
        let limiter = RequestLimiter(maxConcurrent: 2, maxRequests: 3, window: 10, clock: { clock.now })
        await limiter.acquire()
        await limiter.acquire()
        // A third must wait for a release (concurrency), not for time.
        let third = Task { await limiter.acquire(); return true }
        try? await Task.sleep(nanoseconds: 50_000_000)
        await limiter.release()
        #expect(await third.value)
        #expect(await limiter.used() == 3)
        await limiter.release()
        await limiter.release()
        // The window is full (3 in 10 s): a fourth waits until the clock moves past the oldest start.
        let fourth = Task { await limiter.acquire(); return clock.now }
        try? await Task.sleep(nanoseconds: 50_000_000)
        clock.advance(11)
        #expect(await fourth.value >= 11)
        await limiter.release()
    }
}

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Double = 0
    var now: Double { lock.lock(); defer { lock.unlock() }; return value }
    func advance(_ seconds: Double) { lock.lock(); value += seconds; lock.unlock() }
}

@Suite("Request limiter: a server's pause is short")
struct RequestLimiterPauseTests {
    @Test("after a 429 pause, requests resume when the pause ends, not when the rate window ends")
    func pauseThenResume() async {
        let clock = ManualClock()
        let limiter = RequestLimiter(maxConcurrent: 5, maxRequests: 6_000, window: 300, clock: { clock.now })
        await limiter.acquire()
        await limiter.release()
        await limiter.pause(for: 0.2)
        let waiter = Task { await limiter.acquire(); return clock.now }
        try? await Task.sleep(nanoseconds: 50_000_000)
        clock.advance(0.3)
        // The limiter sleeps in real time for at most the pause (0.2 s) and then sees the clock moved.
        #expect(await waiter.value < 300)
        await limiter.release()
    }
}
