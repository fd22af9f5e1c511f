import Foundation

/// When a transient failure may be tried again: exponential backoff with jitter, never sooner
/// than the server's `Retry-After`, and a limit after which a person has to look.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double

    public init(maxAttempts: Int = 8, baseDelay: Double = 2, maxDelay: Double = 300) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Seconds to wait after the `attempts`-th failed attempt (1-based), with ±20 % jitter so a
    /// burst of failures does not come back as a burst.
    public func delay(afterAttempt attempts: Int, retryAfter: Double?, jitter: Double = Double.random(in: 0.8...1.2)) -> Double {
        let exponential = min(maxDelay, baseDelay * pow(2, Double(max(0, attempts - 1))))
        return max(exponential * jitter, retryAfter ?? 0)
    }

    public func isExhausted(attempts: Int) -> Bool { attempts >= maxAttempts }
}
