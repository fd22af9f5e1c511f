import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP
import FieldLedgerServe
import FieldLedgerSim
import FieldLedgerTUI
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The main job on the embedded sample data: simulators, a fresh store, the engine — all in one process.",
        discussion: """
            Starts the simulated Business Central, ServiceTrade and PartsManager on sample-data/, writes a \
            configuration and a fresh store into --dir (a temporary folder by default), seeds the posting \
            rules, and runs sync cycles: approved invoices post, the planted problems fail with their codes \
            and remedies. Then it prints what happened and how to look closer.
            """)

    @Option(help: ArgumentHelp("The sample company's data.", valueName: "dir")) var data = "sample-data"
    @Option(help: ArgumentHelp("Where to put the configuration, store and log (kept afterwards).", valueName: "dir")) var dir: String?
    @Option(help: "Sync cycles to run before the console opens (or, headless, in all).") var cycles = 2
    @Flag(help: "Print what happened and exit instead of opening the console (the default without a terminal).")
    var headless = false
    @Option(help: "Seconds between sync cycles while the console is open.") var interval = 5

    func run() async throws {
        guard FileManager.default.fileExists(atPath: data + "/bc") else {
            throw CommandFailure("\(data): no sample data there (run from the repository root, or pass --data DIR)")
        }
        let scenario = try DemoScenario.load(path: data + "/scenario.json")
        let folder = dir ?? NSTemporaryDirectory() + "fieldledger-demo-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let http = HTTPClient(configuration: .connectors)
        defer { http.shutdown() }
        let launcher = SimulatorLauncher(options: SimulatorOptions(port: 0, dataDirectory: URL(fileURLWithPath: data)))
        try await launcher.start(http: http)
        Output.line(launcher.server.banner)
        let configPath = folder + "/fieldledger.toml"
        try? FileManager.default.removeItem(atPath: configPath)
        try launcher.writeConfig(to: configPath)

        let context = try CLIContext.load(config: configPath, store: nil, credentials: .load)
        _ = FieldLedgerLogging.bootstrap(config: context.config)
        let store = try context.openStore()
        let seeded = try PostingRuleSeed.load(directory: data + "/rules", into: store, by: context.user)
        Output.line("store \(context.storePath): \(seeded) posting rules seeded from \(data)/rules by \(context.user.name)")

        guard let bc = try context.config.businessCentralClient(http: http),
              let st = try context.config.serviceTradeClient(http: http) else {
            throw CommandFailure("the demo configuration lacks a system section (a bug: it is written by the demo itself)")
        }
        let pm = try context.config.partsManagerClient(http: http)
        let engine = SyncEngine(store: store, bc: bc, st: st, pm: pm, settings: context.config.engineSettings)
        let play = ScenarioPlayer(scenario: scenario, store: store,
                                  actor: DemoScenarioActor(bc: bc, st: st, http: http, simulatorRoot: launcher.server.baseURL ?? ""))
        for n in 1...max(1, cycles) {
            let s = try await engine.runOnce(trigger: "demo")
            Output.line("cycle \(n): \(s.text)")
        }
        if headless || isatty(STDIN_FILENO) != 1 || isatty(STDOUT_FILENO) != 1 {
            // Headless, the scenario plays at once, a cycle after each step, so the report shows its effects.
            while let step = try await play.next(ignoringDelays: true) {
                Output.line("scenario \(step.id): \(step.outcome)")
                Output.line("  cycle: \(try await engine.runOnce(trigger: "demo").text)")
            }
            try report(store: store, storePath: context.storePath, configPath: configPath)
        } else {
            let status = try await runConsole(context: context, store: store, bc: bc, st: st, pm: pm, play: play)
            Output.line("console closed (\(status)); the store stays at \(context.storePath), configuration \(configPath)")
        }
        await st.signOut()
        await launcher.stop()
    }

    /// The console on the demo store while the serve machinery runs (webhook listener, the
    /// simulators' webhooks, cycles, heartbeat) and the sample company's people act
    /// (sample-data/scenario.json, through the services' APIs): an approval arrives as a webhook.
    private func runConsole(context: CLIContext, store: Store, bc: BusinessCentralClient, st: ServiceTradeClient,
                            pm: PartsManagerClient?, play: ScenarioPlayer) async throws -> Int32 {
        let seconds = UInt64(max(1, interval))
        let config = context.config
        let (host, port) = try ServeCommand.hostAndPort(config.webhooks.listen)
        let daemon = ServeDaemon(
            store: store, bc: bc, st: st, pm: pm, engineSettings: config.engineSettings,
            receiver: WebhookReceiver.Settings(host: host, port: port, maxBodyBytes: config.webhooks.maxBodyBytes,
                                               serviceTradeSecret: config.credentials[.serviceTradeWebhookSecret],
                                               clientState: config.credentials[.businessCentralClientState]),
            settings: ServeDaemon.Settings(pollInterval: .seconds(Int(seconds)),
                                           reconcileInterval: .seconds(config.sync.reconcileIntervalMinutes * 60), mode: "demo"))
        try await daemon.start()
        let background = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: seconds * 1_000_000_000)
                // What the company's people do (sample-data/scenario.json). ServiceTrade's webhooks
                // nudge the daemon; Business Central notifies 30 s late, so nudge it too.
                var acted = false
                while let _ = try? await play.next(ignoringDelays: false) { acted = true }
                if acted { daemon.nudge() }
            }
        }
        defer { background.cancel() }
        let commands = CommandContext(store: store, user: context.user, role: context.role)
        let options = ConsoleOptions(theme: nil, mouse: true, ascii: false, environment: ProcessInfo.processInfo.environment,
                                     executablePath: currentExecutablePath(), currency: "USD")
        // The console's loop blocks its thread: give it one of its own, off the cooperative pool.
        let status: Result<Int32, any Error> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Result { try Console(context: commands, options: options).run() })
            }
            thread.start()
        }
        background.cancel()
        await daemon.stop()  // finishes the current cycle, removes the heartbeat row
        return try status.get()
    }

    private func report(store: Store, storePath: String, configPath: String) throws {
        let (groups, verification, example) = try store.read { db in
            (try FailureGroup.all(in: db), try AuditVerifier.verify(db),
             try String.fetchOne(db, sql: "SELECT erp_number FROM links WHERE kind = 'salesInvoice' ORDER BY id LIMIT 1"))
        }
        Output.line("")
        Output.line("What needs a person (fieldledger failures --config \(configPath)):")
        for g in groups {
            Output.line("  \(g.code)\(g.object.map { " — \($0)" } ?? ""): \(g.count) record\(g.count == 1 ? "" : "s") (\(g.items.map(\.ref).joined(separator: ", ")))")
            if let remedy = g.remedy { Output.line("    fix: \(remedy)") }
        }
        Output.line("")
        Output.line("audit trail: \(verification.isIntact ? "intact" : "BROKEN"), \(verification.count) events, head \(verification.headHash.prefix(16))…")
        if let example { Output.line("did it make it? fieldledger trace \(example) --config \(configPath)") }
        Output.line("the store stays at \(storePath); the simulators stop with this process")
    }
}
