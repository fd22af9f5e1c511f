/// Where a Business Central environment is and who we are to it. Built from the configuration's
/// `[business_central]` section and its secret; the same code talks to the simulator and to the
/// real service, only these values differ.
public struct BusinessCentralEndpoint: Sendable {
    /// `https://api.businesscentral.dynamics.com` (or the simulator's `http://127.0.0.1:PORT/bc`).
    public var baseURL: String
    /// `https://login.microsoftonline.com` (or the simulator's `http://127.0.0.1:PORT/bc-login`).
    public var loginURL: String
    public var tenant: String
    public var environment: String
    /// The company's name or id.
    public var company: String
    public var clientID: String
    /// Only ever sent in the token request body.
    public var clientSecret: String

    public init(baseURL: String, loginURL: String, tenant: String, environment: String, company: String,
                clientID: String, clientSecret: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.loginURL = loginURL.hasSuffix("/") ? String(loginURL.dropLast()) : loginURL
        self.tenant = tenant
        self.environment = environment
        self.company = company
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    /// `{base}/v2.0/{tenant}/{environment}/api/v2.0` (reference §1.1).
    public var apiRoot: String { "\(baseURL)/v2.0/\(tenant)/\(environment)/api/v2.0" }
    /// `{login}/{tenant}/oauth2/v2.0/token` (reference §1.2).
    public var tokenURL: String { "\(loginURL)/\(tenant)/oauth2/v2.0/token" }
    public static let scope = "https://api.businesscentral.dynamics.com/.default"
}
