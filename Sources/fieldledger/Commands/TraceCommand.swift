import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Did it make it into the ledger? A record's state, its ERP document and its audit trail.",
        discussion: """
            REF is a ServiceTrade invoice number or id, an ERP document number or id, or a work item id. \
            Prefix it to be specific: st:1001, pm:PO-17, bc:PS-INV103001, wi:42.
            Exit 0: the record reached the ERP. 1: it did not (the message says pending, blocked or \
            failed, and why). 2: no record has that reference.
            """)

    @Argument(help: "The reference to look up.") var ref: String
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let store = try CLIContext.load(global).openStore()
        switch try store.read({ db in try TraceLookup.find(ref, in: db) }) {
        case .unknown:
            if output.json { Output.json(["reference": .string(ref), "found": false]) }
            Output.error("no record has the reference \(ref); check it, or try it with a prefix (st:, pm:, bc:, wi:)")
            throw ExitCode(2)
        case .ambiguous(let subjects):
            if output.json { Output.json(["reference": .string(ref), "ambiguous": .array(subjects.map(JSONValue.string))]) }
            Output.error("\(ref) names \(subjects.count) records (\(subjects.joined(separator: ", "))); add a prefix: st:\(ref), bc:\(ref) or wi:\(ref)")
            throw ExitCode(2)
        case .found(let report):
            if output.json { Output.json(report.json) } else { print(report) }
            if case .notInERP = report.outcome {
                if !output.json, let why = report.whyNotInERP { Output.error(why) }
                throw ExitCode(1)
            }
        }
    }

    private func print(_ report: TraceReport) {
        Output.line(report.subject)
        switch report.outcome {
        case .reachedERP: Output.line("  in the ERP: yes")
        case .notInERP(let state): Output.line("  in the ERP: no (\(state.rawValue))")
        }
        for link in report.links {
            Output.line("  \(link.erpSystem) \(link.kind) \(link.erpNumber ?? "-")  id \(link.erpId)")
        }
        for item in report.workItems {
            var line = "  work item \(item.id ?? 0)  \(item.flow)  \(item.state.rawValue)  attempts \(item.attempts)"
            if let code = item.errorCode { line += "  \(code)" }
            Output.line(line)
            if let message = item.errorMessage { Output.line("    \(message)") }
            if let remedy = item.errorRemedy { Output.line("    fix: \(remedy)") }
        }
        for line in report.ruleLines { Output.line("  \(line.text)") }
        Output.line("  audit trail (\(report.events.count) events):")
        for event in report.events {
            Output.line("    #\(event.seq) \(event.at) \(event.actor) \(event.action) \(event.details)")
        }
    }
}
