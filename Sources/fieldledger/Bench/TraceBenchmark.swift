import FieldLedgerCore
import FieldLedgerHTTP
import Foundation
import GRDB

/// `fieldledger bench trace`: the foundation's two performance figures, each against a floor
/// measured in the same run on the same machine.
struct TraceBenchmark {
    let directory: String
    let sqlite3: String
    let executable: String
    let events: Int
    let lookups: Int
    let appendEvents: Int
    let progress: (String) -> Void

    static let eventsPerRecord = 10

    struct Result {
        var records: Int
        var events: Int
        var buildSeconds: Double
        var storeBytes: Int
        /// Per kind of reference: (kind, p50, p99) of whole `fieldledger trace` processes.
        var trace: [(kind: String, p50: Double, p99: Double)]
        var sqlite: (p50: Double, p99: Double)
        var appendPerSecond: Double
        var sqliteInsertPerSecond: Double

        var traceP99: Double { trace.map(\.p99).max() ?? 0 }
        var ratioP99: Double { sqlite.p99 > 0 ? traceP99 / sqlite.p99 : 0 }
        var appendRatio: Double { sqliteInsertPerSecond > 0 ? appendPerSecond / sqliteInsertPerSecond : 0 }
    }

    func run() throws -> Result {
        let records = max(1, events / Self.eventsPerRecord)
        let storePath = directory + "/trace.sqlite"
        progress("building a store with \(records * Self.eventsPerRecord) audit events over \(records) records…")
        let start = BenchSupport.now()
        try build(path: storePath, records: records)
        let buildSeconds = BenchSupport.now() - start
        let size = (try? FileManager.default.attributesOfItem(atPath: storePath)[.size] as? Int) ?? 0

        // The same records every run: a stride through the store with a step coprime to most sizes.
        var pick = 0
        var trace: [(String, Double, Double)] = []
        var sqliteSamples: [Double] = []
        for kind in ReferenceKind.allCases {
            progress("timing \(lookups) 'fieldledger trace' processes by \(kind.rawValue)…")
            var samples: [Double] = []
            for _ in 0..<lookups {
                pick += 1
                var r = (pick * 7_919) % records
                // Only posted records (9 in 10) have an ERP document to look up by.
                if kind.needsERPDocument, r % 10 == 9 { r = r == records - 1 ? r - 1 : r + 1 }
                let (seconds, status) = try BenchSupport.run(executable, ["trace", kind.reference(r), "--store", storePath, "--json"])
                guard status == 0 || status == 1 else {
                    throw CommandFailure("bench trace: 'fieldledger trace \(kind.reference(r))' exited \(status); the benchmark store is wrong")
                }
                samples.append(seconds)
                let floor = try BenchSupport.run(sqlite3, ["-readonly", storePath, kind.sqliteQuery(r)])
                sqliteSamples.append(floor.seconds)
            }
            trace.append((kind.rawValue, BenchSupport.percentile(samples, 50), BenchSupport.percentile(samples, 99)))
        }

        progress("appending \(appendEvents) audit events with the hash chain, then the same rows with the sqlite3 CLI…")
        let (appendRate, insertRate) = try compareAppends()
        return Result(records: records, events: records * Self.eventsPerRecord, buildSeconds: buildSeconds, storeBytes: size,
                      trace: trace, sqlite: (BenchSupport.percentile(sqliteSamples, 50), BenchSupport.percentile(sqliteSamples, 99)),
                      appendPerSecond: appendRate, sqliteInsertPerSecond: insertRate)
    }

    // MARK: - Building the store

    /// Each record: one invoice work item, ten audit events, and (for 9 in 10) an ERP link.
    /// `bench tui` builds its store with this too.
    func build(path: String, records: Int) throws {
        try? FileManager.default.removeItem(atPath: path)
        let store = try Store.open(path: path)
        let batch = 1_000
        var first = 0
        while first < records {
            let last = min(records, first + batch)
            try store.write { db in
                for r in first..<last { try insertRecord(r, db) }
            }
            first = last
        }
        try store.checkpoint()
    }

