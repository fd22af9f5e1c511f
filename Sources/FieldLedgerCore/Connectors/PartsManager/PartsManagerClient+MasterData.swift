import FieldLedgerHTTP

/// Vendors and items are written from Business Central (their system of record) into
/// PartsManager: create with `POST`, change with a partial `PUT`. Member names are PartsManager's
/// (`id` is the vendor code, `sku` the item number that equals BC's item `number`).
extension PartsManagerClient {
    /// Vendors, optionally only those changed after `updatedAfter` (ISO 8601, see ``timestamp(_:)``).
    public func vendors(updatedAfter: String? = nil) async throws -> [JSONObject] {
        try await list(.vendors, filters: updatedAfter.map { [("updatedAfter", $0)] } ?? [])
    }

    /// The vendor whose code (`id`) is `code`, or nil. PartsManager has no code filter: the
    /// `externalId` filter is the only exact one, so this reads the vendor list.
    public func vendor(code: String) async throws -> JSONObject? {
        try await vendors().first { $0["id"]?.stringValue == code }
    }

    public func createVendor(_ body: JSONObject) async throws -> JSONObject { try await create(.vendors, body) }
    public func updateVendor(id: Int, _ body: JSONObject) async throws -> JSONObject { try await update(.vendors, id: id, body) }

    /// Items, optionally only those changed after `updatedAfter`.
    public func items(updatedAfter: String? = nil) async throws -> [JSONObject] {
        try await list(.items, filters: updatedAfter.map { [("updatedAfter", $0)] } ?? [])
    }

    /// The item whose `sku` is `sku` (unique in PartsManager), or nil.
    public func item(sku: String) async throws -> JSONObject? {
        try await list(.items, filters: [("sku", sku)]).first
    }

    public func createItem(_ body: JSONObject) async throws -> JSONObject { try await create(.items, body) }
    public func updateItem(id: Int, _ body: JSONObject) async throws -> JSONObject { try await update(.items, id: id, body) }
}
