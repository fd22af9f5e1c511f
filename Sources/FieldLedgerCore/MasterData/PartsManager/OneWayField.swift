import FieldLedgerHTTP
import Foundation

/// One field Business Central owns and PartsManager follows (vendors, items): how to read it from
/// each side as comparable text, and how to write Business Central's value to PartsManager.
struct OneWayField: Sendable {
    let name: String
    let fromBusinessCentral: @Sendable (JSONObject) -> String?
    let fromPartsManager: @Sendable (JSONObject) -> String?
    let toPartsManager: @Sendable (String) -> FieldWrite?

    /// Text member to text member.
    static func text(_ name: String, bc: String, pm: String) -> OneWayField {
        OneWayField(name: name, fromBusinessCentral: { MasterDataText.text($0[bc]) },
                    fromPartsManager: { MasterDataText.text($0[pm]) },
                    toPartsManager: { .member(pm, .string($0)) })
    }

    /// A Business Central address field to a member of PartsManager's `Address` object.
    static func address(_ name: String, pm: String) -> OneWayField {
        OneWayField(name: name, fromBusinessCentral: { MasterDataText.text($0[name]) },
                    fromPartsManager: { MasterDataText.text($0["Address"]?.objectValue?[pm]) },
                    toPartsManager: { .address(pm, $0) })
    }

    /// Money, compared as exact decimals (7.4 and 7.40 are the same price), written as a JSON number.
    static func money(_ name: String, bc: String, pm: String) -> OneWayField {
        OneWayField(name: name, fromBusinessCentral: { decimalText($0[bc]) }, fromPartsManager: { decimalText($0[pm]) },
                    toPartsManager: { value in Decimal(string: value, locale: Locale(identifier: "en_US_POSIX")).map { .member(pm, .decimal($0)) } })
    }

    /// A flag: `blocked`/`inactive` style, as "true"/"false".
    static func flag(_ name: String, bc: @escaping @Sendable (JSONObject) -> Bool, pm: String,
                     pmMeansActive: Bool) -> OneWayField {
        OneWayField(name: name,
                    fromBusinessCentral: { bc($0) ? "blocked" : "active" },
                    fromPartsManager: { record in
                        guard let value = record[pm]?.boolValue else { return nil }
                        return value == pmMeansActive ? "active" : "blocked"
                    },
                    toPartsManager: { .member(pm, .bool(($0 == "active") == pmMeansActive)) })
    }

    static func decimalText(_ value: JSONValue?) -> String? {
        if let decimal = value?.decimalValue { return decimal.plainString }
        if let text = value?.stringValue, let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) { return decimal.plainString }
        return nil
    }
}
