import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct MappingPreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "What a rule change would do, without saving it.",
        discussion: """
            Re-validates the stored failed, blocked, pending and posted invoices with the proposed rules: which \
            failures it fixes (count and list), how many future postings it changes, how many posted records \
            would have mapped differently (information only), and what is wrong with the change itself.
            Example: fieldledger mapping preview gl_account --service-line "Backflow Testing" --target 49000
                     fieldledger mapping preview --retire 12
            """)

    @OptionGroup var rule: RuleOptions
    @Option(help: "Also retire this rule (repeatable); alone, previews a delete.") var retire: [Int64] = []
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func validate() throws {
        if rule.isEmpty && retire.isEmpty { throw ValidationError("name a rule (kind and options) or --retire ID") }
    }

    func run() throws {
        let cli = try CLIContext.load(global)
        let store = try cli.openStore()
        let add = rule.isEmpty ? [] : [try rule.rule(by: cli.user.name)]
        let changes = RuleChangeSet(add: add, retire: retire, reason: "preview")
        let preview = try store.read { db in try RuleChangePreview.compute(changes, in: db) }
        if output.json { Output.json(MappingOutput.json(preview)); return }
        for line in MappingOutput.lines(preview) { Output.line(line) }
    }
}