    private func insertRecord(_ r: Int, _ db: Database) throws {
        let posted = r % 10 != 9
        var item = WorkItem(flow: "invoice.post", sourceSystem: "servicetrade", sourceEntity: "invoice",
                            sourceId: ReferenceKind.stID(r), sourceRef: ReferenceKind.stNumber(r),
                            sourceVersion: "1", naturalKey: ReferenceKind.stNumber(r),
                            state: posted ? .posted : .failed)
        if !posted {
            item.errorCode = "UNMAPPED_GL_ACCOUNT"
            item.errorObject = "service line 'Backflow Testing' / labour"
            item.errorMessage = "No GL rule for service line 'Backflow Testing', item type labour."
            item.errorRemedy = "Add one under Mappings › GL accounts."
        }
        try item.insert(db)
        let id = item.id!
        let subject = item.subject
        let actions = ["work_item.created", "work_item.state", "work_item.state", "erp.request", "erp.response",
                       "work_item.state", "erp.request", "erp.response", "link.created", "servicetrade.status"]
        var batch: [NewAuditEvent] = []
        for (n, action) in actions.enumerated() {
            batch.append(NewAuditEvent(actor: .engine, action: action, subject: subject, workItemId: id,
                                       details: ["step": .int(n), "ref": .string(ReferenceKind.stNumber(r))]))
        }
        try AuditLog.append(batch, in: db)
        if posted {
            var link = Link(erpSystem: "businesscentral", kind: "salesInvoice", sourceSystem: "servicetrade", sourceEntity: "invoice",
                            sourceId: ReferenceKind.stID(r), sourceRef: ReferenceKind.stNumber(r),
                            erpId: ReferenceKind.erpID(r), erpNumber: ReferenceKind.erpNumber(r), workItemId: id)
            try link.insert(db)
        }
    }

    // MARK: - Appends against sqlite3 inserts

    private func compareAppends() throws -> (Double, Double) {
        let oursPath = directory + "/append.sqlite"
        let floorPath = directory + "/append-floor.sqlite"
        for p in [oursPath, floorPath] { try? FileManager.default.removeItem(atPath: p) }
        let ours = try Store.open(path: oursPath)
        let batch = 1_000
        let start = BenchSupport.now()
        var done = 0
        while done < appendEvents {
            let n = min(batch, appendEvents - done)
            try ours.write { db in
                try AuditLog.append((0..<n).map { i in
                    NewAuditEvent(actor: .engine, action: "work_item.state", subject: "servicetrade:invoice:\(done + i)",
                                  workItemId: Int64(done + i + 1), details: ["from": "ready", "to": "posting"])
                }, in: db)
            }
            done += n
        }
        let oursSeconds = BenchSupport.now() - start

        // The floor: the same rows, same schema and batch size, inserted by the sqlite3 CLI.
        _ = try Store.open(path: floorPath)
        let sqlPath = directory + "/append-floor.sql"
        FileManager.default.createFile(atPath: sqlPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: sqlPath))
        try ours.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT at, actor, action, subject, work_item_id, details, prev_hash, hash FROM audit_events ORDER BY seq")
            var text = "BEGIN;\n"
            var n = 0
            while let row = try rows.next() {
                let values = (0..<8).map { i -> String in
                    if let s = row[i] as String? { return "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
                    return "NULL"
                }
                text += "INSERT INTO audit_events (at, actor, action, subject, work_item_id, details, prev_hash, hash) VALUES (\(values.joined(separator: ",")));\n"
                n += 1
                if n % batch == 0 {
                    text += "COMMIT;\nBEGIN;\n"
                    out.write(Data(text.utf8))
                    text = ""
                }
            }
            text += "COMMIT;\n"
            out.write(Data(text.utf8))
        }
        try out.close()
        let floor = try BenchSupport.run(sqlite3, [floorPath], input: URL(fileURLWithPath: sqlPath))
        guard floor.status == 0 else { throw CommandFailure("bench trace: the sqlite3 CLI failed to insert the floor rows (exit \(floor.status))") }
        return (Double(appendEvents) / oursSeconds, Double(appendEvents) / floor.seconds)
    }
}

/// The kinds of reference `trace` accepts, with how the benchmark names record `r` in each and
/// the equivalent indexed query for the sqlite3 CLI.
enum ReferenceKind: String, CaseIterable {
    case stInvoiceNumber = "ServiceTrade invoice number"
    case stInvoiceID = "ServiceTrade invoice id"
    case erpNumber = "ERP document number"
    case erpID = "ERP document id"
    case workItemID = "work item id"

