import Foundation
import Logging

extension HTTPClient {
    /// The body of one worker thread: owns one easy handle and runs requests until shutdown.
    static func runWorker(pool: WorkerPool, configuration: Configuration, noProxy: String, logger: Logger) {
        defer { pool.workerExited() }
        // Created and destroyed on this thread; never shared.
        var handle = CurlHandle(configuration: configuration, noProxy: noProxy)
        defer { handle = nil }
        while let pending = pool.next() {
            let request = pending.request
            let started = ContinuousClock.now
            let result: Result<HTTPResponse, HTTPTransportError>
            if pending.cancellation.isCancelled {
                result = .failure(HTTPTransportError(kind: .other, message: cancelledMessage, url: request.url))
            } else if let handle {
                result = handle.perform(request) {
                    if pending.cancellation.isCancelled { return cancelledMessage }
                    if pool.isShutDown { return shutDownMessage }
                    return nil
                }
            } else {
                result = .failure(HTTPTransportError(
                    kind: .other, message: "libcurl could not be initialised (curl_global_init or curl_easy_init failed)",
                    url: request.url))
            }
            log(request: request, result: result, duration: ContinuousClock.now - started, logger: logger)
            pool.finished()
            pending.complete(result)
        }
    }

    /// One debug line per request; secrets redacted, bodies never included.
    static func log(
        request: HTTPRequest, result: Result<HTTPResponse, HTTPTransportError>, duration: Duration, logger: Logger
    ) {
        guard logger.logLevel <= .debug else { return }
        let milliseconds = Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000
        let elapsed = String(format: "%.1f ms", milliseconds)
        let url = Redaction.urlForLog(request.url)
        var metadata: Logger.Metadata = ["request_headers": .string(request.headers.description)]
        switch result {
        case .success(let response):
            metadata["response_headers"] = .string(response.headers.description)
            logger.debug("\(request.method.rawValue) \(url) -> \(response.status) in \(elapsed)", metadata: metadata)
        case .failure(let error):
            metadata["curl_code"] = .stringConvertible(error.curlCode)
            logger.debug("\(request.method.rawValue) \(url) failed in \(elapsed): \(error.message)", metadata: metadata)
        }
    }
}
