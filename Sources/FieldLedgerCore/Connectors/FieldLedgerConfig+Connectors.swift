import FieldLedgerHTTP

extension FieldLedgerConfig {
    /// The Business Central client for `[business_central]` and its client secret, or nil when
    /// the section is absent. Needs a configuration loaded with `credentials: .load`.
    public func businessCentralClient(http: HTTPClient) throws -> BusinessCentralClient? {
        guard let bc = businessCentral else { return nil }
        let secret = try credentials.require(.businessCentralClientSecret)
        return BusinessCentralClient(endpoint: BusinessCentralEndpoint(
            baseURL: bc.baseURL, loginURL: bc.loginURL, tenant: bc.tenant, environment: bc.environment,
            company: bc.company, clientID: bc.clientID, clientSecret: secret.reveal()), http: http,
            limiter: .businessCentral(requestsPer5Minutes: bc.requestsPer5Minutes))
    }

    /// The ServiceTrade client for `[servicetrade]` and its password or client secret.
    public func serviceTradeClient(http: HTTPClient) throws -> ServiceTradeClient? {
        guard let st = serviceTrade else { return nil }
        let auth: ServiceTradeEndpoint.Auth
        switch st.auth {
        case .session:
            auth = .session(username: st.username ?? "", password: try credentials.require(.serviceTradePassword).reveal())
        case .oauth:
            auth = .oauth(clientID: st.clientID ?? "", clientSecret: try credentials.require(.serviceTradeClientSecret).reveal())
        }
        return ServiceTradeClient(endpoint: ServiceTradeEndpoint(baseURL: st.baseURL, auth: auth), http: http)
    }

    /// The PartsManager client for `[partsmanager]` and its client secret, or nil when the
    /// section is absent.
    public func partsManagerClient(http: HTTPClient) throws -> PartsManagerClient? {
        guard let pm = partsManager else { return nil }
        let secret = try credentials.require(.partsManagerClientSecret)
        return PartsManagerClient(endpoint: PartsManagerEndpoint(baseURL: pm.baseURL, tokenURL: pm.tokenURL, clientID: pm.clientID,
                                                                 clientSecret: secret.reveal(), tenantUUID: pm.tenantUUID), http: http)
    }

    /// The engine's settings from `[sync]`.
    public var engineSettings: SyncEngine.Settings {
        SyncEngine.Settings(workers: sync.workers, retry: RetryPolicy(maxAttempts: sync.maxAttempts),
                            createMissingCustomers: sync.createMissingCustomers)
    }
}
