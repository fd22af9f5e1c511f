import FieldLedgerHTTP

/// The rows of one entity set, in insertion order (the order BC lists them without `$orderby`),
/// each with the version its `@odata.etag` is made from.
struct BCTable: Sendable {
    private(set) var order: [String] = []
    private(set) var rows: [String: JSONObject] = [:]
    private(set) var versions: [String: Int] = [:]
    /// Lookup by `number` / `code` and by the parent references of lines (field → value → keys in
    /// insertion order), so number series, reference resolution and a document's lines do not
    /// scan the table.
    private var index: [String: [String: [String]]] = [:]
    static let indexedFields = ["number", "code", "documentId", "parentId"]

    var count: Int { order.count }
    var all: [JSONObject] { order.compactMap { rows[$0] } }

    subscript(key: String) -> JSONObject? { rows[key] }
    func version(_ key: String) -> Int { versions[key] ?? 0 }

    /// Inserts or replaces (keeping the position) and stamps a new version.
    mutating func put(_ key: String, _ row: JSONObject, version: Int) {
        if let old = rows[key] { unindex(key, old) } else { order.append(key) }
        rows[key] = row
        versions[key] = version
        reindex(key, row)
    }

    /// The first row (in insertion order) whose indexed `field` equals `value`.
    func first(indexed field: String, _ value: String) -> JSONObject? {
        index[field]?[value]?.first.flatMap { rows[$0] }
    }

    /// The rows (in insertion order) whose indexed `field` equals `value`.
    func rows(indexed field: String, _ value: String) -> [JSONObject] {
        index[field]?[value]?.compactMap { rows[$0] } ?? []
    }

    private mutating func reindex(_ key: String, _ row: JSONObject) {
        for field in Self.indexedFields {
            guard let value = row[field]?.stringValue else { continue }
            index[field, default: [:]][value, default: []].append(key)
        }
    }

    private mutating func unindex(_ key: String, _ row: JSONObject) {
        for field in Self.indexedFields {
            guard let value = row[field]?.stringValue else { continue }
            index[field]?[value]?.removeAll { $0 == key }
            if index[field]?[value]?.isEmpty == true { index[field]?[value] = nil }
        }
    }

    /// Puts a row back as it was (rollback), at its old position when it had been removed.
    mutating func restore(_ key: String, _ row: JSONObject, version: Int, position: Int?) {
        if let old = rows[key] {
            unindex(key, old)
        } else if let position, position <= order.count {
            order.insert(key, at: position)
        } else {
            order.append(key)
        }
        rows[key] = row
        versions[key] = version
        reindex(key, row)
    }

    /// The first row in order that matches, without materialising the table.
    func first(where predicate: (JSONObject) -> Bool) -> JSONObject? {
        for key in order {
            if let row = rows[key], predicate(row) { return row }
        }
        return nil
    }

    mutating func remove(_ key: String) {
        guard let old = rows.removeValue(forKey: key) else { return }
        unindex(key, old)
        versions.removeValue(forKey: key)
        order.removeAll { $0 == key }
    }
}
