import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit trail.",
        subcommands: [AuditVerifyCommand.self])
}

struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Prove that no audit event was changed, removed or reordered.",
        discussion: """
            Recomputes every event's SHA-256 hash and every link of the chain. Exit 0 with the event \
            count and the head hash (keep it: a later run that still shows it proves nothing before it \
            changed); exit 1 naming the first bad event and why: content changed, event missing, or \
            order broken.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let context = try CLIContext.load(global)
        let store = try context.openStore()
        let result = try store.read { db in try AuditVerifier.verify(db) }
        if output.json {
            var doc: JSONObject = ["intact": .bool(result.isIntact), "events": .int(result.count),
                                   "headHash": .string(result.headHash)]
            if let problem = result.firstProblem {
                doc["firstBadEvent"] = .number(JSONNumber(problem.seq))
                doc["problem"] = .string(problem.kind.rawValue)
                doc["detail"] = .string(problem.detail)
            }
            Output.json(.object(doc))
        } else if let problem = result.firstProblem {
            Output.error("audit trail BROKEN at \(problem). Events before \(problem.seq) verify; treat the store as evidence and restore it from a backup.")
        } else {
            Output.line("audit trail intact: \(result.count) events, head \(result.headHash)")
        }
        if !result.isIntact { throw ExitCode(1) }
    }
}
