import Foundation
import Logging

/// Whether ``FieldLedgerConfig/load(path:environment:credentials:redactor:)`` reads secrets.
public enum CredentialsLoading: Sendable {
    /// Read the environment and the credentials file, and require every secret a configured
    /// system needs (`serve`, `sync`, `demo`).
    case load
    /// Do not touch secrets. For commands operators run as themselves (`tui`, `trace`,
    /// `failures`, `retry`, `mapping`): the credentials file belongs to the service user and is
    /// private to it, so they could not read it anyway.
    case skip
}

extension FieldLedgerConfig {
    /// The file used when neither `--config` nor `FIELDLEDGER_CONFIG` names one.
    public static let defaultPath = "fieldledger.toml"
    /// The environment variable naming the configuration file.
    public static let pathVariable = "FIELDLEDGER_CONFIG"

    /// The configuration file to use: `explicit` (`--config`), else `FIELDLEDGER_CONFIG`, else
    /// `./fieldledger.toml`. Empty values count as unset.
    public static func resolvePath(explicit: String?, environment: [String: String]) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment[pathVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        return defaultPath
    }

    /// Reads and validates the configuration at `path` (and, with `.load`, the secrets).
    /// - Throws: ``ConfigError`` listing every problem found, one line each.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            credentials: CredentialsLoading = .load,
                            redactor: Redactor = .shared) throws(ConfigError) -> FieldLedgerConfig {
        let text: String
        switch TextFile.read(path) {
        case .success(let file): text = file.text
        case .failure(.missing): throw ConfigError(ConfigError.missingFile(path))
        case .failure(.unreadable(let reason)): throw ConfigError(ConfigError.unreadable(path, reason: reason))
        case .failure(.notUTF8): throw ConfigError(ConfigError.notUTF8(path))
        }
        return try load(text: text, file: path, environment: environment, credentials: credentials, redactor: redactor)
    }

    /// Validates configuration `text` as if read from `file` (relative paths resolve against
    /// `file`'s folder). For configurations built by the program itself (`fieldledger demo`
    /// pointing at the simulators), so they get the same defaults and checks as a user's file.
    public static func load(text: String, file: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            credentials loading: CredentialsLoading = .load,
                            redactor: Redactor = .shared) throws(ConfigError) -> FieldLedgerConfig {
        let root: TOMLNode
        do {
            root = try TOMLNode.parse(text)
        } catch {
            let (line, message) = TOMLNode.syntaxError(error)
            throw ConfigError(ConfigError.syntax(file, line: line ?? 1, parserMessage: message))
        }
        guard case .table(let entries) = root else {
            throw ConfigError(ConfigError.syntax(file, line: 1, parserMessage: "the document is not a TOML table"))
        }
        var issues: [ConfigIssue] = []
        let document = ConfigValidator.validate(entries, locator: TOMLKeyLocator(text: text), file: file, issues: &issues)
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        func resolve(_ key: String) -> String {
            let value = document.text(key)
            return value.hasPrefix("/") ? value : folder.appendingPathComponent(value).standardizedFileURL.path
        }
        let credentialsFile = resolve("credentials_file")
        if let group = document.string("store.shared_group"), OSAccounts.groupID(named: group) == nil {
            issues.append(ConfigError.noSuchGroup(file, line: document.line(of: "store.shared_group"), group: group))
        }
        for (secret, line) in document.misplacedSecrets {
            issues.append(ConfigError.secretInConfig(file, line: line, secret: secret, credentialsFile: credentialsFile))
        }
        guard issues.isEmpty else { throw ConfigError(issues) }
        var config = build(document, file: file, credentialsFile: credentialsFile, resolve: resolve)
        if loading == .load {
            config.credentials = try Credentials.load(file: credentialsFile, environment: environment, redactor: redactor)
            for name in SecretName.allCases where name.isRequired(by: config) && config.credentials[name] == nil {
                issues.append(ConfigError.missingSecret(file, line: document.line(of: name.section), secret: name,
                                                        credentialsFile: credentialsFile))
            }
            guard issues.isEmpty else { throw ConfigError(issues) }
        }
        return config
    }

    /// Builds the typed configuration from a document that validated without issues (every
    /// required value present, defaults filled in).
    private static func build(_ d: ConfigDocument, file: String, credentialsFile: String,
                              resolve: (String) -> String) -> FieldLedgerConfig {
        let grants = RoleGrants([.viewer: d.strings("roles.viewer"), .operator: d.strings("roles.operator"),
                                 .finance: d.strings("roles.finance")],
                                defaultRole: d.string("roles.default_role") == "none" ? nil : .viewer)
        var businessCentral: BusinessCentral?
        if d.presentSections.contains("business_central") {
            businessCentral = BusinessCentral(
                baseURL: d.text("business_central.base_url"), loginURL: d.text("business_central.login_url"),
                tenant: d.text("business_central.tenant"), environment: d.text("business_central.environment"),
                company: d.text("business_central.company"), clientID: d.text("business_central.client_id"),
                requestsPer5Minutes: d.integer("business_central.requests_per_5_minutes"))
        }
        var serviceTrade: ServiceTrade?
        if d.presentSections.contains("servicetrade") {
            let auth = ServiceTrade.Auth(rawValue: d.text("servicetrade.auth")) ?? .session
            serviceTrade = ServiceTrade(
                baseURL: d.text("servicetrade.base_url"), auth: auth,
                username: auth == .session ? d.string("servicetrade.username") : nil,
                clientID: auth == .oauth ? d.string("servicetrade.client_id") : nil)
        }
        var partsManager: PartsManager?
        if d.presentSections.contains("partsmanager") {
            partsManager = PartsManager(baseURL: d.text("partsmanager.base_url"), clientID: d.text("partsmanager.client_id"),
                                        tokenURL: d.string("partsmanager.token_url"), tenantUUID: d.string("partsmanager.tenant_uuid"))
        }
        var config = FieldLedgerConfig(
            file: file, credentialsFile: credentialsFile,
            store: Store(path: resolve("store.path"), sharedGroup: d.string("store.shared_group")),
            log: Log(path: resolve("log.path"), level: Logger.Level(rawValue: d.text("log.level")) ?? .info),
            roles: grants, businessCentral: businessCentral, serviceTrade: serviceTrade, partsManager: partsManager,
            sync: Sync(pollIntervalSeconds: d.integer("sync.poll_interval_seconds"),
                       maxAttempts: d.integer("sync.max_attempts"),
                       createMissingCustomers: d.bool("sync.create_missing_customers"),
                       workers: d.integer("sync.workers"),
                       reconcileIntervalMinutes: d.integer("sync.reconcile_interval_minutes")),
            webhooks: Webhooks(listen: d.text("webhooks.listen"),
                               publicURL: d.string("webhooks.public_url"),
                               maxBodyBytes: d.integer("webhooks.max_body_bytes")),
            console: Console(theme: d.text("console.theme"), mouse: d.bool("console.mouse")),
            credentials: Credentials(file: credentialsFile))
        config.procurement = Procurement(apInvoices: d.bool("procurement.ap_invoices"))
        return config
    }
}
