import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP
import Foundation

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks, as ratios against a floor measured in the same run (use a release build).",
        subcommands: [BenchTraceCommand.self, BenchSimCommand.self, BenchSyncCommand.self, BenchRulesCommand.self,
                      BenchTUICommand.self, BenchLatencyCommand.self])
}

struct BenchTraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Time whole 'fieldledger trace' processes and audit appends against the sqlite3 CLI.",
        discussion: """
            Builds a store with --events audit events over --events/10 records (work items and ERP links), \
            then times 'fieldledger trace' processes by each kind of reference against the sqlite3 CLI doing \
            the same indexed queries on the same file, and audit appends with the hash chain against the \
            sqlite3 CLI inserting the same rows. Targets: trace p99 < 50 ms and <= 3x sqlite3; appends >= 0.5x.
            """)

    @Option(help: "Audit events in the store.") var events = 1_000_000
    @Option(help: "Lookups per kind of reference.") var lookups = 40
    @Option(help: "Events appended in the append comparison.") var appendEvents = 200_000
    @Option(help: "Keep the benchmark files in this folder (default: a temporary folder, removed).") var keep: String?
    @OptionGroup var output: JSONOption

    func run() throws {
        guard let sqlite3 = BenchSupport.which("sqlite3") else {
            throw CommandFailure("bench trace needs the sqlite3 CLI as its floor; install it (make deps, or apt-get install sqlite3)")
        }
        let (dir, remove) = try BenchSupport.workFolder(keep: keep, name: "trace")
        defer { if remove { try? FileManager.default.removeItem(atPath: dir) } }

        let bench = TraceBenchmark(directory: dir, sqlite3: sqlite3, executable: currentExecutablePath(),
                                   events: events, lookups: lookups, appendEvents: appendEvents,
                                   progress: output.json ? { _ in } : { Output.error($0) })
        let result = try bench.run()
        if output.json { Output.json(result.json) } else { Output.line(result.text) }
    }
}
