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
    public var sync: Sync
    public var webhooks: Webhooks
    public var console: Console
    /// Secrets from the environment and the credentials file; empty when loaded with
    /// `credentials: .skip`.
    public var credentials: Credentials

    public struct Store: Sendable, Equatable {
        /// The SQLite file, absolute.
        public var path: String
        /// When set, create the store mode 0660 with this group; else 0600.
        public var sharedGroup: String?
    }

    public struct Log: Sendable, Equatable {
        /// The log file, absolute.
        public var path: String
        public var level: Logger.Level
    }

    public struct BusinessCentral: Sendable, Equatable {
        public var baseURL: String
        public var loginURL: String
        public var tenant: String
        public var environment: String
        /// Company name or id.
        public var company: String
        public var clientID: String
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
    }

    public struct PartsManager: Sendable, Equatable {
        public var baseURL: String
        public var username: String
    }

    public struct Sync: Sendable, Equatable {
        public var pollIntervalSeconds: Int
        public var maxAttempts: Int
        public var createMissingCustomers: Bool
        public var workers: Int
        public var reconcileIntervalMinutes: Int
    }

    public struct Webhooks: Sendable, Equatable {
        /// `HOST:PORT` the listener binds.
        public var listen: String
        public var publicURL: String?
    }

    public struct Console: Sendable, Equatable {
        public var theme: String
        public var mouse: Bool
    }
}
