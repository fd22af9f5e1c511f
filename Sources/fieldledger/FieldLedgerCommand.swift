import ArgumentParser
import Foundation

/// `fieldledger`: the command-line contract of ARCHITECTURE §8.
///
/// Exit status: 0 success, 1 a failure the user must see (the message says what to do),
/// 2 a usage error (ArgumentParser's own code, 64, is mapped to 2).
@main
struct FieldLedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fieldledger",
        abstract: "Sync ServiceTrade and PartsManager into Business Central, with an audit trail you can prove.",
        discussion: """
            Configuration: --config PATH, else $FIELDLEDGER_CONFIG, else ./fieldledger.toml \
            (write one with 'fieldledger init'). Query commands take --json.
            Exit status: 0 success, 1 a failure (the message says what to do), 2 a usage error \
            or an unknown reference.
            """,
        version: "0.1.0",
        subcommands: [
            DemoCommand.self, TUICommand.self, ServeCommand.self, SyncCommand.self, SimCommand.self,
            TraceCommand.self, FailuresCommand.self, RetryCommand.self, ConflictsCommand.self,
            CoupleCommand.self, UncoupleCommand.self, MappingCommand.self, AuditCommand.self,
            ReconcileCommand.self, BenchCommand.self, InitCommand.self, PaymentsCommand.self,
        ])

    static func main() async {
        MallocArenas.limit()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
