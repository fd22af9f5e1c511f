import FieldLedgerHTTP
import Foundation
import HTTPTypes
import Hummingbird

extension SimulatorServer {
    /// The catch-all route: limits, latency, faults, dispatch by prefix, request log.
    func respond(to request: Request, context: SimRequestContext) async throws -> Response {
        let started = Date()
        let path = request.uri.path
        var headers = request.headers.map { (name: $0.name.rawName, value: $0.value) }
        // HTTP/1 `Host` arrives as the `:authority` pseudo-header; APIs build absolute links from it.
        if let authority = request.head.authority, !headers.contains(where: { SimRequest.sameHeaderName($0.name, "Host") }) {
            headers.insert((name: "Host", value: authority), at: 0)
        }
        let simRequestHead = SimRequest(method: request.method.rawValue, path: path,
                                        query: Self.parseQuery(request.uri.query), headers: headers)
        let api = apis.first { api in api.pathPrefixes.contains { path.hasPrefix($0) } }

        var simRequest = simRequestHead
        do {
            simRequest.body = Array(buffer: try await request.body.collect(upTo: options.maxBodyBytes))
        } catch {
            let message = "The request body is larger than the limit of \(options.maxBodyBytes) bytes. Send smaller requests."
            let answer = api?.errorResponse(status: 413, code: "RequestEntityTooLarge", message: message, headers: [])
                ?? Self.controlError(413, message)
            return Self.makeResponse(answer)
        }

        if path == "/_sim" || path.hasPrefix("/_sim/") {
            guard context.peerIsLoopback else {
                return Self.makeResponse(Self.controlError(403, "/_sim routes answer loopback clients only."))
            }
            return Self.makeResponse(await control(simRequest))
        }
        guard let api else {
            let names = apis.flatMap(\.pathPrefixes).joined(separator: ", ")
            return Self.makeResponse(Self.controlError(404, "No simulated API answers \(path). Known prefixes: \(names)."))
        }

        var outcome = await serve(simRequest, api: api, context: context)
        outcome.duration = Int(Date().timeIntervalSince(started) * 1000)
        currentRequestLog?.write(.init(time: clock.now(), api: api.name, request: simRequest,
                                       status: outcome.response?.status, durationMilliseconds: outcome.duration,
                                       fault: outcome.fault))
        guard let response = outcome.response else { throw ConnectionDropped() }
        return Self.makeResponse(response)
    }

    struct Outcome {
        /// nil = the connection was closed without an answer.
        var response: SimResponse?
        var fault: String?
        var duration = 0
    }

    /// One API call after the body is read: limits first (the real service throttles before it
    /// processes), then latency and faults, then the API itself.
    private func serve(_ request: SimRequest, api: any SimulatedAPI, context: SimRequestContext) async -> Outcome {
        var principal: String?
        if limiter.applies(to: api.name), let who = api.principal(of: request) {
            switch await limiter.acquire(who) {
            case .granted:
                principal = who
            case .refused(let retryAfter, let reason):
                return Outcome(response: api.errorResponse(
                    status: 429, code: "Application_TooManyRequests",
                    message: "Too many requests reached: \(reason) for this user. Wait \(retryAfter) seconds and retry.",
                    headers: [(name: "Retry-After", value: String(retryAfter))]), fault: "limit")
            case .queueTimedOut(let waited):
                return Outcome(response: api.errorResponse(
                    status: 503, code: "Internal_ServiceUnavailable",
                    message: "The request waited \(Int(waited.rounded())) seconds in the queue behind this user's other requests and was not processed. Send fewer requests at once and retry.",
                    headers: [(name: "Retry-After", value: "5")]), fault: "queue-timeout")
            }
        }
        defer {
            if let principal { Task { await limiter.release(principal) } }
        }
        if options.latencyMilliseconds > 0 {
            try? await Task.sleep(for: .milliseconds(options.latencyMilliseconds))
        }
        let fault = api.isFaultExempt(request) ? nil : faults.draw(api: api.name)
        switch fault?.kind {
        case .serverError?:
            let status = fault?.status ?? 500
            let code = status == 500 ? "Internal_ServerError" : "Internal_ServiceUnavailable"
            let headers: [(name: String, value: String)] = status == 500 ? [] : [(name: "Retry-After", value: "1")]
            return Outcome(response: api.errorResponse(
                status: status, code: code,
                message: "The service is temporarily unavailable (simulated \(status)). Retry the request.",
                headers: headers), fault: "5xx")
        case .throttled?:
            return Outcome(response: api.errorResponse(
                status: 429, code: "Application_TooManyRequests",
                message: "Too many requests reached (simulated). Wait and retry.",
                headers: [(name: "Retry-After", value: "1")]), fault: "429")
        case .timeout?:
            try? await Task.sleep(for: .milliseconds(Int(options.timeoutHoldSeconds * 1000)))
            await context.closeConnection()
            return Outcome(response: nil, fault: "timeout")
        case .dropAfterCommit?:
            _ = await api.handle(request)
            await context.closeConnection()
            return Outcome(response: nil, fault: "drop-after-commit")
        case .malformed?:
            _ = await api.handle(request)
            return Outcome(response: SimResponse(status: 200, headers: [(name: "Content-Type", value: "text/html")],
                                                 body: Array("<html><body><h1>Gateway</h1>upstream answered</body></html>".utf8)),
                           fault: "malformed")
        case nil:
            return Outcome(response: await api.handle(request), fault: nil)
        }
    }

    /// Splits a raw query string; names and values are percent-decoded and `+` is a space, as
    /// ASP.NET (Business Central's front end) reads them.
    static func parseQuery(_ raw: String?) -> [(name: String, value: String)] {
        guard let raw, !raw.isEmpty else { return [] }
        return raw.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (name: decode(parts[0]), value: parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    static func makeResponse(_ response: SimResponse) -> Response {
        var fields = HTTPFields()
        for header in response.headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        return Response(status: .init(code: response.status), headers: fields,
                        body: .init(byteBuffer: ByteBuffer(bytes: response.body)))
    }

    static func controlError(_ status: Int, _ message: String) -> SimResponse {
        .json(["error": ["code": "SimulatorControl", "message": .string(message)]], status: status)
    }
}
