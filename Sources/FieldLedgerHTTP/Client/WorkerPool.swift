import Foundation

/// A request waiting for, or being run by, a worker thread.
final class PendingRequest: Sendable {
    let request: HTTPRequest
    let cancellation: CancellationFlag
    let complete: @Sendable (Result<HTTPResponse, HTTPTransportError>) -> Void

    init(
        request: HTTPRequest, cancellation: CancellationFlag,
        complete: @escaping @Sendable (Result<HTTPResponse, HTTPTransportError>) -> Void
    ) {
        self.request = request
        self.cancellation = cancellation
        self.complete = complete
    }
}

/// Set from a task-cancellation handler, read by the worker's progress callback.
final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    var isCancelled: Bool { lock.withLock { cancelled } }
    func cancel() { lock.withLock { cancelled = true } }
}

/// The queue between callers and the worker threads.
///
/// Worker threads are started lazily, one more whenever a request is queued and no worker is
/// free, up to `maxWorkers`; they then live until `shutdown()`. A worker blocks in `next()` on a
/// condition variable, never on Swift's cooperative thread pool.
final class WorkerPool: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [PendingRequest] = []
    private var queueHead = 0
    private var workers = 0
    private var exited = 0
    private var busy = 0
    private var shutDown = false
    private let maxWorkers: Int
    private let startWorker: @Sendable (WorkerPool, Int) -> Void

    /// - Parameter startWorker: starts a thread that calls `next()` until it returns nil.
    init(maxWorkers: Int, startWorker: @escaping @Sendable (WorkerPool, Int) -> Void) {
        self.maxWorkers = max(1, maxWorkers)
        self.startWorker = startWorker
    }

    var isShutDown: Bool { condition.withLock { shutDown } }

    /// Queues a request; false when the pool has been shut down.
    func submit(_ request: PendingRequest) -> Bool {
        let (accepted, newWorker): (Bool, Int?) = condition.withLock {
            guard !shutDown else { return (false, nil) }
            queue.append(request)
            condition.signal()
            let waiting = queue.count - queueHead
            guard waiting > workers - busy, workers < maxWorkers else { return (true, nil) }
            workers += 1
            return (true, workers)
        }
        if let newWorker { startWorker(self, newWorker) }
        return accepted
    }

    /// The next request for a worker; blocks while there is none. Nil once shut down.
    func next() -> PendingRequest? {
        condition.withLock {
            while !shutDown && queueHead == queue.count { condition.wait() }
            guard !shutDown else { return nil }
            let request = queue[queueHead]
            queueHead += 1
            if queueHead == queue.count || queueHead > 64 {
                queue.removeFirst(queueHead)
                queueHead = 0
            }
            busy += 1
            return request
        }
    }

    /// Worker threads started and not yet exited (for tests: proves shutdown stops them).
    var liveWorkers: Int { condition.withLock { workers - exited } }

    /// Called by a worker thread as its last action.
    func workerExited() { condition.withLock { exited += 1 } }

    /// A worker finished its request and is free again.
    func finished() { condition.withLock { busy -= 1 } }

    /// Stops accepting requests, wakes every worker so it exits, and returns the requests that
    /// were still queued so the caller can fail them. Idempotent.
    func shutdown() -> [PendingRequest] {
        condition.withLock {
            guard !shutDown else { return [] }
            shutDown = true
            let leftover = Array(queue[queueHead...])
            queue = []
            queueHead = 0
            condition.broadcast()
            return leftover
        }
    }
}
