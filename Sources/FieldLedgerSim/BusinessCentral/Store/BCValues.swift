import FieldLedgerHTTP
import Foundation

/// Value conventions of the simulated service: default values per type (BC never omits a
/// property; blank GUIDs and dates are sent as zero values), GUID normalisation, etags.
enum BCValues {
    static let emptyGUID = "00000000-0000-0000-0000-000000000000"
    static let emptyDate = "0001-01-01"
    static let emptyDateTime = "0001-01-01T00:00:00Z"

    static func defaultValue(_ type: BCFieldType) -> JSONValue {
        switch type {
        case .guid: .string(emptyGUID)
        case .string: .string("")
        case .decimal, .integer: .int(0)
        case .boolean: .bool(false)
        case .date: .string(emptyDate)
        case .dateTime: .string(emptyDateTime)
        }
    }

    /// A row with every property of the entity at its default value.
    static func blankRow(_ definition: BCEntityDefinition) -> JSONObject {
        JSONObject(definition.fields.map { (key: $0.name, value: defaultValue($0.type)) })
    }

    static func newGUID() -> String { UUID().uuidString.lowercased() }

    static func isBlankGUID(_ value: String?) -> Bool {
        guard let value else { return true }
        return value.isEmpty || value == emptyGUID
    }

    /// `W/"…"`: base64 of the row version and key, so it changes on every write of the row.
    static func etag(version: Int, key: String) -> String {
        let raw = "'\(version);\(key.prefix(13));'"
        return "W/\"" + base64(Array(raw.utf8)) + "\""
    }

    /// Standard base64 with padding (RFC 4648 §4) without going through `Data`: an etag is made
    /// for every entity served.
    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = UInt32(bytes[index])
            let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(triple >> 18 & 63)])
            out.append(alphabet[Int(triple >> 12 & 63)])
            out.append(index + 1 < bytes.count ? alphabet[Int(triple >> 6 & 63)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(triple & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Money rounding as BC does for LCY amounts: 2 decimals, half away from zero.
    static func round2(_ value: Decimal) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, 2, .plain)
        return result
    }
}

extension JSONObject {
    func string(_ key: String) -> String { self[key]?.stringValue ?? "" }
    func decimal(_ key: String) -> Decimal { self[key]?.decimalValue ?? 0 }
    func bool(_ key: String) -> Bool { self[key]?.boolValue ?? false }
    var id: String { string("id").lowercased() }
}
