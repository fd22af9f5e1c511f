import GRDB

/// Finds a record by any reference a person might have: a ServiceTrade invoice number or id, an
/// ERP document number or id, or a work item id. Every probe is an indexed equality lookup.
public enum TraceLookup {
    public enum Result: Sendable, Equatable {
        case found(TraceReport)
        /// Several different records carry this reference: the caller should ask for a prefixed one.
        case ambiguous([String])
        case unknown
    }

    /// Resolves `reference`. Prefixes force one kind: `wi:42` (work item id), `st:` / `pm:` /
    /// `servicetrade:` / `partsmanager:` (source number or id), `bc:` / `erp:` (ERP number or id).
    public static func find(_ reference: String, in db: Database) throws -> Result {
        let ref = reference.trimmingCharacters(in: .whitespaces)
        guard !ref.isEmpty else { return .unknown }
        let (scope, value) = split(ref)
        var records: [RecordKey] = []
        func add(_ keys: [RecordKey]) { for k in keys where !records.contains(k) { records.append(k) } }

        switch scope {
        case .workItem:
            if let id = Int64(value) { add(try recordsOfWorkItem(id: id, db)) }
        case .source(let system):
            add(try sourceMatches(value, system: system, db))
        case .erp:
            add(try erpMatches(value, db))
        case .any:
            add(try sourceMatches(value, system: nil, db))
            add(try erpMatches(value, db))
            // A bare number that names nothing else is a work item id.
            if records.isEmpty, let id = Int64(value) { add(try recordsOfWorkItem(id: id, db)) }
        }
        switch records.count {
        case 0: return .unknown
        case 1: return .found(try report(for: records[0], db))
        default: return .ambiguous(records.map(\.subject))
        }
    }

    /// The full report for one source record.
    static func report(for key: RecordKey, _ db: Database) throws -> TraceReport {
        let items = try WorkItem.fetchAll(db, sql: """
            SELECT * FROM work_items WHERE source_system = ? AND source_id = ? AND source_entity = ? ORDER BY id
            """, arguments: [key.system, key.id, key.entity])
        let links = try Link.fetchAll(db, sql: """
            SELECT * FROM links WHERE source_system = ? AND source_entity = ? AND source_id = ? ORDER BY id
            """, arguments: [key.system, key.entity, key.id])
        // Events of each work item plus events about the record itself, merged in chain order.
        var events: [AuditEvent] = []
        for item in items { if let id = item.id { events += try AuditLog.events(forWorkItem: id, in: db) } }
        events += try AuditLog.events(forSubject: key.subject, in: db).filter { $0.workItemId == nil }
        events.sort { $0.seq < $1.seq }
        var report = TraceReport(subject: key.subject, workItems: items, links: links, events: events)
        report.ruleLines = try TraceReport.ruleLines(events: events, db)
        return report
    }

    struct RecordKey: Equatable {
        var system: String
        var entity: String
        var id: String
        var subject: String { "\(system):\(entity):\(id)" }
    }

    private enum Scope { case any, workItem, source(String?), erp }

    private static func split(_ ref: String) -> (Scope, String) {
        guard let colon = ref.firstIndex(of: ":") else { return (.any, ref) }
        let prefix = ref[..<colon].lowercased()
        let rest = String(ref[ref.index(after: colon)...])
        switch prefix {
        case "wi", "workitem": return (.workItem, rest)
        case "st", "servicetrade": return (.source("servicetrade"), rest)
        case "pm", "partsmanager": return (.source("partsmanager"), rest)
        case "src", "source": return (.source(nil), rest)
        case "bc", "erp", "businesscentral": return (.erp, rest)
        default: return (.any, ref)
        }
    }

    private static func recordsOfWorkItem(id: Int64, _ db: Database) throws -> [RecordKey] {
        try Row.fetchAll(db, sql: "SELECT source_system, source_entity, source_id FROM work_items WHERE id = ?",
                         arguments: [id]).map { RecordKey(system: $0[0], entity: $0[1], id: $0[2]) }
    }

    private static func sourceMatches(_ value: String, system: String?, _ db: Database) throws -> [RecordKey] {
        var rows = try Row.fetchAll(db, sql: """
            SELECT DISTINCT source_system, source_entity, source_id FROM work_items WHERE source_ref = ?
            UNION SELECT DISTINCT source_system, source_entity, source_id FROM work_items WHERE source_id = ?
            """, arguments: [value, value])
        if let system { rows = rows.filter { $0[0] == system } }
        return rows.map { RecordKey(system: $0[0], entity: $0[1], id: $0[2]) }
    }

    private static func erpMatches(_ value: String, _ db: Database) throws -> [RecordKey] {
        try Row.fetchAll(db, sql: """
            SELECT DISTINCT source_system, source_entity, source_id FROM links WHERE erp_number = ?
            UNION SELECT DISTINCT source_system, source_entity, source_id FROM links WHERE erp_id = ?
            """, arguments: [value, value.lowercased()]).map { RecordKey(system: $0[0], entity: $0[1], id: $0[2]) }
    }
}
