import FieldLedgerHTTP
import Foundation

/// A POST/PATCH body checked against the entity type: unknown properties, read-only
/// properties, nulls and wrong JSON types are refused the way OData does; navigation arrays
/// (deep insert) are split off.
struct BCRequestBody {
    /// Property assignments in body order, values normalised (GUIDs lower-cased).
    var fields: [(name: String, value: JSONValue)] = []
    /// Navigation arrays for deep insert, e.g. `salesInvoiceLines`.
    var nested: [(navigation: String, items: [JSONObject])] = []

    var names: Set<String> { Set(fields.map(\.name)) }

    static func parseObject(_ bytes: [UInt8]) throws(BCError) -> JSONObject {
        guard !bytes.isEmpty else { throw BCError.invalidBody("The body is empty; send a JSON object.") }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw BCError.invalidBody("The body is not valid JSON: \(error.description).")
        }
        guard case .object(let object) = value else {
            throw BCError.invalidBody("The body must be a JSON object, found \(value.kindName).")
        }
        return object
    }

    init(_ object: JSONObject, _ definition: BCEntityDefinition) throws(BCError) {
        for (key, value) in object {
            // Annotations such as @odata.etag in the body are ignored; If-Match is what counts.
            if key.hasPrefix("@") { continue }
            if BCNavigation.find(from: definition.set, key) != nil {
                guard case .array(let items) = value else {
                    throw BCError.invalidBody("'\(key)' must be an array of \(key) objects for a deep insert.")
                }
                var objects: [JSONObject] = []
                for item in items {
                    guard case .object(let object) = item else {
                        throw BCError.invalidBody("Every entry of '\(key)' must be an object, found \(item.kindName).")
                    }
                    objects.append(object)
                }
                nested.append((key, objects))
                continue
            }
            guard let field = definition.field(key) else {
                if definition.navigations.contains(key) {
                    throw BCError.invalidBody("Deep insert through '\(key)' is not supported on \(definition.set).")
                }
                throw BCError.unknownBodyProperty(key, definition)
            }
            guard field.writable else { throw BCError.readOnlyProperty(key, definition) }
            fields.append((key, try Self.checked(value, field)))
        }
    }

    static func checked(_ value: JSONValue, _ field: BCField) throws(BCError) -> JSONValue {
        if value.isNull {
            throw BCError(400, "BadRequest",
                          "A null value was found for the property named '\(field.name)', which has the expected type '\(field.type.edmName)[Nullable=False]'. The expected type does not allow null values.")
        }
        switch field.type {
        case .guid:
            guard let s = value.stringValue, ODataLiteral.isGUID(s) else { throw BCError.wrongType(field.name, field.type, value) }
            return .string(s.lowercased())
        case .string:
            guard value.stringValue != nil else { throw BCError.wrongType(field.name, field.type, value) }
        case .decimal:
            guard value.decimalValue != nil else { throw BCError.wrongType(field.name, field.type, value) }
        case .integer:
            guard value.intValue != nil else { throw BCError.wrongType(field.name, field.type, value) }
        case .boolean:
            guard value.boolValue != nil else { throw BCError.wrongType(field.name, field.type, value) }
        case .date:
            guard let s = value.stringValue, ODataLiteral.isDate(s), SimTime.parseISO8601(s + "T00:00:00Z") != nil else {
                throw BCError.wrongType(field.name, field.type, value)
            }
        case .dateTime:
            guard let s = value.stringValue, SimTime.parseISO8601(s) != nil else { throw BCError.wrongType(field.name, field.type, value) }
        }
        return value
    }
}
