import FieldLedgerHTTP

/// PartsManager vendors and items by `_id`, read once per intake that has something to take in:
/// procurement documents reference them by id, and the payload FieldLedger stores carries their
/// codes (vendor `id` = BC vendor number, item `sku` = BC item number) and the item category the
/// GL rules key on, so that processing never reads PartsManager again.
struct PartsManagerDirectory: Sendable {
    struct Vendor: Sendable { var code: String; var name: String? }
    struct Item: Sendable { var sku: String; var name: String?; var category: String? }

    var vendors: [Int: Vendor] = [:]
    var items: [Int: Item] = [:]

    static func load(_ pm: PartsManagerClient) async throws -> PartsManagerDirectory {
        var directory = PartsManagerDirectory()
        for vendor in try await pm.list(.vendors, pageSize: 1_000) {
            guard let id = vendor["_id"]?.intValue, let code = vendor["id"]?.stringValue else { continue }
            directory.vendors[id] = Vendor(code: code, name: vendor["name"]?.stringValue)
        }
        for item in try await pm.list(.items, pageSize: 1_000) {
            guard let id = item["_id"]?.intValue, let sku = item["sku"]?.stringValue else { continue }
            directory.items[id] = Item(sku: sku, name: item["name"]?.stringValue, category: item["category"]?.stringValue)
        }
        return directory
    }
}
