/// Where a ServiceTrade account is and how we sign in. From `[servicetrade]` and its secret.
public struct ServiceTradeEndpoint: Sendable {
    public enum Auth: Sendable, Equatable {
        /// `POST /auth` → `PHPSESSID` cookie (the documented, legacy way).
        case session(username: String, password: String)
        /// `POST /oauth2/token` client credentials (the newer SDKs' way).
        case oauth(clientID: String, clientSecret: String)
    }

    /// `https://api.servicetrade.com/api` (or the simulator's `http://127.0.0.1:PORT/st/api`).
    public var baseURL: String
    public var auth: Auth

    public init(baseURL: String, auth: Auth) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.auth = auth
    }
}
