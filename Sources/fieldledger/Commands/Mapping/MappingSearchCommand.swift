import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct MappingSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search Business Central reference values (the pickers' data) by code prefix or name.",
        discussion: "ENTITY: accounts, dimensionValues (or dimensionValues:DEPARTMENT), taxGroups, taxAreas, paymentTerms, … Example: fieldledger mapping search accounts revenue")

    @Argument(help: "The entity set.") var entity: String
    @Argument(help: "Code prefix or part of the name (case-insensitive); empty lists from the start.") var query = ""
    @Option(help: "At most this many.") var limit = 50
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let store = try CLIContext.load(global).openStore()
        let search = try store.read { db in try ReferenceSearch.load(db) }
        guard search.entities.contains(entity) else {
            throw CommandFailure("no cached reference data for '\(entity)'; known: \(search.entities.joined(separator: ", ")) (run sync --once to refresh)")
        }
        let hits = search.search(entity, query: query, limit: limit)
        if output.json {
            Output.json(.array(hits.map { .object(["code": .string($0.code), "name": .string($0.name), "blocked": .bool($0.blocked)]) }))
            return
        }
        for hit in hits { Output.line("\(Output.cell(hit.code, 20))  \(hit.name)\(hit.blocked ? "  (blocked)" : "")") }
    }
}
