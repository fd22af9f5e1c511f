/// One key of `fieldledger.toml`.
struct ConfigKeySpec: Sendable {
    /// The `[section]`, or "" for a top-level key.
    let section: String
    let key: String
    let kind: ConfigKind
    /// Used when the key is absent. `nil`: no default (optional, or required in its section).
    let defaultValue: ConfigScalar?
    /// A realistic value shown (commented out) in the template when there is no default.
    let example: ConfigScalar?
    /// One line: what the key is for.
    let summary: String
    /// The key must be present whenever its section is.
    let required: Bool

    /// `section.key` (or `key` at top level), as written in error messages.
    var path: String { section.isEmpty ? key : "\(section).\(key)" }

    init(_ section: String, _ key: String, _ kind: ConfigKind, default defaultValue: ConfigScalar? = nil,
         example: ConfigScalar? = nil, required: Bool = false, _ summary: String) {
        self.section = section
        self.key = key
        self.kind = kind
        self.defaultValue = defaultValue
        self.example = example
        self.summary = summary
        self.required = required
    }
}

/// One `[section]` of `fieldledger.toml`.
struct ConfigSectionSpec: Sendable {
    let name: String
    let summary: String
    /// External systems: the section may be absent (a store-only setup is valid); the template
    /// writes it commented out with example values.
    let optional: Bool
}

/// The configuration schema as data. Validation, `fieldledger init`'s template and the README
/// table are all generated from these two lists; adding a key here is the whole change. (Public
/// only for ``markdownReference()``; the lists themselves are internal.)
public enum ConfigSchema {
    static let sections: [ConfigSectionSpec] = [
        .init(name: "store", summary: "The SQLite store: work items, links, mapping rules and the audit trail.", optional: false),
        .init(name: "log", summary: "The log file. Logs never go to the terminal; secrets and tokens are redacted.", optional: false),
        .init(name: "roles", summary: "Who may do what. Entries are OS user names or @group names; the highest grant wins.", optional: false),
        .init(name: "business_central", summary: "Microsoft Dynamics 365 Business Central (API v2.0), OAuth 2.0 client credentials.", optional: true),
        .init(name: "servicetrade", summary: "ServiceTrade, the source of jobs, invoices and customers.", optional: true),
        .init(name: "partsmanager", summary: "PartsManager, ServiceTrade's procurement add-on.", optional: true),
        .init(name: "procurement", summary: "Which PartsManager procurement documents reach Business Central.", optional: false),
        .init(name: "sync", summary: "The sync engine.", optional: false),
        .init(name: "webhooks", summary: "The webhook listener of `fieldledger serve`.", optional: false),
        .init(name: "console", summary: "The terminal console.", optional: false),
    ]

