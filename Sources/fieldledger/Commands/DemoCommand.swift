import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP
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
        let folder = dir ?? NSTemporaryDirectory() + "fieldledger-demo-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let http = HTTPClient()
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
        let engine = SyncEngine(store: store, bc: bc, st: st, settings: context.config.engineSettings)
        var lastRunID: Int64?
        for n in 1...max(1, cycles) {
            let s = try await engine.runOnce(trigger: "demo")
            lastRunID = s.runID
            Output.line("cycle \(n): \(s.referenceChanged) reference records refreshed, \(s.received) invoices received, \(s.posted) posted, \(s.failed) failed, \(s.blocked) blocked, \(s.retrying) waiting to retry")
        }
        if headless || isatty(STDIN_FILENO) != 1 || isatty(STDOUT_FILENO) != 1 {
            try report(store: store, storePath: context.storePath, configPath: configPath)
        } else {
            let status = try await runConsole(context: context, store: store, engine: engine, st: st,
                                              lastRunID: lastRunID)
            Output.line("console closed (\(status)); the store stays at \(context.storePath), configuration \(configPath)")
        }
        await st.signOut()
        await launcher.stop()
    }

    /// The console on the demo store while the engine keeps cycling and the sample company keeps
    /// approving invoices (through ServiceTrade's API, as a person would): the screen is alive.
    private func runConsole(context: CLIContext, store: Store, engine: SyncEngine, st: ServiceTradeClient,
                            lastRunID: Int64?) async throws -> Int32 {
        let seconds = UInt64(max(1, interval))
        // The console's Overview and status bar read "engine alive" from this beat.
        var heartbeat = DemoHeartbeat()
        heartbeat.beat(store, after: .success(lastRunID))
        let background = Task { [heartbeat] in
            var heartbeat = heartbeat
            var pending = (try? await st.list("invoice", plural: "invoices", filters: [("status", "ok")])) ?? []
            // Five approvals are left for the person at the keyboard (sample-data/README.md).
            pending = Array(pending.dropLast(5))
            while !Task.isCancelled {
                guard (try? await Task.sleep(nanoseconds: seconds * 1_000_000_000)) != nil else { break }
                if let next = pending.first, let id = next["id"]?.numberValue?.literal {
                    pending.removeFirst()
                    _ = try? await st.update("invoice", id: id, ["status": "pending_accounting"])
                }
                do { heartbeat.beat(store, after: .success(try await engine.runOnce(trigger: "demo").runID)) } catch {
                    heartbeat.beat(store, after: .failure(error))
                }
            }
        }
        // Stop the engine loop (a cycle in flight finishes and beats) before removing the beat.
        let stopEngine = {
            background.cancel()
            _ = await background.value
            try? store.write { db in try EngineHeartbeat.remove(in: db) }
        }
        let commands = CommandContext(store: store, user: context.user, role: context.role)
        let options = ConsoleOptions(theme: nil, mouse: true, ascii: false, environment: ProcessInfo.processInfo.environment,
                                     executablePath: currentExecutablePath(), currency: "USD")
        // The console's loop blocks its thread: give it one of its own, off the cooperative pool.
        do {
            let status: Int32 = try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    do { continuation.resume(returning: try Console(context: commands, options: options).run()) } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.start()
            }
            await stopEngine()
            return status
        } catch {
            await stopEngine()
            throw error
        }
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

/// The demo engine's row in `engine_heartbeat`: written after every cycle, removed on exit.
/// Last contact and last error per connector come from the cycle's outcome; token state and
/// rate budget are not visible from here (the clients keep them internal), so they say so.
private struct DemoHeartbeat {
    var row = EngineHeartbeat(mode: "demo", startedAt: Timestamp.now())
    var connectors: [RemoteError.System: ConnectorHealth] = [
        .businessCentral: ConnectorHealth(system: "businesscentral", tokenState: "unknown"),
        .serviceTrade: ConnectorHealth(system: "servicetrade", tokenState: "unknown"),
    ]

    /// Records a cycle's outcome (its run id, or the error that stopped it) and beats.
    mutating func beat(_ store: Store, after outcome: Result<Int64?, any Error>) {
        let now = Timestamp.now()
        switch outcome {
        case .success(let runID):
            if let runID { row.lastRunID = runID }
            for key in connectors.keys where runID != nil {
                connectors[key]?.lastContactAt = now
                connectors[key]?.lastError = nil
            }
        case .failure(let error as RemoteError):
            connectors[error.system]?.lastError = error.description
        case .failure:
            // Not a connector's fault (the store, a bug): the Overview's last run shows it.
            break
        }
        row.beatAt = now
        row.connectors = [RemoteError.System.businessCentral, .serviceTrade].compactMap { connectors[$0] }
        let beat = row
        try? store.write { db in try beat.beat(in: db) }
    }
}
