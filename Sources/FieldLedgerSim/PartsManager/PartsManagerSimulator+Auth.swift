import FieldLedgerHTTP
import Foundation

/// OAuth2 client credentials as SoftLedger's SDK uses them: `POST /oauth/token` (form or JSON)
/// with `grant_type=client_credentials`, `client_id`, `client_secret` and optionally `tenantUUID`
/// and `audience`; bearer tokens on every other request.
extension PartsManagerSimulator {
    func issueToken(_ request: SimRequest) -> SimResponse {
        let fields = SimRequestParsing.oauthFields(request)
        func oauthError(_ code: String, _ text: String, _ status: Int) -> SimResponse {
            .json(["error": .string(code), "error_description": .string(text)], status: status)
        }
        guard fields["grant_type"] == "client_credentials" else {
            return oauthError("unsupported_grant_type", "grant_type must be client_credentials", 400)
        }
        let basic = SimRequestParsing.basicCredentials(request.header("Authorization"))
        guard let id = fields["client_id"] ?? basic?.id, let secret = fields["client_secret"] ?? basic?.secret,
              id == PartsManagerTestCredentials.clientId, secret == PartsManagerTestCredentials.clientSecret
        else { return oauthError("invalid_client", "unknown client or wrong client secret", 401) }
        if let tenant = fields["tenantUUID"], tenant != PartsManagerTestCredentials.tenantUUID {
            return oauthError("invalid_request", "unknown tenantUUID", 400)
        }
        let token = SimRequestParsing.randomToken()
        state.accessTokens[token] = Int(clock.now().timeIntervalSince1970) + PartsManagerRules.accessTokenLifetime
        return .json(["access_token": .string(token), "token_type": "Bearer",
                      "expires_in": .int(PartsManagerRules.accessTokenLifetime), "scope": "api"],
                     headers: [(name: "Cache-Control", value: "no-store")])
    }

    func authenticate(_ request: SimRequest) throws(PartsManagerFailure) {
        guard let token = SimRequestParsing.bearerToken(request.header("Authorization")) else {
            throw .unauthorized("Authentication required: send Authorization: Bearer <access_token from POST /oauth/token>.")
        }
        guard let expires = state.accessTokens[token] else {
            throw .unauthorized("The bearer token is not valid; request a new one from /oauth/token.")
        }
        guard expires > Int(clock.now().timeIntervalSince1970) else {
            throw .unauthorized("The bearer token has expired; request a new one from /oauth/token.")
        }
    }
}
