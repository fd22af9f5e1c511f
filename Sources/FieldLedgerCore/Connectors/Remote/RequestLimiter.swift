import Foundation

/// Keeps one principal under a remote system's limits by design rather than by hitting them:
/// at most `maxConcurrent` requests in flight, at most `maxRequests` per `window` seconds
/// (a sliding log of start times), and a shared pause when the server answers 429 / 503.
///
/// Business Central: 5 concurrent and 6,000 per 5 minutes per user (reference §5).
public actor RequestLimiter {
    public let maxConcurrent: Int
    public let maxRequests: Int
    public let window: Double

    private var inFlight = 0
    private var starts: [Double] = []  // ring of recent start times, oldest first
    private var startsHead = 0
    private var pausedUntil: Double = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private let clock: @Sendable () -> Double

    public init(maxConcurrent: Int, maxRequests: Int, window: Double,
                clock: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.maxConcurrent = max(1, maxConcurrent)
        self.maxRequests = max(1, maxRequests)
        self.window = window
        self.clock = clock
    }

    /// Business Central's documented per-user limits (`requestsPer5Minutes` 0: no ceiling on the
    /// rate, for a simulator without limits; the 5 in flight always hold).
    public static func businessCentral(requestsPer5Minutes: Int = 6_000) -> RequestLimiter {
        RequestLimiter(maxConcurrent: 5, maxRequests: requestsPer5Minutes > 0 ? requestsPer5Minutes : Int.max / 2, window: 300)
    }

    /// Waits for a slot; call `release()` when the request is done.
    public func acquire() async {
        while true {
            let now = clock()
            let active = starts.count - startsHead
            if inFlight < maxConcurrent, now >= pausedUntil, active < maxRequests || isOldestExpired(now) {
                dropExpired(now)
                inFlight += 1
                starts.append(now)
                compact()
                return
            }
            if inFlight >= maxConcurrent {
                await withCheckedContinuation { waiters.append($0) }
            } else {
                // Paused by the server, or the window is full: sleep until whichever ends later.
                let windowFull = active >= maxRequests && !isOldestExpired(now)
                let untilWindow = windowFull ? starts[startsHead] + window - now : 0
                let wait = max(pausedUntil - now, untilWindow, 0.001)
                try? await Task.sleep(nanoseconds: UInt64(wait * 1e9))
            }
        }
    }

    public func release() {
        inFlight -= 1
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }

    /// The server said slow down: nobody starts a request for `seconds`.
    public func pause(for seconds: Double) {
        pausedUntil = max(pausedUntil, clock() + seconds)
    }

    /// Requests started in the current window (for the console's "rate budget used").
    public func used() -> Int {
        dropExpired(clock())
        return starts.count - startsHead
    }

    private func isOldestExpired(_ now: Double) -> Bool {
        startsHead < starts.count && starts[startsHead] <= now - window
    }

    private func dropExpired(_ now: Double) {
        while startsHead < starts.count, starts[startsHead] <= now - window { startsHead += 1 }
    }

    private func compact() {
        if startsHead > 1_024, startsHead * 2 > starts.count {
            starts.removeFirst(startsHead)
            startsHead = 0
        }
    }
}
