import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct RetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Retry records now (operator role). Retry re-runs validation, so a fixed mapping takes effect.")

    @Argument(help: "Work item ids (see 'fieldledger failures').") var ids: [Int64] = []
    @Flag(help: "Retry every failed record.") var allFailed = false
    @Option(help: "Retry every failed record with this error code.") var cause: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func validate() throws {
        let modes = (ids.isEmpty ? 0 : 1) + (allFailed ? 1 : 0) + (cause == nil ? 0 : 1)
        if modes != 1 { throw ValidationError("name work item ids, or --all-failed, or --cause CODE (one of them)") }
    }

    func run() throws {
        let context = try CLIContext.load(global).commandContext()
        let outcomes: [RetryOutcome]
        if !ids.isEmpty {
            outcomes = try context.retry(workItemIDs: ids)
        } else {
            outcomes = try context.retryAllFailed(cause: cause?.uppercased())
        }
        let queued = outcomes.filter { if case .queued = $0.result { return true }; return false }.count
        if output.json {
            Output.json(.object(["queued": .int(queued), "results": .array(outcomes.map { o in
                switch o.result {
                case .queued(let from): .object(["workItem": .number(JSONNumber(o.workItemID)), "result": "queued", "from": .string(from.rawValue)])
                case .skipped(let why): .object(["workItem": .number(JSONNumber(o.workItemID)), "result": "skipped", "why": .string(why)])
                case .notFound: .object(["workItem": .number(JSONNumber(o.workItemID)), "result": "not found"])
                }
            })]))
        } else {
            for o in outcomes {
                switch o.result {
                case .queued(let from): Output.line("wi:\(o.workItemID) queued (was \(from.rawValue))")
                case .skipped(let why): Output.line("wi:\(o.workItemID) skipped: \(why)")
                case .notFound: Output.error("wi:\(o.workItemID): no such work item")
                }
            }
            Output.line("\(queued) queued; the next sync cycle validates and posts them")
        }
        if outcomes.contains(where: { $0.result == .notFound }) { throw ExitCode(1) }
    }
}
