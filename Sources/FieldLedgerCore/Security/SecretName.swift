/// Every secret FieldLedger knows, as data: where it lives in the credentials file, which
/// environment variable overrides it, and when it is required. The credentials loader, the
/// template and the README table are all driven by this one list.
public enum SecretName: String, Sendable, CaseIterable, CustomStringConvertible {
    case businessCentralClientSecret
    case businessCentralClientState
    case serviceTradePassword
    case serviceTradeClientSecret
    case serviceTradeWebhookSecret
    case partsManagerClientSecret
    case partsManagerWebhookSecret

    /// The `[section]` of the credentials file (the same names as in `fieldledger.toml`).
    public var section: String {
        switch self {
        case .businessCentralClientSecret, .businessCentralClientState: "business_central"
        case .serviceTradePassword, .serviceTradeClientSecret, .serviceTradeWebhookSecret: "servicetrade"
        case .partsManagerClientSecret, .partsManagerWebhookSecret: "partsmanager"
        }
    }

    /// The key inside ``section``.
    public var key: String {
        switch self {
        case .businessCentralClientSecret, .serviceTradeClientSecret, .partsManagerClientSecret: "client_secret"
        case .businessCentralClientState: "client_state"
        case .serviceTradePassword: "password"
        case .serviceTradeWebhookSecret, .partsManagerWebhookSecret: "webhook_secret"
        }
    }

    /// The environment variable that, when set, wins over the credentials file.
    public var environmentVariable: String {
        switch self {
        case .businessCentralClientSecret: "FIELDLEDGER_BC_CLIENT_SECRET"
        case .businessCentralClientState: "FIELDLEDGER_BC_CLIENT_STATE"
        case .serviceTradePassword: "FIELDLEDGER_ST_PASSWORD"
        case .serviceTradeClientSecret: "FIELDLEDGER_ST_CLIENT_SECRET"
        case .serviceTradeWebhookSecret: "FIELDLEDGER_ST_WEBHOOK_SECRET"
        case .partsManagerClientSecret: "FIELDLEDGER_PM_CLIENT_SECRET"
        case .partsManagerWebhookSecret: "FIELDLEDGER_PM_WEBHOOK_SECRET"
        }
    }

    /// One line for the template and the README.
    public var summary: String {
        switch self {
        case .businessCentralClientSecret:
            "client secret of the Entra app registration (OAuth 2.0 client credentials)"
        case .businessCentralClientState:
            "shared value Business Central echoes in webhook notifications (clientState); without it BC webhooks are refused"
        case .serviceTradePassword: "password of the ServiceTrade API user (auth = \"session\")"
        case .serviceTradeClientSecret: "OAuth client secret (auth = \"oauth\")"
        case .serviceTradeWebhookSecret: "shared secret that signs ServiceTrade webhooks; without it they are refused"
        case .partsManagerClientSecret: "OAuth client secret of the PartsManager API client (client credentials)"
        case .partsManagerWebhookSecret: "shared secret that signs PartsManager webhooks; without it they are refused"
        }
    }

    /// Whether the configuration cannot work without this secret. Webhook secrets are optional:
    /// the listener refuses webhooks of a system that has none.
    func isRequired(by config: FieldLedgerConfig) -> Bool {
        switch self {
        case .businessCentralClientSecret: config.businessCentral != nil
        case .serviceTradePassword: config.serviceTrade?.auth == .session
        case .serviceTradeClientSecret: config.serviceTrade?.auth == .oauth
        case .partsManagerClientSecret: config.partsManager != nil
        case .businessCentralClientState, .serviceTradeWebhookSecret, .partsManagerWebhookSecret: false
        }
    }

    /// `section.key`, as used in error messages.
    public var description: String { "\(section).\(key)" }
}
