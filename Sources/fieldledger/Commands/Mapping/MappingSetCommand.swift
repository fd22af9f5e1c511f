import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct MappingSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Add a rule, or replace one (--replace ID), as a new version (finance role).",
        discussion: """
            Checked before it is saved: the columns its kind uses, Business Central's reference data (the \
            account exists, is a posting account, is not blocked, allows direct posting; the dimension value \
            exists and is not blocked; the tax group or area and payment terms exist) and ties with other \
            GL rules. --apply-and-retry also retries exactly the failed or blocked records the change fixes \
            (see mapping preview); the next sync cycle posts them.
            Example: fieldledger mapping set gl_account --service-line "Backflow Testing" --target 49000 --reason "new line" --apply-and-retry
            """)

    @OptionGroup var rule: RuleOptions
    @Option(help: "Retire this rule in the same change (the new rule replaces it).") var replace: Int64?
    @OptionGroup var why: ReasonOption
    @Flag(help: "Retry the failed or blocked records this change fixes.") var applyAndRetry = false
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let context = try CLIContext.load(global).commandContext()
        let changes = RuleChangeSet(add: [try rule.rule(by: context.user.name)], retire: replace.map { [$0] } ?? [], reason: why.reason)
        try MappingSave.run(changes, context: context, retry: applyAndRetry, json: output.json)
    }
}

/// Saving a change from the CLI: with or without retry, printed the same way by set, delete and rollback.
enum MappingSave {
    static func run(_ changes: RuleChangeSet, context: CommandContext, retry: Bool, json: Bool) throws {
        do {
            let result = try context.applyRules(changes, retryFixed: retry)
            let queued = result.retried.filter { if case .queued = $0.result { return true }; return false }
            if json {
                Output.json(.object(["saved": MappingOutput.json(result.version), "preview": MappingOutput.json(result.preview),
                                     "retried": .array(queued.map { .number(JSONNumber($0.workItemID)) })]))
                return
            }
            for line in MappingOutput.lines(result.version) { Output.line(line) }
            for line in MappingOutput.lines(result.preview) { Output.line(line) }
            if retry {
                Output.line("\(queued.count) record\(queued.count == 1 ? "" : "s") queued for retry"
                    + (queued.isEmpty ? "" : " (\(queued.map { "wi:\($0.workItemID)" }.joined(separator: ", "))); the next sync cycle posts them"))
            } else if !result.preview.fixes.isEmpty {
                Output.line("retry them with: fieldledger retry \(result.preview.fixes.map { String($0.workItemID) }.joined(separator: " "))")
            }
        } catch let refused as RuleChangeRefused {
            throw CommandFailure(refused.description)
        }
    }
}
