import TOMLKit

/// A parsed TOML value, copied out of TOMLKit's C++-backed tables into a plain Swift value so the
/// validator can walk it without holding foreign pointers (TOMLKit's tables are not `Sendable`).
indirect enum TOMLNode: Sendable {
    case table([(key: String, value: TOMLNode)])
    case array([TOMLNode])
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    /// Dates and times: FieldLedger has no key of these types; kept only to name them in errors.
    case dateTime

    /// Parses a TOML document. - Throws: TOMLKit's `TOMLParseError` (with the source line).
    static func parse(_ text: String) throws -> TOMLNode {
        let table = try TOMLTable(string: text)
        return convertTable(table)
    }

    /// The 1-based line of a TOMLKit syntax error, and its message (without the position).
    static func syntaxError(_ error: any Error) -> (line: Int?, message: String) {
        guard let parseError = error as? TOMLParseError else { return (nil, String(describing: error)) }
        let line = parseError.source.begin.line
        return (line > 0 ? line : nil, parseError.description)
    }

    static func syntaxErrorLine(_ error: any Error) -> Int? { syntaxError(error).line }

    private static func convertTable(_ table: TOMLTable) -> TOMLNode {
        var entries: [(key: String, value: TOMLNode)] = []
        for key in table.keys {
            guard let value = table[key] else { continue }
            entries.append((key, convert(value)))
        }
        return .table(entries)
    }

    private static func convert(_ value: TOMLValueConvertible) -> TOMLNode {
        switch value.type {
        case .table: return value.table.map(convertTable) ?? .table([])
        case .array: return .array(value.array.map { $0.map(convert) } ?? [])
        case .string: return .string(value.string ?? "")
        case .int: return .integer(value.int ?? 0)
        case .double: return .float(value.double ?? 0)
        case .bool: return .bool(value.bool ?? false)
        case .date, .time, .dateTime: return .dateTime
        }
    }

    /// How the value is named after "found" in an error message. Strings are quoted and cut to a
    /// readable length; containers are named, not dumped.
    var found: String {
        switch self {
        case .table: return "a table"
        case .array: return "an array"
        case .string(let text):
            let visible = text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined()
            return "\"" + (visible.count > 40 ? String(visible.prefix(40)) + "…" : visible) + "\""
        case .integer(let number): return String(number)
        case .float(let number): return String(number)
        case .bool(let flag): return String(flag)
        case .dateTime: return "a date or time"
        }
    }
}
