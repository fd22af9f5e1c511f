import Foundation
import Logging

/// The HTTP client every connector and the simulators' webhook sender use: libcurl on its own
/// threads.
///
/// Each request is handed to one of `maxConcurrentRequests` dedicated worker threads. A worker
/// owns one libcurl easy handle for its whole life, so consecutive requests to the same host
/// reuse the kept-alive connection. Blocking libcurl calls therefore never occupy Swift's
/// cooperative thread pool (which has only as many threads as there are cores).
///
/// Transport only: any HTTP status is a successful `HTTPResponse`; `HTTPTransportError` means no
/// response arrived. No redirects are followed. TLS certificates are always verified.
///
/// Proxies come from the environment (`http_proxy`, `https_proxy`, `no_proxy`), read by libcurl;
/// `localhost`, `127.0.0.1` and `::1` are always excluded so loopback traffic is never proxied.
///
/// Debug logging (`logger.debug`) shows method, URL, status, duration and headers with secrets
/// redacted (see `Redaction`); bodies are never logged.
public final class HTTPClient: Sendable {
    public struct Configuration: Sendable {
        /// Time allowed to establish the TCP (and TLS) connection.
        public var connectTimeout: Duration
        /// Total time allowed per request; `HTTPRequest.timeout` overrides it.
        public var requestTimeout: Duration
        /// Worker threads, each with its own connection; values below 1 count as 1.
        public var maxConcurrentRequests: Int
        /// Larger response bodies fail with `.responseTooLarge` (after content decoding).
        public var maxResponseBytes: Int
        public var userAgent: String

        public init(
            connectTimeout: Duration = .seconds(5),
            requestTimeout: Duration = .seconds(30),
            maxConcurrentRequests: Int = 4,
            maxResponseBytes: Int = 64 << 20,
            userAgent: String = "FieldLedger/0.1"
        ) {
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.maxConcurrentRequests = maxConcurrentRequests
            self.maxResponseBytes = max(0, maxResponseBytes)
            self.userAgent = userAgent
        }
    }

    public let configuration: Configuration
    let logger: Logger
    let pool: WorkerPool

    public init(configuration: Configuration = .init(), logger: Logger = Logger(label: "fieldledger.http")) {
        self.configuration = configuration
        self.logger = logger
        let noProxy = ProxyPolicy.noProxyListFromProcess()
        pool = WorkerPool(maxWorkers: configuration.maxConcurrentRequests) { pool, number in
            let worker = Thread {
                HTTPClient.runWorker(pool: pool, configuration: configuration, noProxy: noProxy, logger: logger)
            }
            worker.name = "fieldledger.http.\(number)"
            worker.start()
        }
    }

    deinit { shutdown() }

    /// Sends `request` on a worker thread and suspends (without blocking a thread) until the
    /// response or a transport error. Cancelling the task aborts the transfer within about a
    /// second and throws a `.other` error.
    public func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        let cancellation = CancellationFlag()
        let result: Result<HTTPResponse, HTTPTransportError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                enqueue(request, cancellation: cancellation) { continuation.resume(returning: $0) }
            }
        } onCancel: {
            cancellation.cancel()
        }
        return try result.get()
    }

    /// Sends `request` and blocks the calling thread until it completes. Only for callers that
    /// run on their own thread (benchmarks, CLI tools); never call it from async code.
    public func sendBlocking(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        enqueue(request, cancellation: CancellationFlag()) { result in
            box.result = result
            done.signal()
        }
        done.wait()
        guard let result = box.result else {
            throw HTTPTransportError(kind: .other, message: "the request finished without a result", url: request.url)
        }
        return try result.get()
    }

    /// Stops the worker threads: queued requests fail at once, running ones are aborted within
    /// about a second, later sends fail; all with kind `.other`. Idempotent; does not wait.
    public func shutdown() {
        for pending in pool.shutdown() {
            pending.complete(.failure(Self.shutDownError(url: pending.request.url)))
        }
    }

    private func enqueue(
        _ request: HTTPRequest, cancellation: CancellationFlag,
        complete: @escaping @Sendable (Result<HTTPResponse, HTTPTransportError>) -> Void
    ) {
        let pending = PendingRequest(request: request, cancellation: cancellation, complete: complete)
        if !pool.submit(pending) { complete(.failure(Self.shutDownError(url: request.url))) }
    }

    static let shutDownMessage = "the HTTP client was shut down"
    static let cancelledMessage = "the request was cancelled"

    static func shutDownError(url: String) -> HTTPTransportError {
        HTTPTransportError(kind: .other, message: shutDownMessage, url: url)
    }
}

/// Carries a result from a worker thread to a thread blocked on a semaphore (the semaphore
/// orders the write before the read).
private final class ResultBox: @unchecked Sendable {
    var result: Result<HTTPResponse, HTTPTransportError>?
}
