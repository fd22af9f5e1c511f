import ArgumentParser
import Foundation

struct BenchSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Time the engine posting generated invoices into the simulator against a raw libcurl floor.",
        discussion: """
            For each size in --invoices, generates that many approved invoices of 1-10 lines from the \
            sample company, starts 'fieldledger sim' and runs 'fieldledger sync --once' as child processes, \
            and reports invoices/s, the ratio to the floor (the engine's own deep inserts and posts, taken from \
            the simulator's request log and replayed by raw libcurl at the same concurrency on a fresh \
            simulator with the same data; raw GETs/s are shown for scale), Business Central requests per invoice \
            (from the simulator's request log), 429 answers and the engine's peak RSS. Targets (P1): ratio \
            >= 0.8, <= 2 requests per invoice, peak RSS flat as N grows. With --limits bc-real (P2): >= 95% \
            of 10 invoices/s once the 6,000-request window is spent, <= 1% of requests answered 429.
            """)

    @Option(help: "Document counts, comma-separated (one engine run each): invoices, or purchase orders / timecards with --workload.") var invoices = "1000,5000"
    @Option(help: ArgumentHelp("What to post: invoices (generated ServiceTrade invoices), purchase-orders (generated PartsManager POs) or timecards (generated approved clock events).",
                               valueName: "workload")) var workload = "invoices"
    @Option(help: ArgumentHelp("Simulator rate limits: bc-real.", valueName: "profile")) var limits: String?
    @Option(help: "Seconds spent measuring the floor.") var floorSeconds = 5.0
    @Option(help: ArgumentHelp("The sample company to build from.", valueName: "dir")) var data = "sample-data"
    @Option(help: "Keep the benchmark files in this folder (default: a temporary folder, removed).") var keep: String?
    @OptionGroup var output: JSONOption

    func run() async throws {
        let sizes = invoices.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--invoices takes positive counts separated by commas, e.g. 1000,5000")
        }
        guard let kind = SyncBenchmark.Workload(rawValue: workload) else {
            throw ValidationError("--workload takes invoices, purchase-orders or timecards")
        }
        guard FileManager.default.fileExists(atPath: data + "/st/invoices.json") else {
            throw CommandFailure("--data \(data): no st/invoices.json there (run from the repository root, or pass --data sample-data)")
        }
        let (dir, remove) = try BenchSupport.workFolder(keep: keep, name: "sync")
        defer { if remove { try? FileManager.default.removeItem(atPath: dir) } }
        let bench = SyncBenchmark(workload: kind, executable: currentExecutablePath(), sampleData: URL(fileURLWithPath: data).standardizedFileURL.path,
                                  directory: dir, sizes: sizes, limits: limits, floorSeconds: floorSeconds,
                                  progress: output.json ? { _ in } : { Output.error($0) })
        let result = try await bench.run()
        if output.json { Output.json(result.json) } else { Output.line(result.text) }
    }
}
