import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP
import Foundation

struct MappingImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a rules CSV (as written by mapping export) as one new version, all or nothing (finance role).",
        discussion: """
            Columns: [id,]\(RuleCSV.header.joined(separator: ",")) (see mapping --help). A row identical to a live \
            rule changes nothing; a row matching a live rule with another target replaces it; --replace also \
            retires the live rules of the kinds in the file that it does not list. Every bad row is reported \
            as 'line N, column X: what is wrong' and nothing is saved. --preview shows what the file would \
            fix and change without saving; --apply-and-retry saves it and retries exactly the records it fixes.
            A folder is read as seed files instead (gl-accounts.csv, dimensions.csv, tax.csv, tax-areas.csv, \
            payment-terms.csv, item-categories.csv; sample-data/README.md), adding only what is missing.
            Example: fieldledger mapping import rules.csv --reason "month-end chart update" --preview
            """)

    @Argument(help: "The CSV file, or a folder of seed files.") var file: String
    @Option(help: "Why (required for a CSV file; kept in the history).") var reason: String?
    @Flag(help: "Retire live rules of the file's kinds that the file does not list.") var replace = false
    @Flag(help: "Show what the file would fix and change; save nothing.") var preview = false
    @Flag(help: "Retry the failed or blocked records the file fixes.") var applyAndRetry = false
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let context = try CLIContext.load(global).commandContext()
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), isFolder.boolValue {
            try context.require(.finance, to: "import mapping rules from \(file)")
            let added = try PostingRuleSeed.load(directory: file, into: context.store, by: context.user)
            if output.json { Output.json(.object(["added": .int(added)])) } else { Output.line("\(added) rules added from \(file)") }
            return
        }
        let why = preview ? (reason ?? "preview") : (reason ?? "")
        guard !why.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("importing a CSV file changes rules: give --reason \"…\"")
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw CommandFailure("cannot read \(file) as UTF-8 text; check the path and save it as CSV UTF-8")
        }
        do {
            let changes = try context.store.read { db in try RuleCSV.change(csv: text, reason: why, replace: replace, in: db) }
            if changes.isEmpty {
                if output.json { Output.json(.object(["saved": .null])) } else { Output.line("nothing to change: every row matches a live rule") }
                return
            }
            if preview {
                let result = try context.store.read { db in try RuleChangePreview.compute(changes, in: db) }
                if output.json { Output.json(MappingOutput.json(result)) } else { MappingOutput.lines(result).forEach(Output.line) }
                return
            }
            try MappingSave.run(changes, context: context, retry: applyAndRetry, json: output.json)
        } catch let refused as RuleChangeRefused {
            throw CommandFailure("\(file): " + refused.description)
        }
    }
}
