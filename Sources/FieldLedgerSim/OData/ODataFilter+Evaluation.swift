import FieldLedgerHTTP
import Foundation

extension ODataFilter {
    /// True when the row satisfies the (validated) expression.
    func matches(_ row: JSONObject, _ schema: some ODataSchema) -> Bool {
        switch self {
        case .and(let a, let b): return a.matches(row, schema) && b.matches(row, schema)
        case .or(let a, let b): return a.matches(row, schema) || b.matches(row, schema)
        case .not(let a): return !a.matches(row, schema)
        case .compare(let operand, let op, let literal):
            guard let order = Self.compare(operand, row, schema, literal) else { return op == .ne }
            switch op {
            case .eq: return order == .orderedSame
            case .ne: return order != .orderedSame
            case .gt: return order == .orderedDescending
            case .ge: return order != .orderedAscending
            case .lt: return order == .orderedAscending
            case .le: return order != .orderedDescending
            }
        case .isIn(let operand, let literals):
            return literals.contains { Self.compare(operand, row, schema, $0) == .orderedSame }
        case .function(let function, let operand, let argument):
            let value = Self.text(operand, row)
            let needle = Self.transform(argument, operand.transform)
            switch function {
            case .contains: return value.contains(needle)
            case .startswith: return value.hasPrefix(needle)
            case .endswith: return value.hasSuffix(needle)
            }
        }
    }

    private static func transform(_ text: String, _ transform: ODataOperand.Transform) -> String {
        switch transform {
        case .none: text
        case .tolower: text.lowercased()
        case .toupper: text.uppercased()
        }
    }

    private static func text(_ operand: ODataOperand, _ row: JSONObject) -> String {
        let raw: String
        switch row[operand.property] {
        case .string(let s)?: raw = s
        case .number(let n)?: raw = n.literal
        case .bool(let b)?: raw = b ? "true" : "false"
        default: raw = ""
        }
        return transform(raw, operand.transform)
    }

    /// Orders the row's value against the literal; nil when they cannot be compared.
    private static func compare(_ operand: ODataOperand, _ row: JSONObject, _ schema: some ODataSchema,
                                _ literal: ODataLiteral) -> ComparisonResult? {
        let type = schema.propertyType(operand.property) ?? .string
        let value = row[operand.property] ?? .null
        switch (type, literal) {
        case (.decimal, .number(let n)), (.integer, .number(let n)):
            guard let d = value.decimalValue else { return nil }
            return d == n ? .orderedSame : (d < n ? .orderedAscending : .orderedDescending)
        case (.boolean, .boolean(let b)):
            guard let v = value.boolValue else { return nil }
            return v == b ? .orderedSame : (v ? .orderedDescending : .orderedAscending)
        case (.dateTime, .dateTime(let date, _)):
            guard let v = value.stringValue.flatMap(SimTime.parseISO8601) else { return nil }
            return v == date ? .orderedSame : (v < date ? .orderedAscending : .orderedDescending)
        case (.dateTime, .date(let day)):
            guard let v = value.stringValue, let date = SimTime.parseISO8601(day + "T00:00:00Z"),
                  let d = SimTime.parseISO8601(v) else { return nil }
            return d == date ? .orderedSame : (d < date ? .orderedAscending : .orderedDescending)
        case (.guid, .guid(let g)), (.guid, .string(let g)):
            return ordered((value.stringValue ?? "").lowercased(), g.lowercased())
        case (_, .null):
            let v = text(operand, row)
            return v.isEmpty ? .orderedSame : .orderedDescending
        case (_, .string(let s)), (_, .date(let s)):
            return ordered(text(operand, row), transform(s, operand.transform))
        default:
            return nil
        }
    }

    private static func ordered(_ a: String, _ b: String) -> ComparisonResult {
        a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
    }
}
