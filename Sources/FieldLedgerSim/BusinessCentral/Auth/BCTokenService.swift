import FieldLedgerHTTP
import Foundation

/// The simulated Entra token endpoint (`POST /bc-login/{tenant}/oauth2/v2.0/token`, client
/// credentials only) and the bearer-token check on API calls (reference §1.2). Expiry follows
/// the `SimClock`, so a test can advance the clock past `expires_in`.
final class BCTokenService: @unchecked Sendable {
    private let lock = NSLock()
    private let tenant: BCTenant
    private let clock: SimClock
    private var tokens: [String: (clientId: String, expires: Date)] = [:]

    init(tenant: BCTenant, clock: SimClock) {
        self.tenant = tenant
        self.clock = clock
    }

    /// `/bc-login/{tenant}/oauth2/v2.0/token`
    func token(_ request: SimRequest) -> SimResponse {
        let parts = request.path.split(separator: "/")
        guard parts.count == 5, parts[0] == "bc-login", parts[2] == "oauth2", parts[3] == "v2.0", parts[4] == "token" else {
            return entraError(404, "invalid_request", 90002, "The endpoint \(request.path) does not exist. Use /bc-login/{tenant}/oauth2/v2.0/token.")
        }
        guard request.method == "POST" else {
            return entraError(405, "invalid_request", 900561, "The endpoint only accepts POST requests. Received a \(request.method) request.")
        }
        let tenantInPath = String(parts[1]).lowercased()
        guard tenantInPath == tenant.tenantId else {
            return entraError(400, "invalid_request", 90002,
                              "Tenant '\(tenantInPath)' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.")
        }
        guard (request.header("Content-Type") ?? "").lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            return entraError(400, "invalid_request", 900144,
                              "The request body must contain the following parameter: 'grant_type'. Send it as application/x-www-form-urlencoded.")
        }
        let form = Dictionary(SimulatorServer.parseQuery(String(decoding: request.body, as: UTF8.self)).map { ($0.name, $0.value) },
                              uniquingKeysWith: { first, _ in first })
        for name in ["grant_type", "client_id", "client_secret", "scope"] where (form[name] ?? "").isEmpty {
            return entraError(400, "invalid_request", 900144, "The request body must contain the following parameter: '\(name)'.")
        }
        guard form["grant_type"] == "client_credentials" else {
            return entraError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '\(form["grant_type"] ?? "")'.")
        }
        let clientId = (form["client_id"] ?? "").lowercased()
        guard let client = tenant.clients.first(where: { $0.clientId == clientId }) else {
            return entraError(400, "unauthorized_client", 700016,
                              "Application with identifier '\(clientId)' was not found in the directory '\(tenant.tenantId)'.")
        }
        guard form["client_secret"] == client.clientSecret else {
            return entraError(401, "invalid_client", 7000215,
                              "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '\(clientId)'.")
        }
        let scope = form["scope"] ?? ""
        guard scope == BCTenant.scope else {
            if scope.hasPrefix("https://api.businesscentral.dynamics.com") {
                return entraError(400, "invalid_scope", 1002012,
                                  "The provided value for scope \(scope) is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).")
            }
            return entraError(400, "invalid_resource", 500011,
                              "The resource principal named \(scope) was not found in the tenant named \(tenant.tenantId).")
        }
        let token = Self.newToken()
        lock.lock()
        let now = clock.now()
        tokens = tokens.filter { $0.value.expires > now }
        tokens[token] = (clientId, now.addingTimeInterval(TimeInterval(BCTenant.tokenLifetimeSeconds)))
        lock.unlock()
        return .json(["token_type": "Bearer", "expires_in": .int(BCTenant.tokenLifetimeSeconds),
                      "ext_expires_in": .int(BCTenant.tokenLifetimeSeconds), "access_token": .string(token)],
                     headers: [(name: "Cache-Control", value: "no-store, no-cache"), (name: "Pragma", value: "no-cache")])
    }

    /// The client id behind a live bearer token, or why the call is refused.
    func authenticate(_ request: SimRequest, tenantInPath: String) -> Result<String, BCError> {
        guard let token = Self.bearerToken(request.header("Authorization")) else {
            return .failure(.unauthorized("The request has no 'Authorization: Bearer <token>' header."))
        }
        lock.lock()
        let entry = tokens[token]
        lock.unlock()
        guard let entry else { return .failure(.unauthorized("The access token is not valid. Request a new token.")) }
        guard entry.expires > clock.now() else {
            return .failure(.unauthorized("The access token has expired. Request a new token."))
        }
        guard tenantInPath.lowercased() == tenant.tenantId else {
            return .failure(.unauthorized("The access token was issued for tenant \(tenant.tenantId), not for '\(tenantInPath)'."))
        }
        return .success(entry.clientId)
    }

    /// The client id of a live token, without failing (for per-principal limits).
    func clientId(ofBearer header: String?) -> String? {
        guard let token = Self.bearerToken(header) else { return nil }
        lock.lock()
        defer { lock.unlock() }
        guard let entry = tokens[token], entry.expires > clock.now() else { return nil }
        return entry.clientId
    }

    /// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), without
    /// Foundation string calls: this runs on every request.
    static func bearerToken(_ header: String?) -> String? {
        guard let header, header.utf8.count > 7,
              header.utf8.prefix(7).elementsEqual("bearer ".utf8, by: { ($0 | 0x20) == $1 }) else {
            return nil
        }
        let bytes = header.utf8.dropFirst(7)
        guard let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
              let last = bytes.lastIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return nil }
        return String(header[first...last])
    }

    private static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "simbc." + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Entra's error body: `{"error","error_description":"AADSTSnnn: …","error_codes":[n],…}`.
    private func entraError(_ status: Int, _ error: String, _ aadsts: Int, _ description: String) -> SimResponse {
        let trace = UUID().uuidString.lowercased()
        let correlation = UUID().uuidString.lowercased()
        let timestamp = SimTime.iso8601(clock.now())
        let text = "AADSTS\(aadsts): \(description) Trace ID: \(trace) Correlation ID: \(correlation) Timestamp: \(timestamp)"
        return .json(["error": .string(error), "error_description": .string(text), "error_codes": [.int(aadsts)],
                      "timestamp": .string(timestamp), "trace_id": .string(trace), "correlation_id": .string(correlation),
                      "error_uri": .string("https://login.microsoftonline.com/error?code=\(aadsts)")],
                     status: status)
    }
}
