import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "Master-data conflicts, field by field, with the rule that decided them; and matches waiting for a person.")

    @Option(help: "Only this record: a ServiceTrade company or contact id (5), a customer, contact, vendor or item number (C10005), or a full reference (servicetrade:contact:4, partsmanager:vendor:V1001).") var record: String?
    @Option(help: "Only this field (customers: displayName, addressLine1, city, state, postalCode, phoneNumber, email, status, taxArea; contacts: displayName, email, phoneNumber, mobilePhoneNumber; vendors and items: see `fieldledger conflicts`).") var field: String?
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
                             "rule": .string(c.rule.rawValue), "winner": .string(c.winner.rawValue), "loser": .string(c.loser.rawValue),
                             "losingValue": c.losingValue.map(JSONValue.string) ?? .null,
                             "decidedAt": .string(c.decidedAt), "why": .string(c.explanation)])
                }),
                "ambiguousMatches": .array(ambiguous.map { m in
                    .object(["entity": .string(m.entity), "company": .string(m.companyID), "ref": m.sourceRef.map(JSONValue.string) ?? .null,
                             "candidates": .array(m.candidates.map(JSONValue.string)), "reason": .string(m.reason),
                             "since": .string(m.createdAt)])
                }),
            ]))
            return
        }
        if conflicts.isEmpty { Output.line("no master-data conflicts" + (record.map { " for \($0)" } ?? "") + (field.map { " on \($0)" } ?? "")) }
        for c in conflicts {
            Output.line("\(c.decidedAt)  \(c.stRef) ↔ \(c.bcRef)  \(c.field)  rule \(c.rule.rawValue)")
            Output.line("  \((c.counterpart.rawValue + ":").padding(toLength: 17, withPad: " ", startingAt: 0)) \"\(c.stValue ?? "")\" (modified \(c.stModified ?? "?"))")
            Output.line("  businesscentral:  \"\(c.bcValue ?? "")\" (modified \(c.bcModified ?? "?"))")
            Output.line("  \(c.explanation)")
        }
        if !ambiguous.isEmpty {
            Output.line("matches waiting for a person:")
            for m in ambiguous {
                let what = m.entity == "customer" ? "company" : m.entity
                Output.line("  \(what) \(m.companyID) (\(m.sourceRef ?? "")): \(m.reason) candidates: \(m.candidates.joined(separator: ", "))")
                Output.line(m.entity == "customer" ? "    then: fieldledger couple \(m.companyID) <customer number>"
                                                   : "    then: fieldledger couple contact:\(m.companyID) <contact number>")
            }
        }
    }
}
