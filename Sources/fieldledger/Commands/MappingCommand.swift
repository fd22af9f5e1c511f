import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct MappingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping",
        abstract: "Finance-owned posting rules: GL accounts, dimensions, tax, payment terms.",
        discussion: "Versioned editing, preview, history and CSV export arrive with the posting-rules capability; seeding from CSV files works now.",
        subcommands: [MappingImportCommand.self, MappingListCommand.self])
}

struct MappingImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add the rules of a folder of seed CSV files (gl-accounts.csv, dimensions.csv, tax.csv, tax-areas.csv, payment-terms.csv).",
        discussion: "Finance role. All or nothing: a bad row stops the import with its file and line. Rules already present are kept. Example: fieldledger mapping import sample-data/rules")

    @Argument(help: "The folder with the CSV files (columns in sample-data/README.md).") var folder: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CLIContext.load(global).commandContext()
        try context.require(.finance, to: "import mapping rules from \(folder)")
        let added = try PostingRuleSeed.load(directory: folder, into: context.store, by: context.user)
        Output.line("\(added) rules added from \(folder)")
    }
}

struct MappingListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The rules in the store.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let store = try CLIContext.load(global).openStore()
        let rules = try store.read { db in try PostingRule.fetchAll(db, sql: "SELECT * FROM posting_rules ORDER BY kind, id") }
        if output.json {
            Output.json(.array(rules.map { r in
                .object(["id": .number(JSONNumber(r.id ?? 0)), "kind": .string(r.kind.rawValue), "itemType": .string(r.itemType),
                         "serviceLine": .string(r.serviceLine), "branch": .string(r.branch), "sourceKind": .string(r.sourceKind),
                         "sourceValue": .string(r.sourceValue), "dimensionCode": .string(r.dimensionCode), "target": .string(r.target),
                         "createdBy": .string(r.createdBy), "createdAt": .string(r.createdAt)])
            }))
            return
        }
        for r in rules {
            let match: String = switch r.kind {
            case .glAccount: "item type \(r.itemType), service line \(r.serviceLine), branch \(r.branch)"
            case .dimension: "\(r.sourceKind) \(r.sourceValue) → \(r.dimensionCode)"
            default: "\(r.sourceKind) \(r.sourceValue)"
            }
            Output.line("\(Output.cell(String(r.id ?? 0), 5, right: true))  \(Output.cell(r.kind.rawValue, 13))  \(Output.cell(match, 60))  → \(r.target)")
        }
        Output.line("\(rules.count) rules")
    }
}
