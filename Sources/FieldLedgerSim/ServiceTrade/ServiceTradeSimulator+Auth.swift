import Crypto
import FieldLedgerHTTP
import Foundation

/// Authentication: the documented session (`POST /auth` → `data.authToken` + `PHPSESSID` cookie,
/// `DELETE /auth`, per-user session cap) and OAuth2 client credentials (`POST /oauth2/token`,
/// JWT bearer tokens, `POST /oauth2/revoke`).
extension ServiceTradeSimulator {
    /// Built-in API users: username → password.
    static let apiUsers = [ServiceTradeTestCredentials.username: ServiceTradeTestCredentials.password]
    /// Built-in OAuth2 clients: client id → secret.
    static let oauthClients = [ServiceTradeTestCredentials.clientId: ServiceTradeTestCredentials.clientSecret]

    func handleSession(_ request: SimRequest, segments: [String]) throws(ServiceTradeFailure) -> SimResponse {
        guard segments.count == 1 else { throw .notFound("No such endpoint: \(request.path).") }
        switch request.method {
        case "POST":
            let body = try Self.body(request)
            guard let username = body["username"]?.stringValue, let password = body["password"]?.stringValue else {
                throw .badRequest(["username and password are required (strings)."])
            }
            guard let expected = Self.apiUsers[username], expected == password else {
                throw .unauthorized("Invalid username or password.")
            }
            let token = SimRequestParsing.randomToken(bytes: 16)
            state.sessionSequence += 1
            state.sessions[token] = (username, state.sessionSequence)
            // ServiceTrade caps concurrent sessions per user and deletes the oldest ones.
            let mine = state.sessions.filter { $0.value.username == username }.sorted { $0.value.sequence < $1.value.sequence }
            for (oldToken, _) in mine.dropLast(sessionCap) { state.sessions[oldToken] = nil }
            return Self.envelope(["authenticated": true, "authToken": .string(token), "user": ["username": .string(username)]],
                                 success: ["Session created"],
                                 headers: [(name: "Set-Cookie", value: "PHPSESSID=\(token); path=/; HttpOnly")])
        case "GET":
            guard let token = SimRequestParsing.cookie("PHPSESSID", in: request.header("Cookie")),
                  let session = state.sessions[token]
            else { throw .unauthorized("No valid session; log in with POST /api/auth.") }
            return Self.envelope(["authenticated": true, "authToken": .string(token), "user": ["username": .string(session.username)]])
        case "DELETE":
            guard let token = SimRequestParsing.cookie("PHPSESSID", in: request.header("Cookie")),
                  state.sessions[token] != nil
            else { throw .unauthorized("No valid session to log out of.") }
            state.sessions[token] = nil
            return Self.envelope(.null, success: ["Session deleted"],
                                 headers: [(name: "Set-Cookie", value: "PHPSESSID=deleted; path=/; Max-Age=0")])
        default:
            throw .methodNotAllowed(request.method, request.path)
        }
    }

    /// OAuth2 endpoints answer in RFC 6749 shape (no `{messages, data}` envelope).
    func handleOAuth(_ request: SimRequest, segments: [String]) throws(ServiceTradeFailure) -> SimResponse {
        guard request.method == "POST", segments.count == 2 else {
            throw .notFound("No such endpoint: \(request.method) \(request.path).")
        }
        let fields = SimRequestParsing.oauthFields(request)
        switch segments[1] {
        case "token":
            guard let grant = fields["grant_type"] else {
                return Self.oauthError("invalid_request", "grant_type is required", status: 400)
            }
            guard grant == "client_credentials" else {
                return Self.oauthError("unsupported_grant_type", "only client_credentials is supported by this simulator", status: 400)
            }
            let basic = SimRequestParsing.basicCredentials(request.header("Authorization"))
            guard let clientId = fields["client_id"] ?? basic?.id, let secret = fields["client_secret"] ?? basic?.secret,
                  Self.oauthClients[clientId] == secret
            else { return Self.oauthError("invalid_client", "unknown client or wrong client secret", status: 401) }
            let issued = now()
            let expires = issued + ServiceTradeRules.accessTokenLifetime
            let token = makeJWT(clientId: clientId, issued: issued, expires: expires)
            state.accessTokens[token] = (clientId, expires)
            return .json(["access_token": .string(token), "token_type": "Bearer",
                          "expires_in": .int(ServiceTradeRules.accessTokenLifetime), "scope": "api"],
                         headers: [(name: "Cache-Control", value: "no-store")])
        case "revoke":
            // RFC 7009: answer 200 whether or not the token was known.
            if let token = fields["token"] { state.accessTokens[token] = nil }
            return .json(.object(JSONObject()))
        default:
            throw .notFound("No such endpoint: \(request.path).")
        }
    }

    /// Accepts a valid bearer token or session cookie; otherwise 401.
    func authenticate(_ request: SimRequest) throws(ServiceTradeFailure) {
        if let bearer = SimRequestParsing.bearerToken(request.header("Authorization")) {
            guard let token = state.accessTokens[bearer] else {
                throw .unauthorized("The bearer token is not valid; request a new one from /api/oauth2/token.")
            }
            guard token.expires > now() else {
                throw .unauthorized("The bearer token has expired; request a new one from /api/oauth2/token.")
            }
            return
        }
        if let session = SimRequestParsing.cookie("PHPSESSID", in: request.header("Cookie")) {
            guard state.sessions[session] != nil else {
                throw .unauthorized("The session has ended (logged out, or deleted because the user opened too many sessions); log in again with POST /api/auth.")
            }
            return
        }
        throw .unauthorized("Authentication required: send Cookie: PHPSESSID=<authToken from POST /api/auth> or an OAuth2 bearer token.")
    }

    private static func oauthError(_ code: String, _ description: String, status: Int) -> SimResponse {
        .json(["error": .string(code), "error_description": .string(description)], status: status)
    }

    /// A compact HS256 JWT so clients can read `exp` as the official SDK does.
    private func makeJWT(clientId: String, issued: Int, expires: Int) -> String {
        func base64url(_ bytes: [UInt8]) -> String {
            Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        let header: JSONValue = ["alg": "HS256", "typ": "JWT"]
        let payload: JSONValue = ["iss": "servicetrade-sim", "sub": .string(clientId), "iat": .int(issued),
                                  "exp": .int(expires), "jti": .string(SimRequestParsing.randomToken(bytes: 8))]
        let signingInput = base64url(Array(header.serialized().utf8)) + "." + base64url(Array(payload.serialized().utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: SymmetricKey(data: tokenSigningKey))
        return signingInput + "." + base64url(Array(mac))
    }
}
