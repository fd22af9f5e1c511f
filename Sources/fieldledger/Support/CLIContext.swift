import FieldLedgerCore
import Foundation

/// What a command needs from its surroundings: the configuration, the store, who is acting and
/// with which role. Built once per command from the global options.
struct CLIContext {
    let config: FieldLedgerConfig
    let storePath: String
    let user: ActingUser
    let role: Role?

    /// Loads the configuration (`--config`, else `$FIELDLEDGER_CONFIG`, else ./fieldledger.toml).
    /// With `--store` and no configuration file anywhere, the defaults apply (a store-only
    /// session: `trace`, `audit verify` on a copied file). Secrets are read only when the command
    /// talks to a remote system (`credentials: .load`).
    static func load(_ options: GlobalOptions, credentials: CredentialsLoading = .skip) throws -> CLIContext {
        try load(config: options.config, store: options.store, credentials: credentials)
    }

    static func load(config explicit: String?, store: String?, credentials: CredentialsLoading) throws -> CLIContext {
        let environment = ProcessInfo.processInfo.environment
        let path = FieldLedgerConfig.resolvePath(explicit: explicit, environment: environment)
        let usingDefaultPath = explicit == nil && (environment[FieldLedgerConfig.pathVariable] ?? "").isEmpty
        let config: FieldLedgerConfig
        if usingDefaultPath, store != nil, !FileManager.default.fileExists(atPath: path) {
            config = try FieldLedgerConfig.load(text: "", file: FileManager.default.currentDirectoryPath + "/" + path,
                                                environment: environment, credentials: .skip)
        } else {
            config = try FieldLedgerConfig.load(path: path, environment: environment, credentials: credentials)
        }
        let user = ActingUser.current()
        return CLIContext(config: config, storePath: store ?? config.store.path, user: user,
                          role: config.roles.role(for: user))
    }

    func openStore() throws -> Store {
        try Store.open(path: storePath, sharedGroup: config.store.sharedGroup)
    }

    func commandContext(readOnly: Bool = false) throws -> CommandContext {
        CommandContext(store: try openStore(), user: user, role: role, readOnly: readOnly)
    }
}
