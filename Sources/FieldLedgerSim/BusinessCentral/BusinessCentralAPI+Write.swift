import FieldLedgerHTTP
import Foundation

extension BusinessCentralAPI {
    func write(_ target: BCTarget, _ call: BCCall, _ state: inout BCState) throws(BCError) -> SimResponse {
        let method = call.request.method
        switch (method, target) {
        case ("POST", .collection(let collection)):
            guard collection.definition.canInsert else { throw Self.notAllowed(method, collection.definition) }
            try BCRules.checkCanInsert(collection, state)
            let body = try BCRequestBody(BCRequestBody.parseObject(call.request.body), collection.definition)
            let key = try create(collection.set, body, constraint: collection.constraint, &state)
            return .json(.object(try entityResponse(collection, key, call, state)), status: 201)
        case ("PATCH", .entity(let collection, let key)):
            guard collection.definition.canModify else { throw Self.notAllowed(method, collection.definition) }
            guard let row = row(collection, key, state) else { throw BCError.recordNotFound(collection.definition, key) }
            try checkIfMatch(call.request, collection, row, state)
            let body = try BCRequestBody(BCRequestBody.parseObject(call.request.body), collection.definition)
            guard body.nested.isEmpty else {
                throw BCError.invalidBody("Deep update is not supported; PATCH the lines one by one (reference §3).")
            }
            let storage = try update(collection.set, row, body, &state)
            return .json(.object(try entityResponse(collection, storage, call, state)))
        case ("DELETE", .entity(let collection, let key)):
            guard collection.definition.canDelete else { throw Self.notAllowed(method, collection.definition) }
            guard let row = row(collection, key, state) else { throw BCError.recordNotFound(collection.definition, key) }
            try checkIfMatch(call.request, collection, row, state)
            try delete(collection.set, row, &state)
            return .noContent()
        case ("POST", .action(let collection, let key, let name)):
            guard collection.definition.actions.contains(name) else { throw BCError.actionNotFound(name, collection.definition) }
            try BCActions.perform(name, on: collection.set, id: key, now: clock.now(), &state)
            return .noContent()
        case (_, .companies):
            throw BCError.methodNotAllowed(method, "companies")
        case (_, .collection(let collection)), (_, .entity(let collection, _)), (_, .action(let collection, _, _)):
            throw Self.notAllowed(method, collection.definition)
        default:
            throw BCError.methodNotAllowed(method, call.relativePath)
        }
    }

    private static func notAllowed(_ method: String, _ definition: BCEntityDefinition) -> BCError {
        BCError(405, "BadRequest_MethodNotAllowed",
                "'\(method)' requests for '\(definition.set)' of EdmType 'Entity' are not allowed within Dynamics 365 Business Central OData web services.")
    }

    private func entityResponse(_ collection: BCCollection, _ storageKey: String, _ call: BCCall,
                                _ state: BCState) throws(BCError) -> JSONObject {
        guard let row = state.row(collection.set, storageKey) else { throw BCError.recordNotFound(collection.definition, storageKey) }
        let object = try serialize(row, collection.definition, query: ODataQuery(), state)
        return withContext(object, "\(call.serviceRoot)/$metadata#\(collection.contextPath)/$entity")
    }

    /// PATCH and DELETE need `If-Match` with the current etag or `*` (reference §3).
    private func checkIfMatch(_ request: SimRequest, _ collection: BCCollection, _ row: JSONObject,
                              _ state: BCState) throws(BCError) {
        guard let ifMatch = request.header("If-Match")?.trimmingCharacters(in: .whitespaces), !ifMatch.isEmpty else {
            throw BCError.missingIfMatch
        }
        if ifMatch == "*" { return }
        let key = Self.storageKey(collection.set, id: row.id, parentId: row["parentId"]?.stringValue?.lowercased())
        let current = BCValues.etag(version: state.table(collection.set).version(key), key: row.id)
        guard ifMatch == current else { throw BCError.entityChanged }
    }

    /// Inserts one entity (and, for deep insert, its nested children) and returns its storage key.
    func create(_ set: String, _ body: BCRequestBody, constraint: (field: String, value: String)?,
                _ state: inout BCState) throws(BCError) -> String {
        guard let definition = BCMetadata.entity(set) else { throw BCError.segmentNotFound(set) }
        var row = BCValues.blankRow(definition)
        for (name, value) in body.fields { row[name] = value }
        if let constraint {
            if let given = body.fields.first(where: { $0.name == constraint.field }),
               given.value.stringValue?.lowercased() != constraint.value {
                throw BCError.dialog("The \(constraint.field) in the body does not match the parent in the URL.")
            }
            row[constraint.field] = .string(constraint.value)
        }
        if set != "dimensionSetLines" { row["id"] = .string(BCValues.newGUID()) }
        let now = clock.now()
        try BCRules.completeInsert(set, &row, given: body.names, now: now, &state)
        Self.stamp(&row, definition, now)
        let key = Self.storageKey(set, id: row.id, parentId: row["parentId"]?.stringValue?.lowercased())
        guard state.row(set, key) == nil else { throw BCError.duplicate(definition, "id", row.id) }
        state.put(set, key, row)
        BCRules.afterInsert(set, row, &state)
        for (navigation, items) in body.nested {
            guard let link = BCNavigation.find(from: set, navigation), let child = BCMetadata.entity(link.childSet) else { continue }
            for item in items {
                let childBody = try BCRequestBody(item, child)
                _ = try create(link.childSet, childBody, constraint: (link.childField, row.id), &state)
            }
        }
        try BCRules.afterWrite(set, key, now: now, &state)
        return key
    }

    /// Applies a PATCH body and returns the storage key.
    func update(_ set: String, _ old: JSONObject, _ body: BCRequestBody, _ state: inout BCState) throws(BCError) -> String {
        guard let definition = BCMetadata.entity(set) else { throw BCError.segmentNotFound(set) }
        var row = old
        for (name, value) in body.fields { row[name] = value }
        let now = clock.now()
        try BCRules.completeUpdate(set, &row, old: old, changed: body.names, now: now, &state)
        // Stock is a FlowField: changing it alone does not touch the item (reference §2.1, inferred).
        if !(set == "items" && body.names == ["inventory"]) { Self.stamp(&row, definition, now) }
        let key = Self.storageKey(set, id: old.id, parentId: old["parentId"]?.stringValue?.lowercased())
        state.put(set, key, row)
        try BCRules.afterWrite(set, key, now: now, &state)
        return key
    }

    func delete(_ set: String, _ row: JSONObject, _ state: inout BCState) throws(BCError) {
        try BCRules.checkDelete(set, row, state)
        let key = Self.storageKey(set, id: row.id, parentId: row["parentId"]?.stringValue?.lowercased())
        state.remove(set, key)
        // Children go with their parent (lines, dimension set lines, default dimensions).
        for (_, link) in BCNavigation.table[set] ?? [:] {
            for child in state.rows(link.childSet, where: link.childField, is: row.id) {
                try delete(link.childSet, child, &state)
            }
        }
        try BCRules.afterDelete(set, row, now: clock.now(), &state)
    }

    /// Sets `lastModifiedDateTime` (spelled `lastModfiedDateTime` on some pages).
    static func stamp(_ row: inout JSONObject, _ definition: BCEntityDefinition, _ now: Date) {
        for name in ["lastModifiedDateTime", "lastModfiedDateTime"] where definition.field(name) != nil {
            row[name] = .string(SimTime.iso8601(now))
        }
    }
}
