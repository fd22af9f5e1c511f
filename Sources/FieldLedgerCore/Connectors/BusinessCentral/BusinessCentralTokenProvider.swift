import FieldLedgerHTTP
import Foundation

/// OAuth 2.0 client credentials against Entra ID (reference §1.2): one token, cached until five
/// minutes before `expires_in` runs out (or half its life when shorter), fetched by one caller at
/// a time while the others wait for the same answer. No refresh token exists in this flow.
actor BusinessCentralTokenProvider {
    private let endpoint: BusinessCentralEndpoint
    private let http: HTTPClient
    private var token: (value: String, renewAt: Double)?
    private var pending: Task<String, any Error>?

    init(endpoint: BusinessCentralEndpoint, http: HTTPClient) {
        self.endpoint = endpoint
        self.http = http
    }

    /// A valid bearer token.
    func bearer() async throws -> String {
        if let token, ProcessInfo.processInfo.systemUptime < token.renewAt { return token.value }
        if let pending { return try await pending.value }
        let task = Task { try await fetch() }
        pending = task
        defer { pending = nil }
        return try await task.value
    }

    /// After a 401 on an API call: the token was revoked or the clock lied; get a new one.
    func invalidate() { token = nil }

    /// Whether a token is cached and fresh (for the console's connector health).
    var hasFreshToken: Bool {
        guard let token else { return false }
        return ProcessInfo.processInfo.systemUptime < token.renewAt
    }

    private func fetch() async throws -> String {
        let form = [("grant_type", "client_credentials"), ("client_id", endpoint.clientID),
                    ("client_secret", endpoint.clientSecret), ("scope", BusinessCentralEndpoint.scope)]
            .map { "\($0.0)=\(FormEncoding.escape($0.1))" }.joined(separator: "&")
        let request = HTTPRequest(method: .post, url: endpoint.tokenURL,
                                  headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
                                  body: Array(form.utf8))
        let operation = "token request"
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            throw RemoteError(system: .businessCentral, operation: operation, transport: error)
        }
        let json = try? response.json()
        guard response.status == 200, let access = json?["access_token"]?.stringValue else {
            // Entra's error shape: {"error":"invalid_client","error_description":"AADSTS7000215: …"}
            let code = json?["error"]?.stringValue ?? "http.\(response.status)"
            let description = json?["error_description"]?.stringValue.map { String($0.prefix(300)) }
                ?? "the token endpoint answered HTTP \(response.status)"
            let transient = response.status == 429 || response.status >= 500
            throw RemoteError(system: .businessCentral, operation: operation, status: response.status, code: code,
                              message: description + (code == "invalid_client"
                                  ? " — check business_central.client_id and the client secret" : ""),
                              isTransient: transient)
        }
        let lifetime = Double(json?["expires_in"]?.intValue ?? Int(json?["expires_in"]?.stringValue ?? "") ?? 3_599)
        let margin = lifetime > 600 ? 300 : lifetime / 2
        token = (access, ProcessInfo.processInfo.systemUptime + lifetime - margin)
        return access
    }
}

/// `application/x-www-form-urlencoded` and URL query escaping, in one place.
enum FormEncoding {
    /// RFC 3986 unreserved characters, ASCII only (CharacterSet.alphanumerics would let "é" through).
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }
}
