import FieldLedgerCore
import FieldLedgerHTTP
import FieldLedgerSim
import Foundation

/// `bench sync`: the engine (`fieldledger sync --once`, a child process) posting N generated
/// invoices into the Business Central simulator (another child process), against a floor
/// measured in the same run: the engine's own deep inserts and posts replayed by raw libcurl at
/// the same concurrency on a fresh simulator with the same data (`PostingReplayFloor`). Raw
/// GETs per second are reported too. Requests are counted from the simulator's request log;
/// peak RSS is the engine's VmHWM, sampled while it runs (`BenchSupport.runOffPool`).
struct SyncBenchmark {
    /// What the engine posts: generated ServiceTrade invoices, or generated PartsManager purchase
    /// orders (`ScaledSampleData.writePurchaseOrders`; one deep insert each at least).
    enum Workload: String, CaseIterable, Sendable {
        case invoices
        case purchaseOrders = "purchase-orders"
        case timecards

        var unit: String {
            switch self {
            case .invoices: "invoices"
            case .purchaseOrders: "POs"
            case .timecards: "timecards"
            }
        }
        /// The least Business Central requests one document needs: an invoice's deep insert and
        /// post; a purchase order's deep insert; a time registration entry's create.
        var minimalRequests: Double { self == .invoices ? 2 : 1 }

        func isPostingRequest(_ line: Substring) -> Bool {
            switch self {
            case .invoices: return SyncBenchmark.isPostingRequest(line)
            case .purchaseOrders:
                return line.contains("\"method\":\"POST\"") && SyncBenchmark.isBusinessCentralAPI(line) && line.contains("/purchaseOrders\"")
            case .timecards:
                return line.contains("\"method\":\"POST\"") && SyncBenchmark.isBusinessCentralAPI(line) && line.contains("/timeRegistrationEntries\"")
            }
        }

        /// Posted / failed work items counted for the run (invoices: every flow, as before).
        var flowFilter: String {
            switch self {
            case .invoices: ""
            case .purchaseOrders: " AND flow = 'purchase_order.post'"
            case .timecards: " AND flow = 'timecard.post'"
            }
        }
    }

    var workload: Workload = .invoices
    let executable: String
    let sampleData: String
    let directory: String
    let sizes: [Int]
    let limits: String?
    let floorSeconds: Double
    let progress: (String) -> Void

    struct SizeResult {
        var invoices: Int
        var posted: Int
        var failed: Int
        var seconds: Double
        var bcRequests: Int
        var postingRequests: Int
        var throttled: Int
        var peakRSS: Int
        /// Invoices per second of the posting replay (nil under limits, where it would measure the limiter).
        var floorInvoicesPerSecond: Double?
        var ratioToFloor: Double? { floorInvoicesPerSecond.map { invoicesPerSecond / max($0, 0.001) } }
        var invoicesPerSecond: Double { seconds > 0 ? Double(posted) / seconds : 0 }
        var requestsPerInvoice: Double { posted > 0 ? Double(bcRequests) / Double(posted) : 0 }
        var postingRequestsPerInvoice: Double { posted > 0 ? Double(postingRequests) / Double(posted) : 0 }
        var throttledShare: Double { bcRequests > 0 ? Double(throttled) / Double(bcRequests) : 0 }

        /// Under `bc-real`: the most an engine could post in `seconds` — 6,000 requests per
        /// started 5-minute window at 2 requests an invoice — and the share of it achieved. Only
        /// a run over several windows says anything about the steady-state ceiling (10 invoices/s).
        var realLimitCeiling: Double {
            let windows = max(1, (seconds / 300).rounded(.up))
            return min(Double(invoices), windows * 6000 / 2) / seconds
        }
    }

    struct Result {
        var floorRequestsPerSecond: Double
        var sizes: [SizeResult]
        var limits: String?
        var workload: Workload = .invoices
        /// The least Business Central requests an invoice needs: the deep insert and the post.
        static let minimalRequestsPerInvoice = 2.0
        /// The GET floor: documents per second if one cost `workload.minimalRequests` simple GETs.
        var getFloorInvoicesPerSecond: Double { floorRequestsPerSecond / workload.minimalRequests }

