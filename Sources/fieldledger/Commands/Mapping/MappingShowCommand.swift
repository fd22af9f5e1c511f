import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct MappingShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One rule (live or retired) and the versions that touched it.")

    @Argument(help: "The rule id.") var id: Int64
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let store = try CLIContext.load(global).openStore()
        let (rule, history) = try store.read { db in (try RuleBook.rule(id: id, db), try RuleBook.history(ruleID: id, db)) }
        guard let rule else { throw CommandFailure("there is no rule \(id); see fieldledger mapping list --all") }
        if output.json {
            Output.json(.object(["rule": MappingOutput.json(rule), "history": .array(history.map(MappingOutput.json))]))
            return
        }
        Output.line(MappingOutput.text(rule))
        Output.line("  created \(rule.createdAt) by \(rule.createdBy)" + (rule.retiredAt.map { ", retired \($0)" } ?? ""))
        for version in history { for line in MappingOutput.lines(version) { Output.line("  " + line) } }
    }
}
