import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct FailuresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "failures",
        abstract: "Failed and blocked records, grouped by cause, with what to do.")

    @Option(help: "Only this error code (e.g. UNMAPPED_GL_ACCOUNT).") var cause: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let store = try CLIContext.load(global).openStore()
        var groups = try store.read { db in try FailureGroup.all(in: db) }
        if let cause { groups = groups.filter { $0.code == cause.uppercased() } }
        if output.json {
            Output.json(.array(groups.map { g in
                .object(["code": .string(g.code), "object": g.object.map(JSONValue.string) ?? .null,
                         "state": .string(g.state.rawValue), "count": .int(g.count),
                         "message": g.message.map(JSONValue.string) ?? .null,
                         "remedy": g.remedy.map(JSONValue.string) ?? .null,
                         "records": .array(g.items.map { .object(["workItem": .number(JSONNumber($0.id)), "ref": .string($0.ref)]) })])
            }))
            return
        }
        if groups.isEmpty { Output.line("no failed or blocked records"); return }
        for g in groups {
            Output.line("\(g.code)\(g.object.map { " — \($0)" } ?? "")  [\(g.state.rawValue)]  \(g.count) record\(g.count == 1 ? "" : "s")")
            if let message = g.message { Output.line("  \(message)") }
            if let remedy = g.remedy { Output.line("  fix: \(remedy)") }
            Output.line("  records: " + g.items.map { "\($0.ref) (wi:\($0.id))" }.joined(separator: ", ")
                        + (g.count > g.items.count ? ", …" : ""))
            Output.line("  then: fieldledger retry --cause \(g.code)")
        }
    }
}
