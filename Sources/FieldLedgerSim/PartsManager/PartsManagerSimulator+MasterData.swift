import FieldLedgerHTTP
import Foundation

/// Lists (`limit`/`offset`, `{totalItems, data}`), and vendors, items, warehouses and webhooks,
/// which are plain editable records (Business Central becomes the system of record for vendors
/// and items, so both accept updates).
extension PartsManagerSimulator {
    func list(_ resource: PartsManagerResource, query: [(name: String, value: String)]) throws(PartsManagerFailure) -> JSONValue {
        var limit = PartsManagerRules.defaultPageSize
        var offset = 0
        var rows = state.tables[resource]?.all ?? []
        var problems: [String] = []
        for (name, value) in query {
            switch name {
            case "limit":
                if let n = Int(value), (1...PartsManagerRules.maxPageSize).contains(n) { limit = n } else {
                    problems.append("limit must be an integer from 1 to \(PartsManagerRules.maxPageSize), got '\(value)'.")
                }
            case "offset":
                if let n = Int(value), n >= 0 { offset = n } else { problems.append("offset must be an integer ≥ 0, got '\(value)'.") }
            case "updatedAfter", "updatedBefore":
                guard let bound = SimISOTime.date(value) else {
                    problems.append("\(name) must be an ISO 8601 timestamp such as 2026-11-20T17:00:00Z, got '\(value)'.")
                    continue
                }
                rows = rows.filter { row in
                    guard let text = (row["updatedAt"] ?? row["createdAt"])?.stringValue, let t = SimISOTime.date(text) else { return false }
                    return name == "updatedAfter" ? t > bound : t < bound
                }
            case "status":
                let wanted = Set(value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                rows = rows.filter { wanted.contains($0["status"]?.stringValue ?? "") }
            default:
                guard resource.filters.contains(name) else {
                    let known = (["limit", "offset", "updatedAfter", "updatedBefore"] + resource.filters).joined(separator: ", ")
                    problems.append("Unknown filter '\(name)' for /\(resource.rawValue); known filters: \(known).")
                    continue
                }
                rows = rows.filter { row in
                    switch row[name] {
                    case .number(let n): return n.literal == value
                    case .string(let s): return s == value
                    case .bool(let b): return String(b) == value
                    default: return false
                    }
                }
            }
        }
        guard problems.isEmpty else { throw .badRequest(problems) }
        let page = rows.dropFirst(offset).prefix(limit)
        return ["totalItems": .int(rows.count), "data": .array(page.map { .object($0) })]
    }

    func create(_ resource: PartsManagerResource, body: JSONObject) throws(PartsManagerFailure) -> JSONObject {
        switch resource {
        case .vendors, .items, .warehouses, .webhooks:
            let id = state.tables[resource, default: SimRecordTable(idKey: "_id")].reserveId()
            var row: JSONObject = ["_id": .int(id)]
            if resource == .webhooks { row["id"] = .int(id) }
            try applyMasterFields(resource, body: body, to: &row, creating: true)
            row["createdAt"] = timestamp()
            save(resource, row, event: resource == .webhooks ? nil : "created")
            return state.tables[resource]?[id] ?? row
        case .purchaseOrders: return try createPurchaseOrder(body)
        case .shipmentReceipts: return try createShipmentReceipt(body)
        case .vendorBills: return try createVendorBill(body)
        case .stockAdjustments: return try createStockAdjustment(body)
        case .stock: throw .methodNotAllowed("POST", "/pm/api/stock")
        }
    }

    func update(_ resource: PartsManagerResource, id: Int, body: JSONObject) throws(PartsManagerFailure) -> JSONObject {
        var row = try row(resource, id)
        switch resource {
        case .vendors, .items, .warehouses:
            let old = row
            try applyMasterFields(resource, body: body, to: &row, creating: false)
            guard row != old else { return old }
            save(resource, row, event: "updated")
            return state.tables[resource]?[id] ?? row
        case .purchaseOrders: return try updatePurchaseOrder(id: id, body: body)
        case .vendorBills: return try updateVendorBill(id: id, body: body)
        default: throw .methodNotAllowed("PUT", "/pm/api/\(resource.rawValue)/\(id)")
        }
    }

    private func applyMasterFields(_ resource: PartsManagerResource, body: JSONObject, to row: inout JSONObject,
                                   creating: Bool) throws(PartsManagerFailure) {
        var reader = SimBodyReader(body)
        let id = row["_id"]?.intValue ?? 0
        switch resource {
        case .vendors:
            reader.rejectUnknown(allowed: ["id", "name", "shortName", "isActive", "email", "terms", "accNumber",
                                           "externalId", "currency", "Address"])
            if creating { row["id"] = .string(reader.string("id") ?? "V\(1000 + id)") }
            if let code = row["id"]?.stringValue, state.tables[.vendors]?.all.contains(where: {
                $0["id"]?.stringValue == code && $0["_id"]?.intValue != id }) == true {
                reader.fail("Vendor id '\(code)' is already used by another vendor.")
            }
            if let name = reader.string("name", required: creating) { row["name"] = .string(name) }
            for key in ["shortName", "email", "terms", "accNumber", "externalId"] {
                if let value = reader.string(key) { row[key] = .string(value) } else if creating { row[key] = .null }
            }
            if let active = reader.bool("isActive") { row["isActive"] = .bool(active) } else if creating { row["isActive"] = true }
            row["currency"] = .string(reader.string("currency") ?? row["currency"]?.stringValue ?? "USD")
            if body["Address"] != nil {
                guard let address = body["Address"]?.objectValue,
                      address.keys.allSatisfy({ ["line1", "line2", "city", "state", "zip", "country"].contains($0) }),
                      address.allSatisfy({ $0.value.stringValue != nil || $0.value.isNull })
                else {
                    reader.fail("Address must be an object of strings: line1, line2, city, state, zip, country.")
                    break
                }
                row["Address"] = .object(address)
            } else if creating { row["Address"] = .null }
        case .items:
            reader.rejectUnknown(allowed: ["name", "sku", "number", "description", "category", "purchasePrice",
                                           "salePrice", "inactive", "externalIds"])
            if let name = reader.string("name", required: creating) { row["name"] = .string(name) }
            if let sku = reader.string("sku", required: creating) {
                if state.tables[.items]?.all.contains(where: { $0["sku"]?.stringValue == sku && $0["_id"]?.intValue != id }) == true {
                    reader.fail("sku '\(sku)' is already used by another item.")
                }
                row["sku"] = .string(sku)
            }
            if creating { row["number"] = .int(reader.int("number") ?? 5000 + id) } else if let n = reader.int("number") { row["number"] = .int(n) }
            for key in ["description", "category"] {
                if let value = reader.string(key) { row[key] = .string(value) } else if creating { row[key] = .null }
            }
            for key in ["purchasePrice", "salePrice"] {
                if let value = reader.decimal(key, nonNegative: true) { row[key] = SimMoney.json(value) } else if creating { row[key] = SimMoney.json(0) }
            }
            if let inactive = reader.bool("inactive") { row["inactive"] = .bool(inactive) } else if creating { row["inactive"] = false }
            if creating { row["externalIds"] = body["externalIds"] ?? .null }
        case .warehouses:
            reader.rejectUnknown(allowed: ["name", "type", "description", "externalId", "ParentId", "inactive"])
            if let name = reader.string("name", required: creating) { row["name"] = .string(name) }
            if let type = reader.string("type") {
                if PartsManagerRules.warehouseTypes.contains(type) { row["type"] = .string(type) } else {
                    reader.fail("type must be one of \(PartsManagerRules.warehouseTypes.joined(separator: ", ")).")
                }
            } else if creating { row["type"] = "facility" }
            for key in ["externalId", "description"] {
                if let value = reader.string(key) { row[key] = .string(value) } else if creating { row[key] = .null }
            }
            if let parent = reader.int("ParentId") {
                if parent == id || state.tables[.warehouses]?[parent] == nil { reader.fail("ParentId \(parent) is not another warehouse.") }
                row["ParentId"] = .int(parent)
            } else if creating { row["ParentId"] = .null }
            if let inactive = reader.bool("inactive") { row["inactive"] = .bool(inactive) } else if creating { row["inactive"] = false }
        case .webhooks:
            reader.rejectUnknown(allowed: ["uri", "secret", "events"])
            if let uri = reader.string("uri", required: true) {
                if !(uri.hasPrefix("http://") || uri.hasPrefix("https://")) || URL(string: uri)?.host == nil {
                    reader.fail("uri must be an http(s) URL.")
                }
                row["uri"] = .string(uri)
            }
            if let secret = reader.string("secret") {
                if secret.count < 16 { reader.fail("secret must have at least 16 characters.") }
                state.webhookSecrets[id] = secret
            }
            if let events = body["events"], !events.isNull {
                guard let list = events.arrayValue?.compactMap(\.stringValue), list.count == events.arrayValue?.count else {
                    reader.fail("events must be an array of event names such as purchaseOrder.updated.")
                    break
                }
                row["events"] = .array(list.map { .string($0) })
            } else { row["events"] = .array([]) }
        default:
            break
        }
        guard reader.problems.isEmpty else {
            if resource == .webhooks { state.webhookSecrets[id] = nil }
            throw .badRequest(reader.problems)
        }
    }
}
