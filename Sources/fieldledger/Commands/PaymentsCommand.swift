import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

extension InvoicePayment.State: ExpressibleByArgument {}

/// `fieldledger payments`: where each posted invoice stands in Business Central's receivables and
/// what ServiceTrade was told, most recently changed first (the console's Payments pane).
struct PaymentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments",
        abstract: "Payment state of posted invoices (unpaid, partial, paid, reopened, canceled), as Business Central reports it.")

    @Option(help: "Only invoices in this state: \(InvoicePayment.State.allCases.map(\.rawValue).joined(separator: ", ")).")
    var state: InvoicePayment.State?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let context = try CLIContext.load(global).commandContext()
        try context.require(.viewer, to: "list payment states")
        let query = PaymentStatusQuery(state: state, limit: 500)
        var rows: [InvoicePayment] = []
        var anchor: (updatedAt: String, linkId: Int64)?
        while true {
            let page = try context.store.read { db in try query.page(after: anchor, in: db) }
            rows += page
            guard let last = page.last, page.count == query.limit else { break }
            anchor = (last.updatedAt, last.linkId)
        }
        if output.json {
            Output.json(.array(rows.map { row in
                .object(["invoice": .string(row.sourceRef ?? row.sourceId), "serviceTradeId": .string(row.sourceId),
                         "erpId": .string(row.erpId), "erpNumber": row.erpNumber.map(JSONValue.string) ?? .null,
                         "erpStatus": .string(row.erpStatus), "state": .string(row.paymentState.rawValue),
                         "total": .decimal(row.totalAmount), "remaining": .decimal(row.remainingAmount),
                         "paidPercent": .int(row.paidPercent), "serviceTradeStatus": row.stStatus.map(JSONValue.string) ?? .null,
                         "lastEvent": row.lastEvent.map(JSONValue.string) ?? .null,
                         "lastEventAt": row.lastEventAt.map(JSONValue.string) ?? .null, "updatedAt": .string(row.updatedAt)])
            }))
            return
        }
        if rows.isEmpty {
            Output.line(state.map { "no posted invoices are \($0.rawValue)" } ?? "no posted invoices seen by the payments watch yet")
            return
        }
        Output.line([Output.cell("INVOICE", 12), Output.cell("BC NUMBER", 12), Output.cell("STATE", 9),
                     Output.cell("TOTAL", 12, right: true), Output.cell("REMAINING", 12, right: true), Output.cell("PAID", 5, right: true),
                     Output.cell("ST STATUS", 10), "UPDATED"].joined(separator: "  "))
        for row in rows {
            Output.line([Output.cell(row.sourceRef ?? row.sourceId, 12), Output.cell(row.erpNumber ?? "-", 12),
                         Output.cell(row.paymentState.rawValue, 9), Output.cell(InvoicePayment.amountText(row.totalAmount), 12, right: true),
                         Output.cell(InvoicePayment.amountText(row.remainingAmount), 12, right: true), Output.cell("\(row.paidPercent)%", 5, right: true),
                         Output.cell(row.stStatus ?? "-", 10), row.updatedAt].joined(separator: "  "))
        }
    }
}
