import FieldLedgerCore
import Foundation

/// What a command needs from its surroundings: the configuration, the store, who is acting and
/// with which role. Built once per command from the global options.
struct CLIContext {
    let storePath: String
    let sharedGroup: String?
    let user: ActingUser
    let role: Role?

    static func load(_ options: GlobalOptions) throws -> CLIContext {
        // PRE-MERGE: replaced by FieldLedgerConfig once the configuration module lands.
        let user = ActingUser(name: String(cString: getpwuid(geteuid()).pointee.pw_name))
        return CLIContext(storePath: options.store ?? "fieldledger.sqlite", sharedGroup: nil, user: user, role: .finance)
    }

    func openStore() throws -> Store {
        try Store.open(path: storePath, sharedGroup: sharedGroup)
    }

    func commandContext(readOnly: Bool = false) throws -> CommandContext {
        CommandContext(store: try openStore(), user: user, role: role, readOnly: readOnly)
    }
}
