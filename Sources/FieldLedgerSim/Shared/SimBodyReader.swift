import FieldLedgerHTTP
import Foundation

/// Reads typed members from a JSON request body and collects every problem, so one 400 answer
/// names all of them ("quantity must be a number greater than 0.", "ItemId 99 does not exist.").
struct SimBodyReader {
    let object: JSONObject
    /// Prefix for messages about nested objects, e.g. `POLineItems[2].`.
    let context: String
    private(set) var problems: [String] = []

    init(_ object: JSONObject, context: String = "") {
        self.object = object
        self.context = context
    }

    mutating func fail(_ message: String) { problems.append(context + message) }

    /// Refuses members outside `allowed` (a misspelt member must not be silently ignored).
    mutating func rejectUnknown(allowed: [String]) {
        for key in object.keys where !allowed.contains(key) {
            fail("\(key) is not a writable field; writable fields: \(allowed.joined(separator: ", ")).")
        }
    }

    func has(_ key: String) -> Bool { object[key].map { !$0.isNull } ?? false }

    mutating func string(_ key: String, required: Bool = false) -> String? {
        guard let value = object[key], !value.isNull else {
            if required { fail("\(key) is required.") }
            return nil
        }
        guard let s = value.stringValue else { fail("\(key) must be a string, found \(value.kindName)."); return nil }
        if required && s.trimmingCharacters(in: .whitespaces).isEmpty { fail("\(key) must not be blank."); return nil }
        return s
    }

    mutating func int(_ key: String, required: Bool = false) -> Int? {
        guard let value = object[key], !value.isNull else {
            if required { fail("\(key) is required.") }
            return nil
        }
        guard let i = value.intValue else { fail("\(key) must be an integer, found \(value.kindName)."); return nil }
        return i
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let b = value.boolValue else { fail("\(key) must be true or false, found \(value.kindName)."); return nil }
        return b
    }

    /// An exact decimal from a number or numeric string, with at most `scale` decimals.
    mutating func decimal(_ key: String, required: Bool = false, scale: Int = 2, positive: Bool = false,
                          nonNegative: Bool = false, nonZero: Bool = false) -> Decimal? {
        guard let value = object[key], !value.isNull else {
            if required { fail("\(key) is required.") }
            return nil
        }
        guard let d = SimMoney.decimal(value) else { fail("\(key) must be a number, found \(value.kindName)."); return nil }
        guard SimMoney.inRange(d) else { fail("\(key) is out of range: at most \(SimMoney.maximum) in magnitude."); return nil }
        if !SimMoney.hasAtMost(scale, decimals: d) { fail("\(key) has more than \(scale) decimals: \(d)."); return nil }
        if positive && d <= 0 { fail("\(key) must be greater than 0."); return nil }
        if nonNegative && d < 0 { fail("\(key) must not be negative."); return nil }
        if nonZero && d == 0 { fail("\(key) must not be zero."); return nil }
        return d
    }

    /// A calendar date `YYYY-MM-DD`.
    mutating func date(_ key: String) -> String? {
        guard let s = string(key) else { return nil }
        let parts = s.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let m = Int(parts[1]), let d = Int(parts[2]), Int(parts[0]) != nil, (1...12).contains(m), (1...31).contains(d)
        else { fail("\(key) must be a date YYYY-MM-DD, got '\(s)'."); return nil }
        return s
    }

    mutating func objects(_ key: String, required: Bool = false) -> [JSONObject]? {
        guard let value = object[key], !value.isNull else {
            if required { fail("\(key) is required.") }
            return nil
        }
        guard let array = value.arrayValue else { fail("\(key) must be an array, found \(value.kindName)."); return nil }
        var result: [JSONObject] = []
        for (i, element) in array.enumerated() {
            guard let o = element.objectValue else { fail("\(key)[\(i)] must be an object."); return nil }
            result.append(o)
        }
        if required && result.isEmpty { fail("\(key) must have at least one element."); return nil }
        return result
    }

    mutating func absorb(_ other: SimBodyReader) { problems.append(contentsOf: other.problems) }
}

/// ISO 8601 timestamps as SoftLedger-style APIs print them (`2026-11-20T17:00:00.000Z`).
enum SimISOTime {
    static func string(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    static func date(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }

    static func day(_ date: Date) -> String { String(string(date).prefix(10)) }
}
