import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP
import Foundation

struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Compare what ServiceTrade approved with what Business Central holds; report differences and enqueue what is missing (operator role).",
        discussion: """
            ServiceTrade invoices in pending_accounting, processed, paid or sent (changed within --from/--to, \
            whole UTC days) are matched to Business Central sales invoices by externalDocumentNumber and total. \
            Missing invoices are enqueued for posting unless FieldLedger already holds them. Amount differences \
            say whether only the tax differs ("tax") or the lines do ("lines").
            Exit status: 0 when both systems agree, 1 when differences were found or a system could not be reached.
            """)

    @Option(help: ArgumentHelp("First day of the window (YYYY-MM-DD, UTC).", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("Last day of the window, inclusive (YYYY-MM-DD, UTC).", valueName: "date")) var to: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func validate() throws {
        let start = try from.map { try Self.day($0, option: "--from") }
        let end = try to.map { try Self.day($0, option: "--to") }
        if let start, let end, start > end { throw ValidationError("--from \(from ?? "") is after --to \(to ?? "")") }
    }

    func run() async throws {
        let context = try CLIContext.load(global, credentials: .load)
        let commands = try context.commandContext()
        // Reconciliation enqueues work: the same role as retrying.
        try commands.require(.operator, to: "reconcile")
        _ = FieldLedgerLogging.bootstrap(config: context.config)
        let http = HTTPClient(configuration: .connectors)
        defer { http.shutdown() }
        guard let bc = try context.config.businessCentralClient(http: http) else {
            throw CommandFailure("\(context.config.file): no [business_central] section; reconcile needs one (see 'fieldledger init')")
        }
        guard let st = try context.config.serviceTradeClient(http: http) else {
            throw CommandFailure("\(context.config.file): no [servicetrade] section; reconcile needs one (see 'fieldledger init')")
        }
        let window = Reconciliation.Window(from: try from.map { try Self.day($0, option: "--from") },
                                           to: try to.map { try Self.day($0, option: "--to").addingTimeInterval(86_400 - 0.001) })
        let report: ReconciliationReport
        do {
            report = try await Reconciliation(store: commands.store, bc: bc, st: st).run(window: window, trigger: "cli", by: context.user)
            await st.signOut()
        } catch {
            await st.signOut()
            throw CommandFailure("reconcile: \(error)")
        }
        if output.json {
            Output.json(report.json)
        } else {
            print(report)
        }
        if !report.inAgreement { throw ExitCode(1) }
    }

    private func print(_ report: ReconciliationReport) {
        Output.line("reconciliation \(report.runID): \(report.compared) ServiceTrade invoices compared, \(report.matched) agree; "
            + "\(report.count(.missing)) missing, \(report.count(.amount)) amount differences, \(report.count(.status)) status differences, \(report.enqueued) enqueued")
        guard !report.findings.isEmpty else { return }
        Output.line("")
        Output.line(Output.cell("INVOICE", 12) + " " + Output.cell("KIND", 7) + " " + Output.cell("DETAIL", 30) + " "
            + Output.cell("ST STATUS", 18) + " " + Output.cell("ST TOTAL", 11, right: true) + " " + Output.cell("BC STATUS", 9) + " "
            + Output.cell("BC TOTAL", 11, right: true) + "  NOTE")
        for finding in report.findings {
            func money(_ value: Decimal?) -> String { value.map { "\($0)" } ?? "—" }
            Output.line(Output.cell(finding.invoiceNumber, 12) + " " + Output.cell(finding.kind.rawValue, 7) + " "
                + Output.cell(finding.detail, 30) + " " + Output.cell(finding.source.status ?? "—", 18) + " "
                + Output.cell(money(finding.source.total), 11, right: true) + " " + Output.cell(finding.erp.status ?? "—", 9) + " "
                + Output.cell(money(finding.erp.total), 11, right: true) + "  " + finding.note)
        }
    }

    /// `YYYY-MM-DD` → that day's start, UTC.
    static func day(_ text: String, option: String) throws -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.isLenient = false
        guard text.count == 10, let date = formatter.date(from: text) else {
            throw ValidationError("\(option) \(text): expected a date as YYYY-MM-DD, such as 2026-11-01")
        }
        return date
    }
}
