import ArgumentParser
import FieldLedgerCore

struct MappingDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Retire a rule as a new version (finance role); it stays in the history and in traces.")

    @Argument(help: "The rule id.") var id: Int64
    @OptionGroup var why: ReasonOption
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let context = try CLIContext.load(global).commandContext()
        try MappingSave.run(RuleChangeSet(retire: [id], reason: why.reason), context: context, retry: false, json: output.json)
    }
}
