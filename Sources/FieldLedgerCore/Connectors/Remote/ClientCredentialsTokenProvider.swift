import FieldLedgerHTTP
import Foundation

/// OAuth 2.0 client credentials (RFC 6749 §4.4) for every connector that signs in that way —
/// Business Central against Entra ID (reference §1.2), PartsManager against its token endpoint:
/// one token, cached until five minutes before `expires_in` runs out (or half its life when
/// shorter), fetched by one caller at a time while the others wait for the same answer. No
/// refresh token exists in this flow.
actor ClientCredentialsTokenProvider {
    private let system: RemoteError.System
    private let tokenURL: String
    /// The form fields: grant type, client id and secret, and what the server wants besides
    /// (Entra's `scope`, SoftLedger's `tenantUUID`).
    private let form: [(String, String)]
    /// Which configuration keys to check when the server refuses the client.
    private let credentialsHint: String
    private let http: HTTPClient
    private var token: (value: String, renewAt: Double)?
    private var pending: Task<String, any Error>?

    init(system: RemoteError.System, tokenURL: String, clientID: String, clientSecret: String,
         extraFields: [(String, String)] = [], credentialsHint: String, http: HTTPClient) {
        self.system = system
        self.tokenURL = tokenURL
        self.form = [("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", clientSecret)] + extraFields
        self.credentialsHint = credentialsHint
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
        let body = form.map { "\($0.0)=\(FormEncoding.escape($0.1))" }.joined(separator: "&")
        let request = HTTPRequest(method: .post, url: tokenURL,
                                  headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
                                  body: Array(body.utf8))
        let operation = "token request"
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            throw RemoteError(system: system, operation: operation, transport: error)
        }
        let json = try? response.json()
        guard response.status == 200, let access = json?["access_token"]?.stringValue else {
            // RFC 6749 §5.2 (Entra's too): {"error":"invalid_client","error_description":"AADSTS7000215: …"}
            let code = json?["error"]?.stringValue ?? "http.\(response.status)"
            let description = json?["error_description"]?.stringValue.map { String($0.prefix(300)) }
                ?? "the token endpoint answered HTTP \(response.status)"
            let transient = response.status == 429 || response.status >= 500
            throw RemoteError(system: system, operation: operation, status: response.status, code: code,
                              message: description + (code == "invalid_client" || code == "invalid_request" ? " — " + credentialsHint : ""),
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