        var json: JSONValue {
            .object([
                "workload": .string(workload.rawValue),
                "limits": limits.map(JSONValue.string) ?? .null,
                "getFloorRequestsPerSecond": .string(String(format: "%.1f", floorRequestsPerSecond)),
                "getFloorInvoicesPerSecond": .string(String(format: "%.1f", getFloorInvoicesPerSecond)),
                "runs": .array(sizes.map { run in
                    .object(["invoices": .int(run.invoices), "posted": .int(run.posted), "failed": .int(run.failed),
                             "seconds": .string(String(format: "%.2f", run.seconds)),
                             "invoicesPerSecond": .string(String(format: "%.1f", run.invoicesPerSecond)),
                             "floorInvoicesPerSecond": run.floorInvoicesPerSecond.map { .string(String(format: "%.1f", $0)) } ?? .null,
                             "ratioToFloor": run.ratioToFloor.map { .string(String(format: "%.2f", $0)) } ?? .null,
                             "ratioToGetFloor": .string(String(format: "%.3f", run.invoicesPerSecond / max(getFloorInvoicesPerSecond, 0.001))),
                             "bcRequestsPerInvoice": .string(String(format: "%.2f", run.requestsPerInvoice)),
                             "postingRequestsPerInvoice": .string(String(format: "%.2f", run.postingRequestsPerInvoice)),
                             "throttled429": .int(run.throttled),
                             "throttledShare": .string(String(format: "%.4f", run.throttledShare)),
                             "realLimitCeilingInvoicesPerSecond": limits == nil ? .null : .string(String(format: "%.2f", run.realLimitCeiling)),
                             "peakRSSBytes": .int(run.peakRSS)])
                }),
            ])
        }

        var text: String {
            let unit = workload.unit
            var lines = ["bench sync --workload \(workload.rawValue) (release build; engine = 'fieldledger sync --once' child process, simulator = 'fieldledger sim' child process\(limits.map { ", limits \($0)" } ?? ""))"]
            if limits == nil, workload == .invoices {
                lines += ["floor: the engine's deep inserts + posts replayed by raw libcurl, 5 concurrent, on a fresh simulator with the same data",
                          String(format: "(for scale: raw libcurl GETs %.0f/s at 5 concurrent → %.0f invoices/s if a posting cost 2 GETs)",
                                 floorRequestsPerSecond, getFloorInvoicesPerSecond)]
            } else if limits == nil {
                lines.append(String(format: "floor: raw libcurl GETs %.0f/s at 5 concurrent → %.0f ", floorRequestsPerSecond, getFloorInvoicesPerSecond)
                             + unit + String(format: "/s at %.0f request(s) each (no replay floor for this workload yet)", workload.minimalRequests))
            }
            lines.append(unit.padding(toLength: max(8, unit.count), withPad: " ", startingAt: 0) + "  posted  failed   seconds  "
                         + (unit + "/s").padding(toLength: max(10, unit.count + 2), withPad: " ", startingAt: 0)
                         + "  floor /s  ratio  BC req/doc  posting req/doc  429s  peak RSS")
            for run in sizes {
                let floor = run.floorInvoicesPerSecond.map { String(format: "%.1f", $0) } ?? "-"
                let ratio = run.ratioToFloor.map { String(format: "%.2f", $0) } ?? "-"
                lines.append(String(format: "%8d  %6d  %6d  %8.2f  %10.1f  ", run.invoices, run.posted, run.failed, run.seconds, run.invoicesPerSecond)
                    + String(repeating: " ", count: max(0, 8 - floor.count)) + floor + "  "
                    + String(repeating: " ", count: max(0, 5 - ratio.count)) + ratio
                    + String(format: "  %10.2f  %15.2f  %4d  %5.1f MiB", run.requestsPerInvoice, run.postingRequestsPerInvoice,
                             run.throttled, Double(run.peakRSS) / 1_048_576))
            }
            if limits != nil {
                for run in sizes {
                    lines.append(String(format: "bc-real, %d invoices: %.2f invoices/s = %.0f%% of the %.2f/s the limits allow in %.0f s (6,000 requests per 5-minute window, 2 per invoice); 429s %.2f%% of requests",
                                        run.invoices, run.invoicesPerSecond, 100 * run.invoicesPerSecond / max(run.realLimitCeiling, 0.001),
                                        run.realLimitCeiling, run.seconds, 100 * run.throttledShare))
                }
            }
            return lines.joined(separator: "\n")
        }
    }

