import FieldLedgerCore
import FieldLedgerHTTP
import FieldLedgerSim
import Foundation
import GRDB

/// `bench latency` (P3): approval-to-posted time in `serve` mode with webhooks. The simulator and
/// `fieldledger serve` run as child processes; polling is set to once an hour, so only
/// ServiceTrade's webhook can start the work. Invoices are approved one at a time through the
/// ServiceTrade API at a steady rate, as people would; each latency runs from just before the
/// approving request to the engine's `posted` audit event (both clocks are this machine's).
/// The webhook's arrival in the inbox splits each latency into delivery and engine time.
struct LatencyBenchmark {
    let executable: String
    let sampleData: String
    let directory: String
    let invoices: Int
    let approvalsPerSecond: Double
    let progress: (String) -> Void

    struct Result {
        var invoices: Int
        var posted: Int
        var approvalsPerSecond: Double
        /// Seconds, per posted invoice.
        var total: [Double]
        var delivery: [Double]
        /// From the webhook's arrival to posted: the engine's share. Zero when a cycle started by
        /// an earlier webhook took the invoice up before its own webhook arrived.
        var engine: [Double]

        func p(_ samples: [Double], _ q: Double) -> Double { BenchSupport.percentile(samples, q) }

        var json: JSONValue {
            func stats(_ samples: [Double]) -> JSONValue {
                .object(["p50Ms": .string(String(format: "%.0f", p(samples, 50) * 1000)),
                         "p99Ms": .string(String(format: "%.0f", p(samples, 99) * 1000)),
                         "maxMs": .string(String(format: "%.0f", (samples.max() ?? 0) * 1000))])
            }
            return .object(["invoices": .int(invoices), "posted": .int(posted),
                            "approvalsPerSecond": .string(String(format: "%.1f", approvalsPerSecond)),
                            "approvalToPosted": stats(total), "approvalToWebhook": stats(delivery), "webhookToPosted": stats(engine),
                            "targetP99Ms": .int(5000)])
        }

        var text: String {
            func row(_ name: String, _ samples: [Double]) -> String {
                name.padding(toLength: 24, withPad: " ", startingAt: 0)
                    + String(format: "p50 %7.0f ms   p99 %7.0f ms   max %7.0f ms", p(samples, 50) * 1000, p(samples, 99) * 1000,
                             (samples.max() ?? 0) * 1000)
            }
            return ["bench latency (release build; 'fieldledger serve' with ServiceTrade webhooks, polling once an hour)",
                    String(format: "%d invoices approved through the ServiceTrade API at %.1f/s; %d posted", invoices, approvalsPerSecond, posted),
                    row("approval → posted", total),
                    row("approval → webhook in", delivery),
                    row("webhook in → posted", engine),
                    "target: p99 approval → posted < 5,000 ms: " + (p(total, 99) < 5 && posted == invoices ? "met" : "not met")]
                .joined(separator: "\n")
        }
    }

