import FieldLedgerCore
import FieldLedgerHTTP
import Foundation
import GRDB
import Testing

/// The engine process killed with SIGKILL at random moments (ARCHITECTURE §2.4: a crash between
/// any two steps is resolved by the natural key), then restarted: every valid invoice is in
/// Business Central exactly once, counted through its API, and every planted problem failed.
@Suite("Engine: SIGKILL at random moments, then restart")
struct EngineCrashTests {
    static let sampleData = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sample-data").path

    @Test("three kills mid-cycle, then cycles to the end: 167 posted exactly once, planted problems failed, timecards and procurement once, audit intact")
    func killedThreeTimes() async throws {
        let folder = TemporaryFolder()
        let sim = try SimulatorProcess.start(data: Self.sampleData, folder: folder.path)
        defer { sim.stop() }
        let config = try FieldLedgerConfig.load(path: sim.configPath, credentials: .load)
        try PostingRuleSeed.load(directory: Self.sampleData + "/rules", into: try Store.open(path: config.store.path),
                                 by: ActingUser(name: "finance-test"))

        var random = SystemRandomNumberGenerator()
        var killedMidRun = 0
        for _ in 0..<3 {
            let engine = try SimulatorProcess.launch(["sync", "--once", "--config", sim.configPath], log: folder.file("engine.out"))
            usleep(UInt32.random(in: 700_000...3_500_000, using: &random))
            // Only a running engine is killed: the pid of one that already exited may be reused.
            if engine.isRunning {
                killedMidRun += 1
                kill(engine.processIdentifier, SIGKILL)
            }
            engine.waitUntilExit()
        }
        #expect(killedMidRun >= 1, "at least one kill landed while the engine was working")

        let store = try Store.open(path: config.store.path)
        var open = Int.max
        for _ in 0..<5 where open > 0 {
            let run = try BinaryRunner.run(["sync", "--once", "--config", sim.configPath], timeout: 240)
            #expect(run.status == 0, "sync --once after the kills: \(run.stderr)")
            open = try store.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM work_items WHERE state IN ('received','ready','posting','retry_wait')") ?? 0
            }
        }
        #expect(open == 0)

        let http = HTTPClient()
        defer { http.shutdown() }
        let bc = try #require(try config.businessCentralClient(http: http))
        let documents = try await bc.list("salesInvoices", query: ODataQuery(select: ["externalDocumentNumber"]))
        var counts: [String: Int] = [:]
        for document in documents { counts[document["externalDocumentNumber"]?.stringValue ?? "", default: 0] += 1 }
        #expect(counts.count == 167)
        #expect(counts.filter { $0.value > 1 }.isEmpty, "duplicates: \(counts.filter { $0.value > 1 })")
        let (posted, failed) = try store.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM work_items WHERE flow = 'invoice.post' AND state = 'posted'") ?? 0,
             try Row.fetchAll(db, sql: "SELECT source_ref, error_code FROM work_items WHERE flow = 'invoice.post' AND state IN ('failed', 'blocked')")
                .reduce(into: [String: String]()) { $0[$1["source_ref"]] = $1["error_code"] })
        }
        #expect(posted == 167)
        #expect(failed == ["INV-26012": "INVALID_TAX_CODE", "INV-26045": "TOTAL_MISMATCH", "INV-26058": "EMPTY_INVOICE",
                           "INV-26077": "UNMAPPED_GL_ACCOUNT", "INV-26143": "UNMAPPED_GL_ACCOUNT", "INV-26150": "MISSING_CUSTOMER"])
        // Timecards went through the same kills: 22 entries (sample data), none twice.
        var entries: [String: Int] = [:]
        for employee in try await bc.list("employees", query: ODataQuery(select: ["id"])) {
            let id = employee["id"]?.stringValue ?? ""
            for entry in try await bc.list("employees(\(id))/timeRegistrationEntries") {
                let key = ["employeeNumber", "jobNumber", "date", "jobTaskNumber"].map { entry[$0]?.stringValue ?? "" }.joined(separator: "|")
                entries[key, default: 0] += 1
            }
        }
        #expect(entries.count == 22)
        #expect(entries.filter { $0.value > 1 }.isEmpty, "duplicate time entries: \(entries.filter { $0.value > 1 })")
        // PartsManager procurement went through the same kills: PO-1002…PO-1004 once each (PO-1005 is
        // planted problem 9), receipt 1's quantities received once, both stock adjustments once.
        var orders: [String: Int] = [:]
        var received: [String: Decimal] = [:]
        for order in try await bc.list("purchaseOrders", query: ODataQuery(expand: ["purchaseOrderLines"])) {
            let marks = (order["purchaseOrderLines"]?.arrayValue ?? []).compactMap { line -> String? in
                guard let mark = line["description2"]?.stringValue, mark.hasPrefix("PM ") else { return nil }
                received[mark] = line["receivedQuantity"]?.decimalValue
                return String(mark.dropFirst(3).prefix { $0 != " " })
            }
            if let number = marks.first { orders[number, default: 0] += 1 }
        }
        #expect(orders == ["PO-1002": 1, "PO-1003": 1, "PO-1004": 1], "purchase orders in BC: \(orders)")
        #expect(received["PM PO-1003 line 6"] == 4 && received["PM PO-1003 line 7"] == 20 && received["PM PO-1004 line 9"] == 100,
                "received: \(received)")
        let inventory = { (number: String) async throws -> Decimal? in
            try await bc.list("items", query: ODataQuery(filter: ODataQuery.equals("number", number))).first?["inventory"]?.decimalValue
        }
        let (refrigerant, batteries, tees) = (try await inventory("HV-R410"), try await inventory("FA-BAT7"), try await inventory("FIT-100T"))
        #expect(refrigerant == 6 && batteries == -3 && tees == 5, "inventory: \(String(describing: refrigerant)), \(String(describing: batteries)), \(String(describing: tees))")
        #expect(try store.read { db in
            try String.fetchOne(db, sql: "SELECT error_code FROM work_items WHERE flow = 'purchase_order.post' AND source_ref = 'PO-1005'")
        } == "UNMAPPED_ITEM_CATEGORY")
        #expect(try store.read { db in try AuditVerifier.verify(db) }.isIntact)
    }
}

/// `fieldledger sim` (and other long-running commands) as child processes of a test.
struct SimulatorProcess {
    let process: Process
    let configPath: String

    /// Starts the simulators on a free port and waits (at most 30 s) for the configuration they write.
    static func start(data: String, folder: String) throws -> SimulatorProcess {
        let configPath = folder + "/fieldledger.toml"
        let credentials = folder + "/fieldledger.credentials"
        let process = try launch(["sim", "--port", "0", "--data", data, "--write-config", configPath], log: folder + "/sim.out")
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, process.isRunning {
            if let size = (try? FileManager.default.attributesOfItem(atPath: credentials))?[.size] as? Int, size > 0 {
                return SimulatorProcess(process: process, configPath: configPath)
            }
            usleep(50_000)
        }
        process.terminate()
        throw SimulatorProcessError(message: "fieldledger sim did not start: " + ((try? String(contentsOfFile: folder + "/sim.out", encoding: .utf8)) ?? ""))
    }

    /// Runs the binary in the background with its output in `log`.
    static func launch(_ arguments: [String], log: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BinaryRunner.executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "FIELDLEDGER_CONFIG")
        process.environment = env
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    func stop() {
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

struct SimulatorProcessError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
