import Logging

/// The validated contents of `fieldledger.toml` (and, when loaded, the credentials). Paths are
/// absolute (relative ones were resolved against the configuration file's folder). Sections of
/// external systems are `nil` when absent: a store-only setup is valid.
///
/// Load it with ``load(path:environment:credentials:)``; see `ConfigSchema.swift` for every key.
public struct FieldLedgerConfig: Sendable {
    /// The configuration file, as the user named it (used in messages).
    public var file: String
    /// The credentials file (`credentials_file`), absolute.
    public var credentialsFile: String
    public var store: Store
    public var log: Log
    public var roles: RoleGrants
    public var businessCentral: BusinessCentral?
    public var serviceTrade: ServiceTrade?
    public var partsManager: PartsManager?
    /// `[procurement]` (defaults when absent).
    public var procurement = Procurement()
    public var sync: Sync
    public var webhooks: Webhooks
    public var console: Console
    /// Secrets from the environment and the credentials file; empty when loaded with
    /// `credentials: .skip`.
    public var credentials: Credentials

    /// Builds a configuration in code. Prefer ``load(text:file:environment:credentials:redactor:)``
    /// with TOML text, which applies the schema's defaults and validation.
    public init(file: String, credentialsFile: String, store: Store, log: Log, roles: RoleGrants,
                businessCentral: BusinessCentral? = nil, serviceTrade: ServiceTrade? = nil,
                partsManager: PartsManager? = nil, sync: Sync, webhooks: Webhooks, console: Console,
                credentials: Credentials) {
        self.file = file
        self.credentialsFile = credentialsFile
        self.store = store
        self.log = log
        self.roles = roles
        self.businessCentral = businessCentral
        self.serviceTrade = serviceTrade
        self.partsManager = partsManager
        self.sync = sync
        self.webhooks = webhooks
        self.console = console
        self.credentials = credentials
    }

    public struct Store: Sendable, Equatable {
        /// The SQLite file, absolute.
        public var path: String
        /// When set, create the store mode 0660 with this group; else 0600.
        public var sharedGroup: String?

        public init(path: String, sharedGroup: String? = nil) {
            self.path = path
            self.sharedGroup = sharedGroup
        }
    }

    public struct Log: Sendable, Equatable {
        /// The log file, absolute.
        public var path: String
        public var level: Logger.Level

        public init(path: String, level: Logger.Level) {
            self.path = path
            self.level = level
        }
    }

    public struct BusinessCentral: Sendable, Equatable {
        public var baseURL: String
        public var loginURL: String
        public var tenant: String
        public var environment: String
        /// Company name or id.
        public var company: String
        public var clientID: String
        /// The client-side request ceiling per 5 minutes; 0 = none (simulators without limits).
        public var requestsPer5Minutes: Int

        public init(baseURL: String, loginURL: String, tenant: String, environment: String, company: String, clientID: String,
                    requestsPer5Minutes: Int = 6_000) {
            self.baseURL = baseURL
            self.loginURL = loginURL
            self.tenant = tenant
            self.environment = environment
            self.company = company
            self.clientID = clientID
            self.requestsPer5Minutes = requestsPer5Minutes
        }
    }

    public struct ServiceTrade: Sendable, Equatable {
        public enum Auth: String, Sendable, Equatable {
            /// `POST /api/auth` with username and password; `PHPSESSID` cookie.
            case session
            /// OAuth 2.0 client credentials.
            case oauth
        }
        public var baseURL: String
        public var auth: Auth
        /// Set (validated) when `auth` is `.session`.
        public var username: String?
        /// Set (validated) when `auth` is `.oauth`.
        public var clientID: String?

        public init(baseURL: String, auth: Auth, username: String? = nil, clientID: String? = nil) {
            self.baseURL = baseURL
            self.auth = auth
            self.username = username
            self.clientID = clientID
        }
    }

    public struct PartsManager: Sendable, Equatable {
        public var baseURL: String
        /// OAuth 2.0 client id; the secret is `SecretName.partsManagerClientSecret`.
        public var clientID: String
        /// Unset: `{baseURL}/oauth/token`.
        public var tokenURL: String?
        public var tenantUUID: String?

        public init(baseURL: String, clientID: String, tokenURL: String? = nil, tenantUUID: String? = nil) {
            self.baseURL = baseURL
            self.clientID = clientID
            self.tokenURL = tokenURL
            self.tenantUUID = tenantUUID
        }
    }

    /// `[procurement]`: which PartsManager documents the engine posts.
    public struct Procurement: Sendable, Equatable {
        /// Vendor bills → BC purchase invoices. Off by default: many companies enter AP in BC.
        public var apInvoices: Bool

        public init(apInvoices: Bool = false) {
            self.apInvoices = apInvoices
        }
    }

    public struct Sync: Sendable, Equatable {
        public var pollIntervalSeconds: Int
        public var maxAttempts: Int
        public var createMissingCustomers: Bool
        public var workers: Int
        public var reconcileIntervalMinutes: Int

        public init(pollIntervalSeconds: Int, maxAttempts: Int, createMissingCustomers: Bool, workers: Int, reconcileIntervalMinutes: Int) {
            self.pollIntervalSeconds = pollIntervalSeconds
            self.maxAttempts = maxAttempts
            self.createMissingCustomers = createMissingCustomers
            self.workers = workers
            self.reconcileIntervalMinutes = reconcileIntervalMinutes
        }
    }

    public struct Webhooks: Sendable, Equatable {
        /// `HOST:PORT` the listener binds.
        public var listen: String
        /// The base the external systems call; `serve` appends `/servicetrade` and `/businesscentral`.
        public var publicURL: String?
        /// Bodies larger than this are refused (413) before they are read.
        public var maxBodyBytes: Int

        public init(listen: String, publicURL: String? = nil, maxBodyBytes: Int = 1_048_576) {
            self.listen = listen
            self.publicURL = publicURL
            self.maxBodyBytes = maxBodyBytes
        }
    }

    public struct Console: Sendable, Equatable {
        public var theme: String
        public var mouse: Bool

        public init(theme: String, mouse: Bool) {
            self.theme = theme
            self.mouse = mouse
        }
    }
}
