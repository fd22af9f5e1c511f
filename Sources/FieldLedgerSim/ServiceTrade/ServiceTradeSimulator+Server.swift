import FieldLedgerHTTP
import Foundation

/// How the simulator server shell treats ServiceTrade: error bodies in ServiceTrade's envelope,
/// the principal behind a request (for per-user limits), fault-exempt login endpoints, and the
/// `/_sim/st/…` control routes.
extension ServiceTradeSimulator {
    /// An error in ServiceTrade's shape, for faults, limits and oversized bodies.
    public func errorResponse(status: Int, code: String, message: String,
                              headers: [(name: String, value: String)]) -> SimResponse {
        Self.failure(ServiceTradeFailure(status: status, messages: [message], headers: headers))
    }

    /// Logging in and getting a token are never hit by injected faults (as for BC's token endpoint).
    public func isFaultExempt(_ request: SimRequest) -> Bool {
        let segments = SimRequestParsing.segments(of: request.path, after: "/st/api")
        return segments.first == "auth" || segments.first == "oauth2"
    }

    /// The user behind the session cookie, or the OAuth client behind the bearer token.
    public func principal(of request: SimRequest) -> String? {
        lock.withLock {
            if let bearer = SimRequestParsing.bearerToken(request.header("Authorization")) {
                return state.accessTokens[bearer].map { "client:" + $0.clientId }
            }
            if let session = SimRequestParsing.cookie("PHPSESSID", in: request.header("Cookie")) {
                return state.sessions[session].map { "user:" + $0.username }
            }
            return nil
        }
    }

    /// `POST /_sim/st/webhooks/deliver` sends the notifications that are due now;
    /// `GET /_sim/st/webhooks` shows the delivery queue.
    public func handleSimControl(_ request: SimRequest) async -> SimResponse {
        if let answer = await outbox.controlResponse(request, prefix: "/_sim/st", clock: clock) { return answer }
        return errorResponse(status: 404, code: "NotFound",
                             message: "No simulator control route \(request.method) \(request.path); use POST /_sim/st/webhooks/deliver or GET /_sim/st/webhooks.",
                             headers: [])
    }
}
