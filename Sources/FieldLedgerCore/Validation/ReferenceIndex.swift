import FieldLedgerHTTP
import GRDB

/// The cached Business Central reference data (`reference_data`) as lookups, loaded once per
/// cycle: validation asks here instead of asking the ERP per record.
public struct ReferenceIndex: Sendable {
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var code: String
        public var name: String?
        public var blocked: Bool
        public var data: JSONObject
    }

    private var byCode: [String: [String: Entry]] = [:]   // entity → code → entry
    private var byID: [String: [String: Entry]] = [:]     // entity → lower-case id → entry
    private var defaults: [String: [Entry]] = [:]         // owner id → its default dimensions

    public init(entries: [(entity: String, entry: Entry)]) {
        for (entity, entry) in entries {
            if entity == "defaultDimensions" {
                if let owner = entry.data["parentId"]?.stringValue?.lowercased() { defaults[owner, default: []].append(entry) }
                continue
            }
            byCode[entity, default: [:]][entry.code] = entry
            byID[entity, default: [:]][entry.id.lowercased()] = entry
        }
    }

    /// The default dimensions of a customer (or item, vendor, employee): dimension code → (dimension id, value code).
    public func defaultDimensions(of ownerID: String) -> [String: (dimensionID: String, valueCode: String)] {
        var out: [String: (String, String)] = [:]
        for entry in defaults[ownerID.lowercased()] ?? [] {
            guard let value = entry.data["dimensionValueCode"]?.stringValue, !value.isEmpty,
                  let dimensionID = entry.data["dimensionId"]?.stringValue else { continue }
            out[entry.code] = (dimensionID, value)
        }
        return out
    }

    public static func load(_ db: Database) throws -> ReferenceIndex {
        let rows = try Row.fetchAll(db, sql: """
            SELECT entity, erp_id, code, name, blocked, data FROM reference_data WHERE erp_system = 'businesscentral'
            """)
        return ReferenceIndex(entries: rows.compactMap { row in
            guard let code: String = row["code"] else { return nil }
            let data = (try? JSONValue(parsing: row["data"] as String))?.objectValue ?? JSONObject()
            return (row["entity"], Entry(id: row["erp_id"], code: code, name: row["name"], blocked: row["blocked"], data: data))
        })
    }

    public func entry(_ entity: String, code: String) -> Entry? { byCode[entity]?[code] }
    public func entry(_ entity: String, id: String) -> Entry? { byID[entity]?[id.lowercased()] }
    public func count(_ entity: String) -> Int { byCode[entity]?.count ?? 0 }

    /// A dimension value by dimension code and value code (values are keyed by their dimension's id).
    public func dimensionValue(dimension: String, value: String) -> Entry? {
        guard let dim = entry("dimensions", code: dimension) else { return nil }
        return byCode["dimensionValues"]?.values.first {
            $0.code == value && $0.data["dimensionId"]?.stringValue?.lowercased() == dim.id.lowercased()
        }
    }

    /// This index with one more entity (one the engine just created, before the next refresh).
    public func adding(_ entry: Entry, to entity: String) -> ReferenceIndex {
        var copy = self
        copy.byCode[entity, default: [:]][entry.code] = entry
        copy.byID[entity, default: [:]][entry.id.lowercased()] = entry
        return copy
    }

    /// Customers by exact display name (the last-resort match).
    public func customers(named name: String) -> [Entry] {
        byCode["customers"]?.values.filter { $0.name == name } ?? []
    }
}
