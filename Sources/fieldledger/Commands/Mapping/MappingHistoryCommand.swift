import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct MappingHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Who changed which rules, when and why, old → new (newest first); with ID, only that rule's versions.")

    @Argument(help: "A rule id.") var id: Int64?
    @Option(help: "At most this many versions.") var limit = 50
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let store = try CLIContext.load(global).openStore()
        let versions = try store.read { db in try RuleBook.history(ruleID: id, limit: limit, db) }
        if output.json { Output.json(.array(versions.map(MappingOutput.json))); return }
        for version in versions { for line in MappingOutput.lines(version) { Output.line(line) } }
        if versions.isEmpty { Output.line("no rule versions yet") }
    }
}
