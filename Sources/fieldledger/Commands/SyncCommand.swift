import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "One full cycle: refresh Business Central reference data, take in approved ServiceTrade invoices, post what is due.",
        discussion: "Exit 0 when the cycle ran (records may still have failed: see 'fieldledger failures'); 1 when a system could not be reached or the configuration is incomplete.")

    @Flag(help: "Run one cycle and exit (the only mode; 'fieldledger serve' runs continuously).") var once = false
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func validate() throws {
        if !once { throw ValidationError("add --once (continuous syncing is 'fieldledger serve')") }
    }

    func run() async throws {
        let context = try CLIContext.load(global, credentials: .load)
        _ = FieldLedgerLogging.bootstrap(config: context.config)
        let http = HTTPClient()
        defer { http.shutdown() }
        guard let bc = try context.config.businessCentralClient(http: http) else {
            throw CommandFailure("\(context.config.file): no [business_central] section; sync needs one (see 'fieldledger init')")
        }
        guard let st = try context.config.serviceTradeClient(http: http) else {
            throw CommandFailure("\(context.config.file): no [servicetrade] section; sync needs one (see 'fieldledger init')")
        }
        let engine = SyncEngine(store: try context.openStore(), bc: bc, st: st, pm: try context.config.partsManagerClient(http: http),
                                settings: context.config.engineSettings)
        let summary: SyncEngine.RunSummary
        do {
            summary = try await engine.runOnce(trigger: "once")
            await st.signOut()
        } catch {
            await st.signOut()  // ServiceTrade caps sessions per user: never leave one behind
            throw error
        }
        if output.json {
            Output.json(.object(["run": .number(JSONNumber(summary.runID)), "referenceChanged": .int(summary.referenceChanged),
                                 "received": .int(summary.received), "posted": .int(summary.posted), "failed": .int(summary.failed),
                                 "blocked": .int(summary.blocked), "retrying": .int(summary.retrying),
                                 "flows": .array(summary.flows.map { counts in
                                     .object(["flow": .string(counts.flow), "received": .int(counts.received),
                                              "posted": .int(counts.posted), "failed": .int(counts.failed),
                                              "blocked": .int(counts.blocked), "retrying": .int(counts.retrying)])
                                 })]))
        } else {
            Output.line("sync run \(summary.runID): \(summary.text)")
            if summary.failed + summary.blocked > 0 { Output.line("see why: fieldledger failures") }
        }
    }
}
