import FieldLedgerHTTP
import Foundation

/// How the simulator server shell treats PartsManager: error bodies in its `{error, message,
/// errors}` shape, the OAuth client behind a request, a fault-exempt token endpoint, and the
/// `/_sim/pm/…` control routes.
extension PartsManagerSimulator {
    public func errorResponse(status: Int, code: String, message: String,
                              headers: [(name: String, value: String)]) -> SimResponse {
        Self.failure(PartsManagerFailure(status: status, messages: [message], headers: headers))
    }

    public func isFaultExempt(_ request: SimRequest) -> Bool {
        SimRequestParsing.segments(of: request.path, after: "/pm/api") == ["oauth", "token"]
    }

    /// Every token is issued to the one built-in client, so a valid bearer token is that client.
    public func principal(of request: SimRequest) -> String? {
        guard let bearer = SimRequestParsing.bearerToken(request.header("Authorization")) else { return nil }
        return lock.withLock { state.accessTokens[bearer] != nil ? "client:" + PartsManagerTestCredentials.clientId : nil }
    }

    /// `POST /_sim/pm/webhooks/deliver` sends the notifications that are due now;
    /// `GET /_sim/pm/webhooks` shows the delivery queue.
    public func handleSimControl(_ request: SimRequest) async -> SimResponse {
        if let answer = await outbox.controlResponse(request, prefix: "/_sim/pm", clock: clock) { return answer }
        return errorResponse(status: 404, code: "NotFound",
                             message: "No simulator control route \(request.method) \(request.path); use POST /_sim/pm/webhooks/deliver or GET /_sim/pm/webhooks.",
                             headers: [])
    }
}
