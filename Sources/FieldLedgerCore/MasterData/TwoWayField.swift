import FieldLedgerHTTP
import Foundation

/// How one part of a record is written to ServiceTrade or PartsManager: a top-level member,
/// several members at once (a contact's first and last name), or a member of the address object
/// (sent whole, because both systems replace the object).
enum FieldWrite: Sendable, Equatable {
    case member(String, JSONValue)
    case members(JSONObject)
    case address(String, String)
}

/// One mapped field of a two-way ServiceTrade ↔ Business Central pair (company ↔ customer,
/// contact ↔ contact): how to read it from each side as comparable text, and how to write a value
/// to each side. `Context` carries the lookups some fields need (tax areas for customers).
///
/// A reader answering nil means "this system cannot express the field for this record"; a writer
/// answering nil means "this value cannot be written there" (the field is then left as it is,
/// not bounced). Every two-way entity is a list of these, so reconciling, conflict logging and
/// echo suppression are written once (`MasterDataPair`).
struct TwoWayField<Context: Sendable>: Sendable {
    let name: String
    let fromServiceTrade: @Sendable (JSONObject, Context) -> String?
    let fromBusinessCentral: @Sendable (JSONObject, Context) -> String?
    let toServiceTrade: @Sendable (String, Context) -> FieldWrite?
    let toBusinessCentral: @Sendable (String, Context) -> (String, JSONValue)?

    static func text(_ value: JSONValue?) -> String { MasterDataText.text(value) }

    /// The same member name on both sides' top level, cut to Business Central's length `limit`.
    static func plain(_ name: String, st: String, bc: String, limit: Int) -> TwoWayField {
        TwoWayField(name: name,
                    fromServiceTrade: { record, _ in text(record[st]) },
                    fromBusinessCentral: { record, _ in text(record[bc]) },
                    toServiceTrade: { value, _ in .member(st, .string(value)) },
                    toBusinessCentral: { value, _ in (bc, .string(String(value.prefix(limit)))) })
    }
}

/// Text helpers every master-data entity shares (matching keys).
enum MasterDataText {
    /// Trimmed text of a JSON member; null, missing and non-text read as "".
    static func text(_ value: JSONValue?) -> String {
        (value?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A record id as text: ServiceTrade and PartsManager ids are integers in JSON; links keep text.
    static func id(_ value: JSONValue?) -> String? {
        if let int = value?.intValue { return String(int) }
        return value?.stringValue
    }

    /// Lower case, letters and digits only, single spaces: "Wake County  Schools, Inc." → "wake county schools inc".
    static func normalise(_ name: String) -> String {
        let cleaned = name.lowercased().unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : " " }
        return String(cleaned).split(separator: " ").joined(separator: " ")
    }
}
