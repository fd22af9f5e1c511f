import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "Master-data conflicts, field by field, with the rule that decided them; and matches waiting for a person.")

    @Option(help: "Only this record: a ServiceTrade company id (5), a customer number (C10005) or a full reference.") var record: String?
    @Option(help: "Only this field (displayName, addressLine1, city, state, postalCode, phoneNumber, email, status, taxArea).") var field: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let store = try CLIContext.load(global).openStore()
        let conflicts = try ConflictQuery(record: record, field: field).fetch(store)
        let ambiguous = record == nil && field == nil ? try AmbiguousMatch.open(store) : []
        if output.json {
            Output.json(.object([
                "conflicts": .array(conflicts.map { c in
                    .object(["id": .number(JSONNumber(c.id ?? 0)), "entity": .string(c.entity), "servicetrade": .string(c.stRef),
                             "businesscentral": .string(c.bcRef), "field": .string(c.field),
                             "servicetradeValue": c.stValue.map(JSONValue.string) ?? .null,
                             "businesscentralValue": c.bcValue.map(JSONValue.string) ?? .null,
                             "servicetradeModified": c.stModified.map(JSONValue.string) ?? .null,
                             "businesscentralModified": c.bcModified.map(JSONValue.string) ?? .null,
                             "rule": .string(c.rule.rawValue), "winner": .string(c.winner.rawValue),
                             "losingValue": c.losingValue.map(JSONValue.string) ?? .null,
                             "decidedAt": .string(c.decidedAt), "why": .string(c.explanation)])
                }),
                "ambiguousMatches": .array(ambiguous.map { m in
                    .object(["company": .string(m.companyID), "ref": m.sourceRef.map(JSONValue.string) ?? .null,
                             "candidates": .array(m.candidates.map(JSONValue.string)), "reason": .string(m.reason),
                             "since": .string(m.createdAt)])
                }),
            ]))
            return
        }
        if conflicts.isEmpty { Output.line("no master-data conflicts" + (record.map { " for \($0)" } ?? "") + (field.map { " on \($0)" } ?? "")) }
        for c in conflicts {
            Output.line("\(c.decidedAt)  \(c.stRef) ↔ \(c.bcRef)  \(c.field)  rule \(c.rule.rawValue)")
            Output.line("  servicetrade:     \"\(c.stValue ?? "")\" (modified \(c.stModified ?? "?"))")
            Output.line("  businesscentral:  \"\(c.bcValue ?? "")\" (modified \(c.bcModified ?? "?"))")
            Output.line("  \(c.explanation)")
        }
        if !ambiguous.isEmpty {
            Output.line("matches waiting for a person:")
            for m in ambiguous {
                Output.line("  company \(m.companyID) (\(m.sourceRef ?? "")): \(m.reason) candidates: \(m.candidates.joined(separator: ", "))")
                Output.line("    then: fieldledger couple \(m.companyID) <customer number>")
            }
        }
    }
}
