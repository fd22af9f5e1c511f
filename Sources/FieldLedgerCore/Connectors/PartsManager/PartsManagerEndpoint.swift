/// Where a PartsManager (SoftLedger-backed) account is and how we sign in: OAuth 2.0 client
/// credentials. From `[partsmanager]` and its client secret.
public struct PartsManagerEndpoint: Sendable {
    /// `https://api.softledger.com/api` (or the simulator's `http://127.0.0.1:PORT/pm/api`).
    public var baseURL: String
    /// The token endpoint. SoftLedger's SDK uses `https://auth.accounting-auth.com/oauth/token`;
    /// unset, `{baseURL}/oauth/token` (where the simulator serves it).
    public var tokenURL: String
    public var clientID: String
    public var clientSecret: String
    /// Sent as `tenantUUID` when set (SoftLedger accounts with several tenants need it).
    public var tenantUUID: String?

    public init(baseURL: String, tokenURL: String? = nil, clientID: String, clientSecret: String, tenantUUID: String? = nil) {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.baseURL = base
        self.tokenURL = (tokenURL?.isEmpty == false ? tokenURL : nil) ?? base + "/oauth/token"
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.tenantUUID = tenantUUID?.isEmpty == true ? nil : tenantUUID
    }
}

/// The PartsManager resources FieldLedger reads or writes, by their API path segment.
public enum PartsManagerResource: String, Sendable, CaseIterable {
    case vendors, items, warehouses, purchaseOrders, shipmentReceipts, vendorBills, stockAdjustments
}
