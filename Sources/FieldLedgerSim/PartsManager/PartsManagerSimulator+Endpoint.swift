/// What the simulator banner prints for PartsManager: base URL, token URL and the built-in test credentials.
extension PartsManagerSimulator {
    public func endpoint(serverURL: String) -> SimulatorEndpoint {
        SimulatorEndpoint(name: name, baseURL: serverURL + "/pm/api", tokenURL: serverURL + "/pm/api/oauth/token",
                          tenantId: PartsManagerTestCredentials.tenantUUID,
                          clientId: PartsManagerTestCredentials.clientId, clientSecret: PartsManagerTestCredentials.clientSecret,
                          details: [.init(name: "webhook-secret", value: PartsManagerTestCredentials.webhookSecret)])
    }
}
