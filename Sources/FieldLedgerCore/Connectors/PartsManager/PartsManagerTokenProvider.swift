import FieldLedgerHTTP
import Foundation

/// OAuth 2.0 client credentials against PartsManager's token endpoint (RFC 6749 §4.4): one token,
/// cached until five minutes before `expires_in` runs out (half its life when shorter), fetched by
/// one caller at a time while the others wait for the same answer.
actor PartsManagerTokenProvider {
    private let endpoint: PartsManagerEndpoint
    private let http: HTTPClient
    private var token: (value: String, renewAt: Double)?
    private var pending: Task<String, any Error>?

    init(endpoint: PartsManagerEndpoint, http: HTTPClient) {
        self.endpoint = endpoint
        self.http = http
    }

    func bearer() async throws -> String {
        if let token, ProcessInfo.processInfo.systemUptime < token.renewAt { return token.value }
        if let pending { return try await pending.value }
        let task = Task { try await fetch() }
        pending = task
        defer { pending = nil }
        return try await task.value
    }

    /// After a 401 on an API call: the token was revoked or expired early; get a new one.
    func invalidate() { token = nil }

    private func fetch() async throws -> String {
        var fields = [("grant_type", "client_credentials"), ("client_id", endpoint.clientID),
                      ("client_secret", endpoint.clientSecret)]
        if let tenant = endpoint.tenantUUID { fields.append(("tenantUUID", tenant)) }
        let form = fields.map { "\($0.0)=\(FormEncoding.escape($0.1))" }.joined(separator: "&")
        let request = HTTPRequest(method: .post, url: endpoint.tokenURL,
                                  headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
                                  body: Array(form.utf8))
        let operation = "token request"
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            throw RemoteError(system: .partsManager, operation: operation, transport: error)
        }
        let json = try? response.json()
        guard response.status == 200, let access = json?["access_token"]?.stringValue else {
            // RFC 6749 §5.2: {"error":"invalid_client","error_description":"…"}
            let code = json?["error"]?.stringValue ?? "http.\(response.status)"
            let description = json?["error_description"]?.stringValue.map { String($0.prefix(300)) }
                ?? "the token endpoint answered HTTP \(response.status)"
            let transient = response.status == 429 || response.status >= 500
            throw RemoteError(system: .partsManager, operation: operation, status: response.status, code: code,
                              message: description + (code == "invalid_client" || code == "invalid_request"
                                  ? " — check partsmanager.client_id and the client secret (partsmanager.client_secret in the credentials file)" : ""),
                              isTransient: transient)
        }
        let lifetime = Double(json?["expires_in"]?.intValue ?? Int(json?["expires_in"]?.stringValue ?? "") ?? 3_599)
        let margin = lifetime > 600 ? 300 : lifetime / 2
        token = (access, ProcessInfo.processInfo.systemUptime + lifetime - margin)
        return access
    }
}