    static func stNumber(_ r: Int) -> String { "INV-\(String(format: "%07d", r + 1))" }
    static func stID(_ r: Int) -> String { String(700_000 + r) }
    static func erpNumber(_ r: Int) -> String { "PS-INV\(String(format: "%07d", r + 1))" }
    static func erpID(_ r: Int) -> String { String(format: "%08x-0000-4000-8000-%012x", r, r) }

    var needsERPDocument: Bool { self == .erpNumber || self == .erpID }

    func reference(_ r: Int) -> String {
        switch self {
        case .stInvoiceNumber: ReferenceKind.stNumber(r)
        case .stInvoiceID: "st:" + ReferenceKind.stID(r)
        case .erpNumber: ReferenceKind.erpNumber(r)
        case .erpID: ReferenceKind.erpID(r)
        case .workItemID: "wi:\(r + 1)"
        }
    }

    /// The same answer trace gives: the work item, its links and its audit events, by index.
    func sqliteQuery(_ r: Int) -> String {
        let item: String = switch self {
        case .stInvoiceNumber: "SELECT id FROM work_items WHERE source_ref = '\(ReferenceKind.stNumber(r))'"
        case .stInvoiceID: "SELECT id FROM work_items WHERE source_id = '\(ReferenceKind.stID(r))'"
        case .erpNumber: "SELECT work_item_id FROM links WHERE erp_number = '\(ReferenceKind.erpNumber(r))'"
        case .erpID: "SELECT work_item_id FROM links WHERE erp_id = '\(ReferenceKind.erpID(r))'"
        case .workItemID: "SELECT \(r + 1)"
        }
        return """
            SELECT * FROM work_items WHERE id IN (\(item));
            SELECT * FROM links WHERE work_item_id IN (\(item));
            SELECT * FROM audit_events WHERE work_item_id IN (\(item)) ORDER BY seq;
            """
    }
}

extension TraceBenchmark.Result {
    var json: JSONValue {
        .object([
            "records": .int(records), "events": .int(events), "buildSeconds": .string(String(format: "%.1f", buildSeconds)),
            "storeBytes": .int(storeBytes),
            "trace": .array(trace.map { .object(["kind": .string($0.kind), "p50Ms": .string(String(format: "%.2f", $0.p50 * 1000)),
                                                  "p99Ms": .string(String(format: "%.2f", $0.p99 * 1000))]) }),
            "sqlite3": .object(["p50Ms": .string(String(format: "%.2f", sqlite.p50 * 1000)), "p99Ms": .string(String(format: "%.2f", sqlite.p99 * 1000))]),
            "traceP99Ms": .string(String(format: "%.2f", traceP99 * 1000)),
            "ratioP99VsSqlite3": .string(String(format: "%.2f", ratioP99)),
            "appendPerSecond": .int(Int(appendPerSecond)), "sqlite3InsertPerSecond": .int(Int(sqliteInsertPerSecond)),
            "appendRatio": .string(String(format: "%.2f", appendRatio)),
        ])
    }

    var text: String {
        var lines = ["store: \(events) audit events over \(records) records, \(storeBytes / 1_048_576) MiB, built in \(String(format: "%.1f", buildSeconds)) s",
                     "whole 'fieldledger trace' process, by reference kind:"]
        for t in trace { lines.append("  \(Output.cell(t.kind, 28))  p50 \(BenchSupport.ms(t.p50))  p99 \(BenchSupport.ms(t.p99))") }
        lines.append("  \(Output.cell("sqlite3 CLI, same queries", 28))  p50 \(BenchSupport.ms(sqlite.p50))  p99 \(BenchSupport.ms(sqlite.p99))")
        lines.append("  trace p99 \(BenchSupport.ms(traceP99)) = \(String(format: "%.2f", ratioP99))× sqlite3 (target < 50 ms and ≤ 3×)")
        lines.append("audit append with hash chain: \(Int(appendPerSecond)) events/s; sqlite3 CLI inserting the same rows: \(Int(sqliteInsertPerSecond)) rows/s; ratio \(String(format: "%.2f", appendRatio)) (target ≥ 0.5)")
        return lines.joined(separator: "\n")
    }
}
