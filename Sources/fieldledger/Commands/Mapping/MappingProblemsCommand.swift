import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct MappingProblemsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "problems",
        abstract: "Live rules that Business Central's reference data no longer supports, with the records they affect.",
        discussion: "Checked after every reference refresh (sync --once, serve). Exit 1 when there are problems.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let store = try CLIContext.load(global).openStore()
        let problems = try store.read { db in try RuleHealth.problems(db) }
        if output.json {
            Output.json(.array(problems.map { p in
                .object(["rule": .number(JSONNumber(p.ruleID)), "code": .string(p.code), "reason": .string(p.reason),
                         "affected": .array(p.affected.map { .number(JSONNumber($0)) }), "detectedAt": .string(p.detectedAt)])
            }))
        } else {
            for p in problems {
                Output.line("rule \(p.ruleID)  \(p.code)  \(p.reason)  (affects \(p.affected.count) open record\(p.affected.count == 1 ? "" : "s"))")
            }
            Output.line("\(problems.count) rule problem\(problems.count == 1 ? "" : "s")")
        }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}
