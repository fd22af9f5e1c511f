import FieldLedgerHTTP
import Foundation

/// The rows of one simulated resource, kept as JSON objects exactly as the API returns them,
/// keyed by an integer id assigned in sequence (ServiceTrade `id`, PartsManager `_id`).
///
/// Rows stay dynamic JSON rather than Swift structs because the simulators serve whatever the
/// data files hold (planted inconsistencies included) and must answer with the same members in
/// the same order.
struct SimRecordTable: Sendable {
    private(set) var rows: [Int: JSONObject] = [:]
    private(set) var nextId = 1
    /// The member that holds the id (`id` or `_id`).
    let idKey: String
    /// Secondary indexes by member set (built on first use by `ids(matching:)`, then kept up to
    /// date by `put` and `remove`), so uniqueness checks do not scan every row.
    private var indexes: [[String]: [String: Set<Int>]] = [:]

    init(idKey: String = "id") { self.idKey = idKey }

    /// Every row in ascending id order.
    var all: [JSONObject] { rows.keys.sorted().compactMap { rows[$0] } }
    var count: Int { rows.count }

    subscript(id: Int) -> JSONObject? { rows[id] }

    /// Hands out the next free id.
    mutating func reserveId() -> Int {
        defer { nextId += 1 }
        return nextId
    }

    /// Inserts or replaces the row under its own id; returns false when the row has no integer id.
    @discardableResult
    mutating func put(_ row: JSONObject) -> Bool {
        guard let id = row[idKey]?.intValue else { return false }
        if let old = rows[id] { unindex(old, id: id) }
        rows[id] = row
        index(row, id: id)
        nextId = max(nextId, id + 1)
        return true
    }

    mutating func remove(_ id: Int) {
        if let old = rows[id] { unindex(old, id: id) }
        rows[id] = nil
    }

    /// The ids of the rows whose members equal `values` (compared as `SimRecordTable.indexKey`
    /// renders them), ascending.
    mutating func ids(matching values: [String: JSONValue]) -> [Int] {
        let members = values.keys.sorted()
        if indexes[members] == nil {
            var built: [String: Set<Int>] = [:]
            for (id, row) in rows { built[Self.indexKey(row, members), default: []].insert(id) }
            indexes[members] = built
        }
        let key = Self.indexKey(JSONObject(members.map { (key: $0, value: values[$0] ?? .null) }), members)
        return (indexes[members]?[key] ?? []).sorted()
    }

    /// One string per member set: numbers by value (`7` and `7.0` match, as JSON equality
    /// does), strings as text, a missing member like `null`, anything else serialised.
    private static func indexKey(_ row: JSONObject, _ members: [String]) -> String {
        members.map { member -> String in
            guard let value = row[member], value != .null else { return "-" }
            if let number = value.numberValue, let decimal = number.decimal { return "n\(decimal)" }
            if let string = value.stringValue { return "s\(string)" }
            return "j" + value.serialized()
        }.joined(separator: "\u{1F}")
    }

    private mutating func index(_ row: JSONObject, id: Int) {
        for members in indexes.keys { indexes[members]?[Self.indexKey(row, members), default: []].insert(id) }
    }

    private mutating func unindex(_ row: JSONObject, id: Int) {
        for members in indexes.keys {
            let key = Self.indexKey(row, members)
            indexes[members]?[key]?.remove(id)
            if indexes[members]?[key]?.isEmpty == true { indexes[members]?[key] = nil }
        }
    }
}

/// A data file that could not be loaded into a simulator: which file and what was wrong.
public struct SimDataFileError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let problem: String
    public var description: String {
        "Cannot load simulator data from \(file): \(problem). Fix the file (see sample-data/README.md) "
            + "or regenerate it with scripts/generate-sample-data.py."
    }
}

enum SimDataFile {
    /// Reads a JSON array of objects; nil when the file does not exist (every resource file is optional).
    static func objects(in directory: URL, named name: String, idKey: String) throws -> [JSONObject]? {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SimDataFileError(file: url.path, problem: "it cannot be read (\(error.localizedDescription))")
        }
        let value: JSONValue
        do { value = try JSONValue(parsing: data) } catch {
            throw SimDataFileError(file: url.path, problem: error.description)
        }
        guard let array = value.arrayValue else {
            throw SimDataFileError(file: url.path, problem: "expected a JSON array, found \(value.kindName)")
        }
        return try array.enumerated().map { index, element in
            guard let object = element.objectValue else {
                throw SimDataFileError(file: url.path, problem: "element \(index) is \(element.kindName), expected an object")
            }
            guard object[idKey]?.intValue != nil else {
                throw SimDataFileError(file: url.path, problem: "element \(index) has no integer \"\(idKey)\"")
            }
            return object
        }
    }
}
