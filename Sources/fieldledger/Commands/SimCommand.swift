import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP
import FieldLedgerSim
import Foundation

struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "The simulated Business Central, ServiceTrade and PartsManager APIs on 127.0.0.1.",
        discussion: """
            Prints one line per API (bc, st, pm) with its base URL and the test tenant's credentials, \
            then serves until interrupted (Ctrl-C). Control routes for what no real API can express: \
            /_sim/reset, /_sim/load, /_sim/clock, /_sim/faults, /_sim/state.
            Example: fieldledger sim --port 0 --data sample-data --write-config sim/fieldledger.toml
            """)

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).") var port = 8080
    @Option(help: ArgumentHelp("Data directory with bc/, st/, pm/ (see sample-data/README.md).", valueName: "dir")) var data: String?
    @Option(help: ArgumentHelp("Faults per API, e.g. 'bc:5xx=0.10,429=0.05,timeout=0.02,drop-after-commit=0.02;st:5xx=0.05'.", valueName: "spec")) var faults: String?
    @Option(help: "Seed of the fault generator (repeatable runs).") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Rate limits to enforce: none or bc-real (6,000 requests / 5 min, 5 concurrent).", valueName: "profile")) var limits: String?
    @Option(help: "Milliseconds added to every API call.") var latency = 0
    @Option(help: ArgumentHelp("Write one JSON line per request here (secrets removed).", valueName: "file")) var requestLog: String?
    @Option(help: ArgumentHelp("Write a fieldledger.toml (and a 0600 credentials file beside it) pointing at these simulators.", valueName: "path")) var writeConfig: String?

    func run() async throws {
        let options = try simulatorOptions()
        let http = HTTPClient()
        let launcher = SimulatorLauncher(options: options)
        try await launcher.start(http: http)
        Output.line(launcher.server.banner)
        if let writeConfig {
            for path in try launcher.writeConfig(to: writeConfig) { Output.line("wrote \(path)") }
        }
        await waitForTermination()
        await launcher.stop()
        http.shutdown()
    }

    func simulatorOptions() throws -> SimulatorOptions {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        if let data, !FileManager.default.fileExists(atPath: data) {
            throw CommandFailure("--data \(data): no such directory (try --data sample-data)")
        }
        return SimulatorOptions(port: port, dataDirectory: data.map { URL(fileURLWithPath: $0) },
                                faults: try faults.map { try FaultSpec(parsing: $0) } ?? FaultSpec(), seed: seed,
                                limits: try limits.map { try LimitsProfile(parsing: $0) } ?? .none,
                                latencyMilliseconds: latency, requestLogPath: requestLog)
    }
}

/// Suspends until SIGINT or SIGTERM, without blocking a thread of the cooperative pool.
func waitForTermination() async {
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, SIG_IGN)
    let stream = AsyncStream<Void> { continuation in
        let sources = SignalSources([SIGINT, SIGTERM].map { sig in
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        })
        continuation.onTermination = { _ in sources.cancel() }
    }
    for await _ in stream { break }
}

/// Keeps the signal sources alive until the stream ends.
private final class SignalSources: @unchecked Sendable {
    let sources: [any DispatchSourceSignal]
    init(_ sources: [any DispatchSourceSignal]) { self.sources = sources }
    func cancel() { sources.forEach { $0.cancel() } }
}
