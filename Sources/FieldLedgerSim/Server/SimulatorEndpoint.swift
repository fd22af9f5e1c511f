/// Where one simulated API answers, and the credentials of its built-in test tenant, as reported
/// by `SimulatorServer.start()` and printed in the banner.
public struct SimulatorEndpoint: Sendable, Equatable {
    /// `bc`, `st` or `pm`.
    public var name: String
    /// The API base URL a client configures (for BC: `…/bc/v2.0/{tenant}/{environment}/api/v2.0`).
    public var baseURL: String
    /// OAuth token URL, when the API uses one.
    public var tokenURL: String?
    public var tenantId: String?
    public var clientId: String?
    /// The test tenant's secret. It is a simulator credential, shown on purpose in the banner.
    public var clientSecret: String?
    /// Further named values (environment name, company id, user name …) in display order.
    public var details: [Detail]

    public struct Detail: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(name: String, baseURL: String, tokenURL: String? = nil, tenantId: String? = nil,
                clientId: String? = nil, clientSecret: String? = nil, details: [Detail] = []) {
        self.name = name
        self.baseURL = baseURL
        self.tokenURL = tokenURL
        self.tenantId = tenantId
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.details = details
    }

    /// One banner line: `bc  http://…  token http://…  tenant … client … secret …`.
    var bannerLine: String {
        var parts = [name.padding(toLength: 3, withPad: " ", startingAt: 0), baseURL]
        if let tokenURL { parts.append("token \(tokenURL)") }
        if let tenantId { parts.append("tenant \(tenantId)") }
        if let clientId { parts.append("client \(clientId)") }
        if let clientSecret { parts.append("secret \(clientSecret)") }
        for detail in details { parts.append("\(detail.name) \(detail.value)") }
        return parts.joined(separator: "  ")
    }
}
