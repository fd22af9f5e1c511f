import FieldLedgerHTTP
import Foundation

/// The system query options of one request (or of one `$expand` item), parsed and checked.
struct ODataQuery: Sendable {
    var filter: ODataFilter?
    /// nil = all properties.
    var select: [String]?
    var expand: [ODataExpandItem] = []
    var orderBy: [(property: String, descending: Bool)] = []
    var top: Int?
    var skip: Int?
    /// Position to resume from (`$skiptoken` of a nextLink).
    var skipToken: Int?

    init() {}

    /// Parses the options of a request URL. Unknown `$` options are refused like OData does.
    init(options: [(name: String, value: String)]) throws(ODataError) {
        for (name, value) in options where name.hasPrefix("$") {
            try apply(name, value)
        }
    }

    /// `$select=a,b;$expand=x` inside an `$expand` item.
    init(nestedOptions text: String) throws(ODataError) {
        for part in ODataQuery.splitTopLevel(text, separator: ";") where !part.isEmpty {
            guard let eq = part.firstIndex(of: "=") else { throw .syntax("'\(part)' in $expand options is not name=value.") }
            try apply(String(part[..<eq]).trimmingCharacters(in: .whitespaces), String(part[part.index(after: eq)...]))
        }
    }

    private mutating func apply(_ name: String, _ value: String) throws(ODataError) {
        switch name {
        case "$filter": filter = try ODataFilter(parsing: value)
        case "$select":
            select = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        case "$expand":
            expand = try ODataQuery.splitTopLevel(value, separator: ",").filter { !$0.isEmpty }.map { text throws(ODataError) in
                try ODataExpandItem(parsing: text)
            }
        case "$orderby":
            orderBy = try value.split(separator: ",").map { item throws(ODataError) in
                let parts = item.split(separator: " ").map(String.init)
                guard let property = parts.first, parts.count <= 2 else { throw .syntax("'\(item)' in $orderby is not 'property [asc|desc]'.") }
                let direction = parts.count == 2 ? parts[1].lowercased() : "asc"
                guard direction == "asc" || direction == "desc" else { throw .syntax("'\(parts[1])' in $orderby must be asc or desc.") }
                return (property, direction == "desc")
            }
        case "$top":
            guard let n = Int(value), n >= 0 else { throw .syntax("$top must be a whole number ≥ 0, found '\(value)'.") }
            top = n
        case "$skip":
            guard let n = Int(value), n >= 0 else { throw .syntax("$skip must be a whole number ≥ 0, found '\(value)'.") }
            skip = n
        case "$skiptoken":
            guard let n = Int(value), n >= 0 else { throw .syntax("The $skiptoken '\(value)' is not one this service issued.") }
            skipToken = n
        case "$schemaversion", "$format":
            break
        case "$count", "$search", "$apply", "$compute":
            throw .unsupported("The query option '\(name)' is not supported by this service.")
        default:
            throw .syntax("The query parameter '\(name)' is not supported.")
        }
    }

    /// Checks `$select`, `$orderby` and `$filter` names against the entity type.
    func validate(_ schema: some ODataSchema) throws(ODataError) {
        for name in select ?? [] where schema.propertyType(name) == nil { throw .unknownProperty(name) }
        for order in orderBy where schema.propertyType(order.property) == nil { throw .unknownProperty(order.property) }
        try filter?.validate(schema)
    }

    /// Splits on `separator` outside parentheses and quotes.
    static func splitTopLevel(_ text: String, separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quoted = false
        for c in text {
            if c == "'" { quoted.toggle() }
            if !quoted {
                if c == "(" { depth += 1 }
                if c == ")" { depth -= 1 }
                if c == separator, depth == 0 {
                    parts.append(current.trimmingCharacters(in: .whitespaces))
                    current = ""
                    continue
                }
            }
            current.append(c)
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts
    }
}

/// One item of `$expand`: a navigation property and its nested options.
struct ODataExpandItem: Sendable {
    var navigation: String
    var options: ODataQuery

    init(parsing text: String) throws(ODataError) {
        if let open = text.firstIndex(of: "(") {
            guard text.hasSuffix(")") else { throw .syntax("'\(text)' in $expand has an unbalanced '('.") }
            navigation = String(text[..<open]).trimmingCharacters(in: .whitespaces)
            options = try ODataQuery(nestedOptions: String(text[text.index(after: open)..<text.index(before: text.endIndex)]))
        } else {
            navigation = text
            options = ODataQuery()
        }
    }
}

extension ODataQuery {
    /// Sorts by `$orderby` (stable; rows without the property sort first).
    func sorted(_ rows: [JSONObject], _ schema: some ODataSchema) -> [JSONObject] {
        guard !orderBy.isEmpty else { return rows }
        return rows.enumerated().sorted { lhs, rhs in
            for order in orderBy {
                let a = lhs.element[order.property] ?? .null
                let b = rhs.element[order.property] ?? .null
                let result = ODataQuery.compareValues(a, b, schema.propertyType(order.property) ?? .string)
                if result != .orderedSame {
                    return order.descending ? result == .orderedDescending : result == .orderedAscending
                }
            }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    static func compareValues(_ a: JSONValue, _ b: JSONValue, _ type: ODataPropertyType) -> ComparisonResult {
        switch type {
        case .decimal, .integer:
            let x = a.decimalValue ?? 0, y = b.decimalValue ?? 0
            return x == y ? .orderedSame : (x < y ? .orderedAscending : .orderedDescending)
        case .boolean:
            let x = a.boolValue ?? false, y = b.boolValue ?? false
            return x == y ? .orderedSame : (!x ? .orderedAscending : .orderedDescending)
        default:
            let x = a.stringValue ?? "", y = b.stringValue ?? ""
            return x == y ? .orderedSame : (x < y ? .orderedAscending : .orderedDescending)
        }
    }
}
