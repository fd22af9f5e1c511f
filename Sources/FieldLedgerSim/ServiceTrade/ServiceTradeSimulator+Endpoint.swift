/// What the simulator banner prints for ServiceTrade: base URL, token URL and the built-in test credentials.
extension ServiceTradeSimulator {
    public func endpoint(serverURL: String) -> SimulatorEndpoint {
        SimulatorEndpoint(name: name, baseURL: serverURL + "/st/api", tokenURL: serverURL + "/st/api/oauth2/token",
                          clientId: ServiceTradeTestCredentials.clientId, clientSecret: ServiceTradeTestCredentials.clientSecret,
                          details: [.init(name: "user", value: ServiceTradeTestCredentials.username),
                                    .init(name: "password", value: ServiceTradeTestCredentials.password),
                                    .init(name: "webhook-secret", value: ServiceTradeTestCredentials.webhookSecret)])
    }
}
