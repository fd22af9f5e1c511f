import Foundation

/// Repeats an idempotent read that failed transiently (a few times, with short growing pauses,
/// never sooner than `Retry-After`). Shared by every connector so reads behave the same everywhere.
enum TransientRetry {
    static let attempts = 4

    static func reads<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await body()
            } catch let error as RemoteError where error.isTransient && attempt < attempts {
                let pause = max(0.05 * pow(3, Double(attempt - 1)), min(error.retryAfter ?? 0, 5))
                try await Task.sleep(nanoseconds: UInt64(pause * 1e9))
            }
        }
    }
}
