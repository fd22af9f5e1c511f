/// The simulated Entra tenant and BC environment, with the app registrations allowed to get
/// tokens. The built-in test tenant's values are printed in the banner; they are simulator
/// credentials and protect nothing.
public struct BCTenant: Sendable {
    public var tenantId: String
    public var environment: String
    public var clients: [Client]

    public struct Client: Sendable {
        public var clientId: String
        public var clientSecret: String
        public init(clientId: String, clientSecret: String) {
            self.clientId = clientId
            self.clientSecret = clientSecret
        }
    }

    public init(tenantId: String, environment: String, clients: [Client]) {
        self.tenantId = tenantId.lowercased()
        self.environment = environment
        self.clients = clients
    }

    /// The built-in test tenant.
    public static let test = BCTenant(
        tenantId: "5f1c3f4e-2b7a-4c55-9a0e-6a1f0c7d2b31",
        environment: "production",
        clients: [
            Client(clientId: "0d6a4b9e-8f21-4c3a-b5d7-1e2f3a4b5c6d", clientSecret: "sim-secret-fieldledger-bc"),
            Client(clientId: "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d", clientSecret: "sim-secret-fieldledger-bc-2"),
        ])

    /// The scope a client-credentials request must ask for (reference §1.2).
    static let scope = "https://api.businesscentral.dynamics.com/.default"
    /// Lifetime of an access token, as Entra typically answers (reference §1.2).
    static let tokenLifetimeSeconds = 3599
}
