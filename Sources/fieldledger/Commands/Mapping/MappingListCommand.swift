import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct MappingListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The live rules, optionally of one kind (TABLE).")

    @Argument(help: "Only this kind (gl_account, dimension, …).") var table: String?
    @Flag(help: "Include retired rule versions.") var all = false
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let kind = try table.map(MappingTable.kind)
        let store = try CLIContext.load(global).openStore()
        let rules = try store.read { db in
            try PostingRule.fetchAll(db, sql: "SELECT * FROM posting_rules" + (all ? "" : " WHERE retired_at IS NULL") + " ORDER BY kind, id")
        }.filter { kind == nil || $0.kind == kind }
        if output.json { Output.json(.array(rules.map(MappingOutput.json))); return }
        for rule in rules { Output.line(MappingOutput.text(rule)) }
        Output.line("\(rules.count) rule\(rules.count == 1 ? "" : "s")")
    }
}

/// A TABLE argument: one of the rule kinds.
enum MappingTable {
    static func kind(_ name: String) throws -> PostingRule.Kind {
        guard let kind = PostingRule.Kind(rawValue: name) else {
            throw ValidationError("unknown table '\(name)'; use one of \(PostingRule.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }
}
