import FieldLedgerHTTP
import Foundation

/// Generic list / get / create / update / delete over the resource tables, driven by the field
/// lists in `ServiceTradeResource.fields`; resource-specific rules live in the other extensions.
extension ServiceTradeSimulator {
    func row(_ resource: ServiceTradeResource, _ id: Int) throws(ServiceTradeFailure) -> JSONObject {
        guard let row = state.tables[resource]?[id] else { throw .notFound("\(resource.rawValue) \(id) not found.") }
        return row
    }

    func list(_ resource: ServiceTradeResource, query: [(name: String, value: String)]) throws(ServiceTradeFailure) -> JSONValue {
        var page = 1
        var limit = ServiceTradeRules.defaultPageSize
        var rows = state.tables[resource]?.all ?? []
        var problems: [String] = []
        for (name, value) in query {
            switch name {
            case "page":
                if let n = Int(value), n >= 1 { page = n } else { problems.append("page must be an integer ≥ 1, got '\(value)'.") }
            case "limit":
                if let n = Int(value), (1...ServiceTradeRules.maxPageSize).contains(n) { limit = n } else {
                    problems.append("limit must be an integer from 1 to \(ServiceTradeRules.maxPageSize), got '\(value)'.")
                }
            case "status":
                let wanted = Set(value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                rows = rows.filter { wanted.contains($0["status"]?.stringValue ?? "") }
            case "updatedAfter", "updatedBefore", "createdAfter", "createdBefore":
                guard let bound = Int(value) else {
                    problems.append("\(name) must be a Unix timestamp in seconds, got '\(value)'.")
                    continue
                }
                let member = name.hasPrefix("updated") ? "updated" : "created"
                let after = name.hasSuffix("After")
                rows = rows.filter {
                    guard let t = $0[member]?.intValue else { return false }
                    return after ? t > bound : t < bound
                }
            case "entityType", "system", "value", "activity":
                rows = rows.filter { $0[name]?.stringValue == value }
            case "entityId":
                rows = rows.filter { $0[name]?.intValue == Int(value) }
            case "approved", "enabled":
                guard let flag = Bool(value) else { problems.append("\(name) must be true or false, got '\(value)'."); continue }
                rows = rows.filter { $0[name]?.boolValue == flag }
            default:
                guard name.hasSuffix("Id"), resource.referenceFilters.contains(String(name.dropLast(2))) else {
                    let known = resource.referenceFilters.map { $0 + "Id" }.joined(separator: ", ")
                    problems.append("Unknown filter '\(name)' for /\(resource.rawValue); reference filters here: \(known).")
                    continue
                }
                guard let id = Int(value) else { problems.append("\(name) must be an integer id, got '\(value)'."); continue }
                let member = String(name.dropLast(2))
                rows = rows.filter { $0[member]?["id"]?.intValue == id }
            }
        }
        guard problems.isEmpty else { throw .badRequest(problems) }
        let totalPages = max(1, (rows.count + limit - 1) / limit)
        let (skip, overflow) = (page - 1).multipliedReportingOverflow(by: limit)
        let slice = overflow ? [] : rows.dropFirst(skip).prefix(limit)
        return ["totalPages": .int(totalPages), "page": .int(page), "totalRecords": .int(rows.count),
                resource.listKey: .array(slice.map { .object($0) })]
    }

    func create(_ resource: ServiceTradeResource, body: JSONObject) throws(ServiceTradeFailure) -> JSONObject {
        let values = try validate(resource, body: body, creating: true)
        let id = state.tables[resource, default: SimRecordTable()].reserveId()
        let time = now()
        var row: JSONObject = ["id": .int(id), "uri": .string("/st/api/\(resource.rawValue)/\(id)")]
        for (key, value) in values where key != "secret" { row[key] = value }
        try prepareNew(resource, row: &row, values: values)
        row["created"] = .int(time)
        row["updated"] = .int(time)
        state.tables[resource, default: SimRecordTable()].put(row)
        if resource == .webhook {
            state.webhookSecrets[id] = values["secret"]?.stringValue ?? ServiceTradeTestCredentials.webhookSecret
        }
        emit(resource, id: id, action: "created", changeset: [])
        return row
    }

    func update(_ resource: ServiceTradeResource, id: Int, body: JSONObject) throws(ServiceTradeFailure) -> JSONObject {
        guard resource.allowsUpdate else { throw .methodNotAllowed("PUT", "/st/api/\(resource.rawValue)/\(id)") }
        let old = try row(resource, id)
        let values = try validate(resource, body: body, creating: false)
        var new = old
        for (key, value) in values where key != "secret" { new[key] = value }
        try prepareChange(resource, old: old, new: &new, values: values)
        if resource == .webhook, let secret = values["secret"]?.stringValue { state.webhookSecrets[id] = secret }
        let changes = changeset(old: old, new: new)
        guard !changes.isEmpty else { return old }
        new["updated"] = .int(now())
        state.tables[resource]?.put(new)
        emit(resource, id: id, action: "updated", changeset: changes)
        return new
    }

    func delete(_ resource: ServiceTradeResource, id: Int) throws(ServiceTradeFailure) {
        guard resource.allowsDelete else { throw .methodNotAllowed("DELETE", "/st/api/\(resource.rawValue)/\(id)") }
        let old = try row(resource, id)
        if resource == .externalid { unlinkExternalId(old) }
        if resource == .webhook { state.webhookSecrets[id] = nil }
        state.tables[resource]?.remove(id)
    }

    /// The top-level members that differ, as `{field, old, new}` (webhook changesets).
    func changeset(old: JSONObject, new: JSONObject) -> [JSONValue] {
        new.compactMap { (member: (key: String, value: JSONValue)) -> JSONValue? in
            guard member.key != "updated", old[member.key] != member.value else { return nil }
            return .object(["field": .string(member.key), "old": old[member.key] ?? .null, "new": member.value])
        }
    }

    /// The `{id, name…}` object a reference is stored as.
    func embed(_ resource: ServiceTradeResource, _ id: Int) -> JSONValue? {
        guard let row = state.tables[resource]?[id] else { return nil }
        var object: JSONObject = ["id": .int(id)]
        switch resource {
        case .job: object["number"] = row["number"]; object["name"] = row["name"]
        case .invoice: object["invoiceNumber"] = row["invoiceNumber"]
        case .taxrate: object["name"] = row["name"]; object["rate"] = row["rate"]
        case .serviceline: object["name"] = row["name"]; object["abbr"] = row["abbr"]
        default: object["name"] = row["name"] ?? .string("\(row["firstName"]?.stringValue ?? "") \(row["lastName"]?.stringValue ?? "")")
        }
        return .object(object)
    }

    /// Checks the body against the resource's fields and returns the stored members in field order.
    func validate(_ resource: ServiceTradeResource, body: JSONObject, creating: Bool) throws(ServiceTradeFailure) -> JSONObject {
        var problems: [String] = []
        let fields = resource.fields
        let allowed = fields.filter { creating || $0.updatable }
        for key in body.keys where !allowed.contains(where: { $0.name == key }) {
            let known = allowed.map(\.name).joined(separator: ", ")
            problems.append(fields.contains { $0.name == key }
                ? "\(key) cannot be changed after the \(resource.rawValue) is created."
                : "Unknown field '\(key)' for \(resource.rawValue); writable fields: \(known).")
        }
        var values = JSONObject()
        for field in allowed {
            guard let value = body[field.name], !value.isNull else {
                if creating && field.required { problems.append("\(field.name) is required.") }
                continue
            }
            switch check(field, value) {
            case .success(let stored): values[field.storedName] = stored
            case .failure(let message): problems.append(message.text)
            }
        }
        guard problems.isEmpty else { throw .badRequest(problems) }
        return values
    }

    private func check(_ field: ServiceTradeField, _ value: JSONValue) -> Result<JSONValue, ValidationMessage> {
        let name = field.name
        func fail(_ message: String) -> Result<JSONValue, ValidationMessage> { .failure(ValidationMessage(message)) }
        switch field.kind {
        case .string:
            guard let s = value.stringValue else { return fail("\(name) must be a string, found \(value.kindName).") }
            if field.required && s.trimmingCharacters(in: .whitespaces).isEmpty { return fail("\(name) must not be blank.") }
            return .success(value)
        case .int:
            return value.intValue != nil ? .success(value) : fail("\(name) must be an integer, found \(value.kindName).")
        case .bool:
            return value.boolValue != nil ? .success(value) : fail("\(name) must be true or false, found \(value.kindName).")
        case .timestamp:
            guard let t = value.intValue, t >= 0 else { return fail("\(name) must be a Unix timestamp in seconds (an integer).") }
            return .success(.int(t))
        case .money:
            guard case .number = value, let d = SimMoney.decimal(value), SimMoney.inRange(d) else {
                return fail("\(name) must be a number of at most \(SimMoney.maximum) in magnitude, found \(value).")
            }
            guard SimMoney.hasAtMost(2, decimals: d) else { return fail("\(name) has more than 2 decimals: \(value).") }
            return .success(SimMoney.json(d))
        case .percent:
            guard case .number = value, let d = SimMoney.decimal(value), d >= 0, d <= 100 else {
                return fail("\(name) must be a percentage from 0 to 100.")
            }
            return .success(value)
        case .oneOf(let options):
            guard let s = value.stringValue, options.contains(s) else {
                return fail("\(name) must be one of \(options.joined(separator: ", ")); got \(value).")
            }
            return .success(value)
        case .reference(let target):
            guard let id = value.intValue else { return fail("\(name) must be an integer id, found \(value.kindName).") }
            guard let embedded = embed(target, id) else { return fail("\(name) \(id) does not match any \(target.rawValue).") }
            return .success(embedded)
        case .address:
            guard let object = value.objectValue else { return fail("\(name) must be an object.") }
            let keys: Set = ["street", "city", "state", "postalCode", "county"]
            for (key, member) in object {
                guard keys.contains(key) else { return fail("Unknown address member '\(key)'; use street, city, state, postalCode, county.") }
                guard member.stringValue != nil else { return fail("address.\(key) must be a string.") }
            }
            return .success(value)
        case .url:
            guard let s = value.stringValue, s.hasPrefix("http://") || s.hasPrefix("https://"), URL(string: s)?.host != nil else {
                return fail("\(name) must be an http(s) URL.")
            }
            return .success(value)
        case .secret:
            guard let s = value.stringValue, s.count >= 16 else { return fail("\(name) must be a string of at least 16 characters.") }
            return .success(value)
        case .systemName:
            guard let s = value.stringValue, !s.isEmpty,
                  s.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
            else { return fail("\(name) must be lower-case letters, digits and underscores.") }
            return .success(value)
        case .entityTypeList:
            guard let items = value.arrayValue,
                  items.allSatisfy({ ServiceTradeResource.entityTypes.contains($0.stringValue ?? "") })
            else {
                return fail("\(name) must be an array of entity types (\(ServiceTradeResource.entityTypes.sorted().joined(separator: ", "))).")
            }
            return .success(value)
        case .invoiceItems:
            return checkInvoiceItems(value)
        }
    }
}

/// A validation problem, as the message a client sees.
struct ValidationMessage: Error {
    let text: String
    init(_ text: String) { self.text = text }
}
