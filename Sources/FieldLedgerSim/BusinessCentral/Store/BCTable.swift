import FieldLedgerHTTP

/// The rows of one entity set, in insertion order (the order BC lists them without `$orderby`),
/// each with the version its `@odata.etag` is made from.
struct BCTable: Sendable {
    private(set) var order: [String] = []
    private(set) var rows: [String: JSONObject] = [:]
    private(set) var versions: [String: Int] = [:]

    var count: Int { order.count }
    var all: [JSONObject] { order.compactMap { rows[$0] } }

    subscript(key: String) -> JSONObject? { rows[key] }
    func version(_ key: String) -> Int { versions[key] ?? 0 }

    /// Inserts or replaces (keeping the position) and stamps a new version.
    mutating func put(_ key: String, _ row: JSONObject, version: Int) {
        if rows[key] == nil { order.append(key) }
        rows[key] = row
        versions[key] = version
    }

    mutating func remove(_ key: String) {
        guard rows.removeValue(forKey: key) != nil else { return }
        versions.removeValue(forKey: key)
        order.removeAll { $0 == key }
    }
}
