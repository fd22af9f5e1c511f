import FieldLedgerHTTP
import Foundation

/// Contacts need no lookups to translate a field.
struct ContactFieldContext: Sendable {}

/// A mapped field of the ServiceTrade contact ↔ Business Central person contact pair.
typealias ContactField = TwoWayField<ContactFieldContext>

extension TwoWayField where Context == ContactFieldContext {
    /// The entity name field-authority rules and conflicts use.
    static var contactEntity: String { "contact" }

    /// name (first + last) ↔ displayName, e-mail, phone ↔ phoneNumber, mobile ↔ mobilePhoneNumber.
    /// Business Central's length limits are applied on the way there (reference §2.1).
    static var contactFields: [ContactField] { [
        ContactField.personName,
        plain("email", st: "email", bc: "email", limit: 80),
        plain("phoneNumber", st: "phone", bc: "phoneNumber", limit: 30),
        plain("mobilePhoneNumber", st: "mobile", bc: "mobilePhoneNumber", limit: 30),
    ] }

    /// ServiceTrade keeps first and last name; Business Central one display name. A name written
    /// to ServiceTrade is split at its last space ("Mary Ann Smith" → "Mary Ann" / "Smith"); a
    /// one-word name cannot be written there (ServiceTrade requires both) and is left alone.
    static var personName: ContactField { ContactField(
        name: "displayName",
        fromServiceTrade: { contact, _ in
            [text(contact["firstName"]), text(contact["lastName"])].filter { !$0.isEmpty }.joined(separator: " ")
        },
        fromBusinessCentral: { contact, _ in text(contact["displayName"]) },
        toServiceTrade: { value, _ in
            guard let split = splitName(value) else { return nil }
            return .members(["firstName": .string(split.first), "lastName": .string(split.last)])
        },
        toBusinessCentral: { value, _ in ("displayName", .string(String(value.prefix(100)))) }) }

    static func splitName(_ name: String) -> (first: String, last: String)? {
        let words = name.split(separator: " ")
        guard words.count >= 2, let last = words.last else { return nil }
        return (words.dropLast().joined(separator: " "), String(last))
    }
}
