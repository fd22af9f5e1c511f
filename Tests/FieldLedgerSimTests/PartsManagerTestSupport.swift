import FieldLedgerHTTP
import Foundation
@testable import FieldLedgerSim

enum PMFixture {
    /// A caller holding a bearer token from the built-in client.
    static func client(_ pm: PartsManagerSimulator) async -> SimCaller {
        let form = "grant_type=client_credentials&client_id=\(PartsManagerTestCredentials.clientId)&client_secret=\(PartsManagerTestCredentials.clientSecret)"
        let token = await SimCaller(api: pm).call("POST", "/pm/api/oauth/token", raw: form)
        return SimCaller(api: pm, headers: [(name: "Authorization", value: "Bearer \(token.json["access_token"]?.stringValue ?? "none")")])
    }

    struct Basics { var vendorA = 0, vendorB = 0, main = 0, truck = 0, heads = 0, filters = 0 }

    static func basics(_ c: SimCaller) async -> Basics {
        var b = Basics()
        b.vendorA = await c.call("POST", "/pm/api/vendors", json: ["name": "Ferguson Fire", "terms": "Net 30"]).json["_id"]?.intValue ?? 0
        b.vendorB = await c.call("POST", "/pm/api/vendors", json: ["name": "Johnstone Supply"]).json["_id"]?.intValue ?? 0
        b.main = await c.call("POST", "/pm/api/warehouses", json: ["name": "Main"]).json["_id"]?.intValue ?? 0
        b.truck = await c.call("POST", "/pm/api/warehouses", json: ["name": "Truck 101", "type": "truck", "ParentId": .int(b.main)]).json["_id"]?.intValue ?? 0
        b.heads = await c.call("POST", "/pm/api/items", json: ["name": "Sprinkler head", "sku": "SPK-1", "category": "Sprinkler Heads",
                                                              "purchasePrice": STFixture.number("7.40")]).json["_id"]?.intValue ?? 0
        b.filters = await c.call("POST", "/pm/api/items", json: ["name": "Filter", "sku": "HV-F1", "category": "Filters"]).json["_id"]?.intValue ?? 0
        return b
    }

    /// Creates and issues a PO for `vendor` with the given (item, quantity, unit amount) lines.
    static func issuedPO(_ c: SimCaller, vendor: Int, warehouse: Int, lines: [(Int, String, String)]) async -> JSONValue {
        let body: JSONValue = ["VendorId": .int(vendor), "WarehouseId": .int(warehouse), "POLineItems": .array(lines.map { item, q, a in
            ["ItemId": .int(item), "quantity": STFixture.number(q), "amount": STFixture.number(a)]
        })]
        let created = await c.call("POST", "/pm/api/purchaseOrders", json: body)
        let id = created.json["_id"]?.intValue ?? 0
        return await c.call("POST", "/pm/api/purchaseOrders/\(id)/issue").json
    }

    static func lineIds(_ po: JSONValue) -> [Int] { po["POLineItems"]?.arrayValue?.compactMap { $0["_id"]?.intValue } ?? [] }
}
