import ArgumentParser
import FieldLedgerCore

struct MappingRollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Make the live rules what they were right after VERSION, as a new version (finance role).")

    @Argument(help: "The version to restore (see mapping history).") var version: Int64
    @OptionGroup var why: ReasonOption
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let context = try CLIContext.load(global).commandContext()
        do {
            let saved = try context.rollbackRules(to: version, reason: why.reason)
            if output.json { Output.json(MappingOutput.json(saved)); return }
            for line in MappingOutput.lines(saved) { Output.line(line) }
        } catch let refused as RuleChangeRefused {
            throw CommandFailure(refused.description)
        }
    }
}