    static let keys: [ConfigKeySpec] = [
        .init("", "credentials_file", .path, default: .string("fieldledger.credentials"),
              "TOML file with the secrets; must be mode 0600 (see the header)"),

        .init("store", "path", .path, default: .string("fieldledger.sqlite"), "SQLite database file"),
        .init("store", "shared_group", .groupName, example: .string("fieldledger"),
              "when set, the store is created mode 0660 with this group (for several operators); else 0600"),

        .init("log", "path", .path, default: .string("fieldledger.log"), "log file, created mode 0600"),
        .init("log", "level", .choice(["trace", "debug", "info", "notice", "warning", "error", "critical"]),
              default: .string("info"), "lowest level written"),

        .init("roles", "viewer", .principals, default: .strings([]), "may read everything"),
        .init("roles", "operator", .principals, default: .strings([]), "may also retry and dismiss records"),
        .init("roles", "finance", .principals, default: .strings([]), "may also edit mapping and posting rules"),
        .init("roles", "default_role", .choice(["viewer", "none"]), default: .string("viewer"),
              "role of users not listed above (\"none\": they may not use FieldLedger)"),

        .init("business_central", "base_url", .url, default: .string("https://api.businesscentral.dynamics.com"),
              "API host; the path /v2.0/{tenant}/{environment}/api/v2.0 is added"),
        .init("business_central", "login_url", .url, default: .string("https://login.microsoftonline.com"),
              "Entra ID token host"),
        .init("business_central", "tenant", .text, example: .string("contoso.onmicrosoft.com"), required: true,
              "Entra tenant id or domain"),
        .init("business_central", "environment", .text, default: .string("production"), "BC environment name"),
        .init("business_central", "company", .text, example: .string("CRONUS USA, Inc."), required: true,
              "company name or id"),
        .init("business_central", "client_id", .text, example: .string("00000000-0000-0000-0000-000000000000"),
              required: true, "application (client) id of the Entra app registration"),
        .init("business_central", "requests_per_5_minutes", .integer(0...100_000), default: .integer(6_000),
              "the client's own ceiling (Business Central allows 6,000 per 5 minutes per user); 0 lifts it, for a simulator without --limits only"),

        .init("servicetrade", "base_url", .url, example: .string("https://api.servicetrade.com"), required: true,
              "API host"),
        .init("servicetrade", "auth", .choice(["session", "oauth"]), example: .string("session"), required: true,
              "\"session\" (username + password) or \"oauth\" (client_id + client_secret)"),
        .init("servicetrade", "username", .text, example: .string("integration@example.com"),
              "API user (auth = \"session\")"),
        .init("servicetrade", "client_id", .text, example: .string("fieldledger"), "OAuth client id (auth = \"oauth\")"),

        .init("partsmanager", "base_url", .url, example: .string("https://partsmanager.example.com"), required: true,
              "API host"),
        .init("partsmanager", "client_id", .text, example: .string("fieldledger"), required: true,
              "OAuth 2.0 client id (client credentials); the secret is client_secret in the credentials file"),
        .init("partsmanager", "token_url", .url, example: .string("https://auth.accounting-auth.com/oauth/token"),
              "OAuth token endpoint; unset: BASE_URL/oauth/token"),
        .init("partsmanager", "tenant_uuid", .text, example: .string("00000000-0000-0000-0000-000000000000"),
              "sent as tenantUUID when signing in (accounts with several tenants)"),

        .init("procurement", "ap_invoices", .boolean, default: .bool(false),
              "post PartsManager vendor bills as Business Central purchase invoices (off: POs, receipts and stock only)"),

        .init("sync", "poll_interval_seconds", .integer(5...86_400), default: .integer(60),
              "how often to poll for changes webhooks may have missed"),
        .init("sync", "max_attempts", .integer(1...100), default: .integer(8),
              "transient failures retried this many times before the record fails"),
        .init("sync", "create_missing_customers", .boolean, default: .bool(false),
              "create a BC customer for an invoice whose customer has no link (else the invoice waits)"),
        .init("sync", "workers", .integer(1...5), default: .integer(4),
              "concurrent posting workers (BC allows 5 concurrent requests per user)"),
        .init("sync", "reconcile_interval_minutes", .integer(1...10_080), default: .integer(60),
              "how often to compare source and ERP"),

        .init("webhooks", "listen", .listenAddress, default: .string("127.0.0.1:8787"), "address the listener binds"),
        .init("webhooks", "public_url", .url, example: .string("https://fieldledger.example.com/webhooks"),
              "URL the external systems call (behind your reverse proxy); serve adds /servicetrade and /businesscentral. Unset: http://LISTEN/webhooks"),
        .init("webhooks", "max_body_bytes", .integer(1_024...16_777_216), default: .integer(1_048_576),
              "larger webhook bodies are refused with 413 before they are read"),

        .init("console", "theme", .text, default: .string("default"), "colour theme (a file in themes/)"),
        .init("console", "mouse", .boolean, default: .bool(true), "accept mouse clicks"),
    ]

    static func section(named name: String) -> ConfigSectionSpec? {
        sections.first { $0.name == name }
    }

    static func keys(in section: String) -> [ConfigKeySpec] {
        keys.filter { $0.section == section }
    }

    static func key(_ path: String) -> ConfigKeySpec? {
        keys.first { $0.path == path }
    }
}
