import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct MappingExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print the live rules (optionally of one kind) as CSV, ready to edit and import back.")

    @Argument(help: "Only this kind (gl_account, dimension, …).") var table: String?
    @Flag(help: "CSV (the default and only format; accepted for clarity).") var csv = false
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let kind = try table.map(MappingTable.kind)
        let store = try CLIContext.load(global).openStore()
        let rules = try store.read { db in try RuleBook.liveRules(db) }.filter { kind == nil || $0.kind == kind }
        FileOutput.write(RuleCSV.export(rules))
    }
}

/// Raw text to standard output (no extra newline).
enum FileOutput {
    static func write(_ text: String) {
        if text.hasSuffix("\n") { Output.line(String(text.dropLast())) } else { Output.line(text) }
    }
}