    func run() async throws -> Result {
        var floor = 0.0
        var runs: [SizeResult] = []
        for size in sizes {
            let folder = directory + "/n\(size)"
            try BenchSupport.freshFolder(folder)
            progress("generating \(size) \(workload.unit)…")
            switch workload {
            case .invoices:
                try ScaledSampleData(sampleData: sampleData).write(to: folder + "/data", generated: size, keepSampleInvoices: false)
            case .purchaseOrders:
                try ScaledSampleData(sampleData: sampleData).writePurchaseOrders(to: folder + "/data", generated: size)
            case .timecards:
                try ScaledSampleData(sampleData: sampleData).writeTimecards(to: folder + "/data", generated: size)
            }
            let sim = try BenchSimulator.start(executable: executable, data: folder + "/data", folder: folder, limits: limits)
            defer { sim.stop() }
            if limits == nil {
                // P1 measures the engine against a simulator without limits: lift the client's own
                // 6,000-per-5-minutes ceiling too (the 5 requests in flight stay).
                let text = try String(contentsOfFile: sim.configPath, encoding: .utf8)
                    .replacingOccurrences(of: "[business_central]\n", with: "[business_central]\nrequests_per_5_minutes = 0\n")
                try text.write(toFile: sim.configPath, atomically: true, encoding: .utf8)
            }
            let config = try FieldLedgerConfig.load(path: sim.configPath, credentials: .load)
            try PostingRuleSeed.load(directory: folder + "/data/rules", into: try Store.open(path: config.store.path),
                                     by: ActingUser(name: "bench"))
            if floor == 0, limits == nil {
                progress("measuring the floor (raw libcurl GETs) for \(Int(floorSeconds)) s…")
                floor = try await measureFloor(config: config)
            }
            let before = try sim.requestLogLines()
            progress("engine: sync --once over \(size) \(workload.unit)…")
            let child = try await BenchSupport.runOffPool(executable, ["sync", "--once", "--config", sim.configPath])
            guard child.status == 0 else {
                throw CommandFailure("bench sync: 'fieldledger sync --once' exited \(child.status); see \(folder)/fieldledger.log")
            }
            let requests = try sim.requestLogLines().dropFirst(before.count)
            let counts = try Store.open(path: config.store.path).read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM work_items WHERE state = 'posted'" + workload.flowFilter) ?? 0,
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM work_items WHERE state = 'failed'" + workload.flowFilter) ?? 0)
            }
            sim.stop()
            var replay: Double?
            if limits == nil, workload == .invoices {
                progress("floor: replaying the engine's postings on a fresh simulator…")
                replay = try await measurePostingFloor(bodies: PostingReplayFloor.bodies(fromRequestLog: requests), data: folder + "/data",
                                                       folder: folder + "/floor")
            } else if limits == nil {
                replay = floor / workload.minimalRequests
            }
            runs.append(SizeResult(invoices: size, posted: counts.0, failed: counts.1, seconds: child.seconds,
                                   bcRequests: requests.filter(Self.isBusinessCentralAPI).count,
                                   postingRequests: requests.filter(workload.isPostingRequest).count,
                                   throttled: requests.filter { $0.contains("\"status\":429") }.count,
                                   peakRSS: child.peakRSS, floorInvoicesPerSecond: replay))
        }
        return Result(floorRequestsPerSecond: floor, sizes: runs, limits: limits, workload: workload)
    }

    static func isBusinessCentralAPI(_ line: Substring) -> Bool { line.contains("\"path\":\"/bc/v2.0/") }

    /// The deep insert and the post of a sales invoice: the requests an invoice cannot do without.
    static func isPostingRequest(_ line: Substring) -> Bool {
        guard line.contains("\"method\":\"POST\""), isBusinessCentralAPI(line) else { return false }
        return line.contains("/salesInvoices\"") || line.contains("/Microsoft.NAV.post\"")
    }

    /// `PostingReplayFloor` on its own simulator, started on the same data.
    private func measurePostingFloor(bodies: [JSONValue], data: String, folder: String) async throws -> Double {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let sim = try BenchSimulator.start(executable: executable, data: data, folder: folder, limits: nil)
        defer { sim.stop() }
        let config = try FieldLedgerConfig.load(path: sim.configPath, credentials: .load)
        return try await PostingReplayFloor(bodies: bodies).invoicesPerSecond(config: config)
    }

    /// Raw libcurl GETs at the engine's concurrency (5) for `floorSeconds`, no limiter, no retry.
    private func measureFloor(config: FieldLedgerConfig) async throws -> Double {
        let http = HTTPClient(configuration: .init(maxConcurrentRequests: 5))
        defer { http.shutdown() }
        guard let bc = try config.businessCentralClient(http: http) else {
            throw CommandFailure("bench sync: the simulator's configuration has no [business_central] section")
        }
        let url = try await bc.companyURL("customers?$top=1")
        let headers: HTTPHeaders = ["Authorization": try await bc.authorizationHeader(), "Accept": "application/json"]
        let deadline = BenchSupport.now() + floorSeconds
        let start = BenchSupport.now()
        let done = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    var count = 0
                    while BenchSupport.now() < deadline {
                        let response = try await http.send(HTTPRequest(method: .get, url: url, headers: headers))
                        guard response.status == 200 else {
                            throw CommandFailure("bench sync: the floor's GET answered \(response.status)")
                        }
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        return Double(done) / (BenchSupport.now() - start)
    }
}