    func run() async throws -> Result {
        let folder = directory + "/latency"
        try BenchSupport.freshFolder(folder)
        progress("generating \(invoices) invoices, not yet approved…")
        try ScaledSampleData(sampleData: sampleData).write(to: folder + "/data", generated: invoices, keepSampleInvoices: false)
        try Self.unapprove(file: folder + "/data/st/invoices.json")
        let sim = try BenchSimulator.start(executable: executable, data: folder + "/data", folder: folder, limits: nil)
        defer { sim.stop() }
        let text = try String(contentsOfFile: sim.configPath, encoding: .utf8) + "\n[sync]\npoll_interval_seconds = 3600\n"
        try text.write(toFile: sim.configPath, atomically: true, encoding: .utf8)
        let config = try FieldLedgerConfig.load(path: sim.configPath, credentials: .load)
        let store = try Store.open(path: config.store.path)
        try PostingRuleSeed.load(directory: folder + "/data/rules", into: store, by: ActingUser(name: "bench"))

        progress("starting 'fieldledger serve'…")
        let serveOutput = folder + "/serve.out"
        let serve = try BenchSupport.spawn(executable, ["serve", "--config", sim.configPath], output: serveOutput)
        defer { Self.stop(serve) }
        try await Self.waitFor("serve's first cycle", seconds: 120, output: serveOutput) {
            try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sync_runs WHERE finished_at IS NOT NULL") ?? 0 } > 0
        }

        let http = HTTPClient(configuration: .init(maxConcurrentRequests: 2))
        defer { http.shutdown() }
        guard let st = try config.serviceTradeClient(http: http) else {
            throw CommandFailure("bench latency: the simulator's configuration has no [servicetrade] section")
        }
        progress(String(format: "approving %d invoices at %.1f/s…", invoices, approvalsPerSecond))
        var approvedAt: [String: Date] = [:]
        let interval = 1 / approvalsPerSecond
        let start = BenchSupport.now()
        for n in 0..<invoices {
            let id = String(100_000 + n)
            let due = start + Double(n) * interval
            if due > BenchSupport.now() { try await Task.sleep(for: .milliseconds(Int((due - BenchSupport.now()) * 1000))) }
            approvedAt[id] = Date()
            _ = try await st.update("invoice", id: id, ["status": "pending_accounting"])
        }
        await st.signOut()

        progress("waiting for the postings…")
        let ids = Set(approvedAt.keys)
        try? await Self.waitFor("the postings", seconds: 60 + Double(invoices) / 10, output: serveOutput) {
            try postedTimes(store).count >= ids.count
        }
        let posted = try postedTimes(store).filter { ids.contains($0.key) }
        let webhooks = try webhookTimes(store)
        var total: [Double] = [], delivery: [Double] = [], engine: [Double] = []
        for (id, postedAt) in posted {
            guard let approved = approvedAt[id] else { continue }
            total.append(postedAt.timeIntervalSince(approved))
            if let arrived = webhooks[id] {
                delivery.append(arrived.timeIntervalSince(approved))
                engine.append(max(0, postedAt.timeIntervalSince(arrived)))
            }
        }
        return Result(invoices: invoices, posted: posted.count, approvalsPerSecond: approvalsPerSecond,
                      total: total.sorted(), delivery: delivery.sorted(), engine: engine.sorted())
    }

    /// When each invoice's `invoice.post` work item first reached `posted`.
    private func postedTimes(_ store: Store) throws -> [String: Date] {
        try store.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT w.source_id AS id, MIN(a.at) AS at FROM audit_events a JOIN work_items w ON w.id = a.work_item_id
                 WHERE a.action = 'work_item.state' AND json_extract(a.details, '$.to') = 'posted' AND w.flow = 'invoice.post'
                 GROUP BY w.source_id
                """)
            return Dictionary(rows.compactMap { row in (row["at"] as String?).flatMap(Timestamp.date).map { (row["id"] as String, $0) } },
                              uniquingKeysWith: min)
        }
    }

    /// When ServiceTrade's first webhook for each invoice was persisted.
    private func webhookTimes(_ store: Store) throws -> [String: Date] {
        try store.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT substr(source_id, 9) AS id, MIN(received_at) AS at FROM inbox
                 WHERE channel = 'webhook' AND entity = 'notification' AND source_id LIKE 'invoice:%' GROUP BY source_id
                """)
            return Dictionary(rows.compactMap { row in (row["at"] as String?).flatMap(Timestamp.date).map { (row["id"] as String, $0) } },
                              uniquingKeysWith: min)
        }
    }

    /// Sets every invoice in the file to `ok` (entered, not yet approved).
    static func unapprove(file: String) throws {
        guard let invoices = try JSONValue(parsing: String(contentsOfFile: file, encoding: .utf8)).arrayValue else {
            throw CommandFailure("bench latency: \(file) is not a JSON array")
        }
        let open = invoices.map { invoice -> JSONValue in
            guard var object = invoice.objectValue else { return invoice }
            object["status"] = "ok"
            return .object(object)
        }
        try JSONValue.array(open).serialized().write(toFile: file, atomically: true, encoding: .utf8)
    }

    static func waitFor(_ what: String, seconds: Double, output: String, _ done: () throws -> Bool) async throws {
        let deadline = BenchSupport.now() + seconds
        while BenchSupport.now() < deadline {
            if (try? done()) == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CommandFailure("bench latency: timed out after \(Int(seconds)) s waiting for \(what); see \(output)")
    }

    /// SIGTERM, up to 10 s for serve to finish its cycle, then SIGKILL.
    static func stop(_ pid: pid_t) {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<500 {
            if waitpid(pid, &status, WNOHANG) != 0 { return }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }
}
