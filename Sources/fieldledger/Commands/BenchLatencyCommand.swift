import ArgumentParser
import Foundation

struct BenchLatencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency",
        abstract: "Time approval-to-posted in 'serve' mode, driven by ServiceTrade webhooks.",
        discussion: """
            Generates --invoices entered (not approved) invoices from the sample company, starts 'fieldledger sim' \
            and 'fieldledger serve' (polling once an hour) as child processes, approves the invoices one at a time \
            through the ServiceTrade API at --rate per second, and reports approval-to-posted p50/p99/max, and \
            approval-to-webhook-received, from the store's audit trail and inbox. Target (P3): p99 < 5 s.
            """)

    @Option(help: "Invoices to approve.") var invoices = 300
    @Option(help: "Approvals per second.") var rate = 5.0
    @Option(help: ArgumentHelp("The sample company to build from.", valueName: "dir")) var data = "sample-data"
    @Option(help: "Keep the benchmark files in this folder (default: a temporary folder, removed).") var keep: String?
    @OptionGroup var output: JSONOption

    func run() async throws {
        guard invoices > 0, rate > 0 else { throw ValidationError("--invoices and --rate must be positive") }
        guard FileManager.default.fileExists(atPath: data + "/st/invoices.json") else {
            throw CommandFailure("--data \(data): no st/invoices.json there (run from the repository root, or pass --data sample-data)")
        }
        let (dir, remove) = try BenchSupport.workFolder(keep: keep, name: "latency")
        defer { if remove { try? FileManager.default.removeItem(atPath: dir) } }
        let bench = LatencyBenchmark(executable: currentExecutablePath(), sampleData: URL(fileURLWithPath: data).standardizedFileURL.path,
                                     directory: dir, invoices: invoices, approvalsPerSecond: rate,
                                     progress: output.json ? { _ in } : { Output.error($0) })
        let result = try await bench.run()
        if output.json { Output.json(result.json) } else { Output.line(result.text) }
    }
}
