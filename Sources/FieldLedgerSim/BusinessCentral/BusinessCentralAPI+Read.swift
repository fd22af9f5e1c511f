import FieldLedgerHTTP
import Foundation

extension BusinessCentralAPI {
    func read(_ target: BCTarget, _ call: BCCall, _ state: BCState) throws(BCError) -> SimResponse {
        switch target {
        case .serviceRoot:
            return .json(["@odata.context": .string("\(call.serviceRoot)/$metadata"),
                          "value": [["name": "companies", "kind": "EntitySet", "url": "companies"]]])
        case .metadata:
            return BCMetadataDocument.response()
        case .batch, .action:
            throw BCError.methodNotAllowed("GET", call.relativePath)
        case .companies(let key):
            let company = BCMetadata.entity("companies")
            guard let company else { throw BCError.segmentNotFound("companies") }
            let row = try serialize(state.company, company, select: call.query.select, expand: [], version: 1, state)
            if key != nil {
                return .json(.object(withContext(row, "\(call.serviceRoot)/$metadata#companies/$entity")))
            }
            return .json(["@odata.context": .string("\(call.serviceRoot)/$metadata#companies"), "value": [.object(row)]])
        case .collection(let collection):
            return try readCollection(collection, call, state)
        case .entity(let collection, let key):
            guard let row = row(collection, key, state) else { throw BCError.recordNotFound(collection.definition, key) }
            do { try call.query.validate(collection.definition) } catch { throw BCError.from(error, collection.definition) }
            let object = try serialize(row, collection.definition, query: call.query, state)
            return .json(.object(withContext(object, "\(call.serviceRoot)/$metadata#\(collection.contextPath)/$entity")))
        }
    }

    private func readCollection(_ collection: BCCollection, _ call: BCCall, _ state: BCState) throws(BCError) -> SimResponse {
        let definition = collection.definition
        let query = call.query
        do { try query.validate(definition) } catch { throw BCError.from(error, definition) }
        try BCRules.checkRequiredFilters(collection, query, state)
        var matching = rows(collection, state)
        if let filter = query.filter { matching = matching.filter { filter.matches($0, definition) } }
        matching = query.sorted(matching, definition)
        if let skip = query.skip { matching = Array(matching.dropFirst(skip)) }
        if let top = query.top { matching = Array(matching.prefix(top)) }

        var headers: [(name: String, value: String)] = []
        var pageSize = BCLimits.maxPageSize
        if let requested = Self.preferredPageSize(call.request) {
            guard requested <= BCLimits.maxPageSize else { throw BCError.pageTooLarge(requested) }
            pageSize = max(1, requested)
            headers.append((name: "Preference-Applied", value: "odata.maxpagesize=\(pageSize)"))
        }
        let start = min(query.skipToken ?? 0, matching.count)
        let end = min(start + pageSize, matching.count)
        var values: [JSONValue] = []
        for row in matching[start..<end] { values.append(.object(try serialize(row, definition, query: query, state))) }
        var body = JSONObject()
        body["@odata.context"] = .string("\(call.serviceRoot)/$metadata#\(collection.contextPath)")
        body["value"] = .array(values)
        if end < matching.count {
            body["@odata.nextLink"] = .string(nextLink(call, skipToken: end))
        }
        return .json(.object(body), headers: headers)
    }

    /// `Prefer: odata.maxpagesize=N` (reference §3).
    static func preferredPageSize(_ request: SimRequest) -> Int? {
        guard let prefer = request.header("Prefer") else { return nil }
        for part in prefer.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "odata.maxpagesize" { return Int(pair[1]) }
        }
        return nil
    }

    private func nextLink(_ call: BCCall, skipToken: Int) -> String {
        var items = call.request.query.filter { $0.name != "$skiptoken" }
        items.append((name: "$skiptoken", value: String(skipToken)))
        let allowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#"))
        let query = items.map { item in
            "\(item.name.addingPercentEncoding(withAllowedCharacters: allowed) ?? item.name)=\(item.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? item.value)"
        }.joined(separator: "&")
        return "\(call.serviceRoot)/\(call.relativePath)?\(query)"
    }

    func withContext(_ object: JSONObject, _ context: String) -> JSONObject {
        var members = object.members
        if let existing = members.firstIndex(where: { $0.key == "@odata.context" }) { members.remove(at: existing) }
        members.insert((key: "@odata.context", value: .string(context)), at: 0)
        return JSONObject(uniqueMembers: members)
    }

    /// A row as the API shows it: `@odata.etag`, then the selected properties, then expansions.
    func serialize(_ row: JSONObject, _ definition: BCEntityDefinition, query: ODataQuery,
                   _ state: BCState) throws(BCError) -> JSONObject {
        let key = Self.storageKey(definition.set, id: row.id, parentId: row["parentId"]?.stringValue?.lowercased())
        return try serialize(row, definition, select: query.select, expand: query.expand,
                             version: state.table(definition.set).version(key), state)
    }

    func serialize(_ row: JSONObject, _ definition: BCEntityDefinition, select: [String]?, expand: [ODataExpandItem],
                   version: Int, _ state: BCState) throws(BCError) -> JSONObject {
        var members: [(key: String, value: JSONValue)] = [(key: "@odata.etag", value: .string(BCValues.etag(version: version, key: row.id)))]
        members.reserveCapacity(definition.fields.count + 1)
        // Stored rows keep the entity's property order, so each property is usually the next
        // member: walk both in step and search only when they differ (this runs on every GET).
        let stored = row.members
        var cursor = 0
        for field in definition.fields where select?.contains(field.name) ?? true {
            var value: JSONValue?
            if cursor < stored.count, stored[cursor].key == field.name {
                value = stored[cursor].value
                cursor += 1
            } else if let index = stored.firstIndex(where: { $0.key == field.name }) {
                value = stored[index].value
                cursor = index + 1
            }
            members.append((key: field.name, value: value ?? BCValues.defaultValue(field.type)))
        }
        var object = JSONObject(uniqueMembers: members)
        for item in expand {
            object[item.navigation] = .array(try expanded(row, definition, item, state).map { .object($0) })
        }
        return object
    }

    private func expanded(_ row: JSONObject, _ definition: BCEntityDefinition, _ item: ODataExpandItem,
                          _ state: BCState) throws(BCError) -> [JSONObject] {
        guard let navigation = BCNavigation.find(from: definition.set, item.navigation),
              let child = BCMetadata.entity(navigation.childSet) else {
            if definition.navigations.contains(item.navigation) { throw BCError.notSimulated(item.navigation) }
            throw BCError.unknownQueryProperty(item.navigation, definition)
        }
        do { try item.options.validate(child) } catch { throw BCError.from(error, child) }
        let collection = BCCollection(definition: child, parent: (definition.set, row.id),
                                      constraint: (navigation.childField, row.id), contextPath: "")
        var children = rows(collection, state)
        if let filter = item.options.filter { children = children.filter { filter.matches($0, child) } }
        children = item.options.sorted(children, child)
        var result: [JSONObject] = []
        for childRow in children { result.append(try serialize(childRow, child, query: item.options, state)) }
        return result
    }
}
