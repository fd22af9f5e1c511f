import Foundation

/// Wakes the scheduler early. Signals coalesce: any number of them while the scheduler is busy
/// leave exactly one pending wake-up, so a burst of webhooks during a cycle costs one more cycle,
/// not one per webhook.
final class WakeSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = false
    private var closed = false
    private var waiter: CheckedContinuation<Bool, Never>?
    private var generation = 0
    /// The timeout of the current wait, cancelled when the wait ends otherwise (so woken waits
    /// leave no sleeping tasks behind).
    private var timer: Task<Void, Never>?

    /// Wakes the waiter now, or the next wait if nobody is waiting.
    func signal() {
        let waiting: CheckedContinuation<Bool, Never>? = lock.withLock {
            if let waiter {
                self.waiter = nil
                timer?.cancel()
                timer = nil
                return waiter
            }
            pending = true
            return nil
        }
        waiting?.resume(returning: true)
    }

    /// Ends every wait for good (shutdown).
    func close() {
        let waiting: CheckedContinuation<Bool, Never>? = lock.withLock {
            closed = true
            timer?.cancel()
            timer = nil
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume(returning: false)
    }

    var isClosed: Bool { lock.withLock { closed } }

    /// Drops a pending signal (after a debounce pause, the signals that came in it are covered
    /// by the cycle about to run).
    func consume() { lock.withLock { pending = false } }

    /// Waits for a signal or for `timeout`; true when signalled, false on timeout or close.
    func wait(upTo timeout: Duration) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let immediate: Bool? = lock.withLock {
                if closed { return false }
                if pending {
                    pending = false
                    return true
                }
                generation += 1
                let mine = generation
                waiter = continuation
                timer = Task { [weak self] in
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    self?.expire(generation: mine)
                }
                return nil
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }

    private func expire(generation expired: Int) {
        let waiting: CheckedContinuation<Bool, Never>? = lock.withLock {
            guard generation == expired, let waiter else { return nil }
            self.waiter = nil
            timer = nil
            return waiter
        }
        waiting?.resume(returning: false)
    }
}
