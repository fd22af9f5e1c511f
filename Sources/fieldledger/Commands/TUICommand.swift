import ArgumentParser
import FieldLedgerCore
import FieldLedgerTUI
import Foundation

/// `fieldledger tui`: the operator console on the configured store.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "The operator console on a configured store.",
        discussion: """
            Panes: 1 Overview (engine heartbeat, connectors, throughput), 2 Sync log, 3 Failures (r retries \
            a record, R a whole group), 5 Payments (a u t p o c filter by payment state); 4 Mappings and \
            6 Conflicts arrive with their capabilities. ? or F1 lists every key; Q or F10 quits.
            Themes: --theme NAME (or $FIELDLEDGER_THEME) picks themes/NAME.toml: default, light, mono, \
            colorblind; a bad theme is reported and the default is used. NO_COLOR gives monochrome.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Colour theme: a name from themes/ or a path to a .toml file.", valueName: "name"))
    var theme: String?
    @Flag(name: .customLong("no-mouse"), help: "Leave the mouse to the terminal (m toggles it at run time).")
    var noMouse = false
    @Flag(help: "ASCII lines and symbols even under a UTF-8 locale.")
    var ascii = false
    @Flag(name: .customLong("read-only"), help: "Change nothing: retry keys are hidden and refused.")
    var readOnly = false
    @Option(help: ArgumentHelp("Currency code shown with amounts: Business Central's local currency.", valueName: "code"))
    var currency = "LCY"

    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CommandFailure("fieldledger tui: the console needs a terminal; for scripts use 'fieldledger failures', 'trace' or 'audit' (they take --json)")
        }
        let cli = try CLIContext.load(global)
        guard FileManager.default.fileExists(atPath: cli.storePath) else {
            throw CommandFailure("fieldledger tui: no store at \(cli.storePath); pass --store PATH or set [store] path in the configuration")
        }
        // Logging goes to the log file, never to the terminal the console owns.
        if case .discarding(let reason) = FieldLedgerLogging.bootstrap(config: cli.config) {
            Output.error("fieldledger tui: logging is off: \(reason)")
        }
        let context = try cli.commandContext(readOnly: readOnly)
        let options = ConsoleOptions(theme: theme, mouse: !noMouse, ascii: ascii,
                                     environment: ProcessInfo.processInfo.environment,
                                     executablePath: currentExecutablePath(), currency: currency)
        let status = try Console(context: context, options: options).run()
        if status != 0 { throw ExitCode(status) }
    }
}
