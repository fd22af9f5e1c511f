import Foundation

/// What the limiter decided for one request.
enum LimitDecision: Sendable, Equatable {
    /// Go ahead; call `release(_:)` when the request is done.
    case granted
    /// Refuse with 429 and this `Retry-After` (seconds).
    case refused(retryAfterSeconds: Int, reason: String)
    /// Waited `queueTimeoutSeconds` in the queue without a slot: answer 503 (reference §5).
    case queueTimedOut(waitedSeconds: Double)
}

/// Enforces a `LimitsProfile` per principal: a sliding window of request times (on the `SimClock`,
/// so `/_sim/clock` moves it) and a concurrency cap with a bounded FIFO queue.
actor RequestLimiter {
    private struct PrincipalState {
        var times: [Date] = []
        var active = 0
        /// FIFO; resumed with true when handed a slot, false when the wait timed out.
        var waiters: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
    }

    private let profile: LimitsProfile
    private let clock: SimClock
    private var states: [String: PrincipalState] = [:]
    private var nextWaiterId = 0
    /// The queue-timeout sleeper of each waiting request, cancelled when it gets its slot.
    private var timers: [Int: Task<Void, Never>] = [:]

    init(profile: LimitsProfile, clock: SimClock) {
        self.profile = profile
        self.clock = clock
    }

    /// Nonisolated: asked on every request, and without limits it must not hop to the actor.
    nonisolated func applies(to api: String) -> Bool { profile.apis.contains(api) }

    /// Waits for a slot (bounded by the queue size) or refuses.
    func acquire(_ principal: String) async -> LimitDecision {
        var state = states[principal] ?? PrincipalState()
        let now = clock.now()
        let windowStart = now.addingTimeInterval(-profile.windowSeconds)
        state.times.removeAll { $0 <= windowStart }
        if state.times.count >= profile.maxRequests, let oldest = state.times.first {
            states[principal] = state
            let wait = oldest.addingTimeInterval(profile.windowSeconds).timeIntervalSince(now)
            return .refused(retryAfterSeconds: max(1, Int(wait.rounded(.up))),
                            reason: "more than \(profile.maxRequests) requests in \(Int(profile.windowSeconds)) seconds")
        }
        if state.active < profile.maxConcurrent {
            state.active += 1
            state.times.append(now)
            states[principal] = state
            return .granted
        }
        guard state.waiters.count < profile.maxQueued else {
            states[principal] = state
            return .refused(retryAfterSeconds: 1,
                            reason: "more than \(profile.maxConcurrent) requests in process and \(profile.maxQueued) queued")
        }
        state.times.append(now)
        states[principal] = state
        nextWaiterId += 1
        let waiterId = nextWaiterId
        let timeout = profile.queueTimeoutSeconds
        // The slot is handed over by `release` (active stays counted), so no re-check is needed.
        let granted = await withCheckedContinuation { continuation in
            states[principal, default: PrincipalState()].waiters.append((waiterId, continuation))
            timers[waiterId] = Task { [weak self] in
                guard (try? await Task.sleep(for: .milliseconds(Int(timeout * 1000)))) != nil else { return }
                await self?.expire(principal, waiterId)
            }
        }
        timers.removeValue(forKey: waiterId)?.cancel()
        return granted ? .granted : .queueTimedOut(waitedSeconds: timeout)
    }

    /// Ends a wait that lasted the queue timeout, if the request is still queued.
    private func expire(_ principal: String, _ waiterId: Int) {
        guard let index = states[principal]?.waiters.firstIndex(where: { $0.id == waiterId }),
              let waiter = states[principal]?.waiters.remove(at: index) else { return }
        waiter.continuation.resume(returning: false)
    }

    func release(_ principal: String) {
        guard var state = states[principal] else { return }
        if state.waiters.isEmpty {
            state.active = max(0, state.active - 1)
            states[principal] = state
        } else {
            let next = state.waiters.removeFirst()
            states[principal] = state
            next.continuation.resume(returning: true)
        }
    }

    /// Requests waiting for a slot (for tests and `/_sim/state`).
    func queuedCount(_ principal: String) -> Int { states[principal]?.waiters.count ?? 0 }
    func activeCount(_ principal: String) -> Int { states[principal]?.active ?? 0 }
}
