import FieldLedgerHTTP
import Foundation

/// First-sync matching of a ServiceTrade company to an existing Business Central customer, in the
/// configured order: customer number (the company's customer code), external id (the company's
/// `business_central` external id naming a customer number or id), then exact normalised name +
/// postal code. A customer already coupled to another company, or one a person uncoupled from this
/// company, is never a candidate, so nothing is coupled twice and nothing is duplicated. More than
/// one candidate at a step is ambiguous: a person decides (`fieldledger couple`).
struct CustomerMatcher: Sendable {
    enum Outcome: Sendable, Equatable {
        case matched(customerID: String, by: String)
        case ambiguous(candidates: [String], reason: String)
        case none
    }

    /// Business Central customers (reference data), by lower-case id.
    let customers: [String: JSONObject]
    /// Customer ids already coupled to some company.
    let coupled: Set<String>

    func match(_ company: JSONObject, companyID: String, uncoupled: Set<String>) -> Outcome {
        let free = customers.filter { !coupled.contains($0.key) && !uncoupled.contains($0.key) }
        let code = CustomerField.text(company["customerCode"])
        if !code.isEmpty {
            let hits = free.filter { CustomerField.text($0.value["number"]).uppercased() == code.uppercased() }
            if let outcome = decide(hits, by: "number", what: "customer number \(code)") { return outcome }
        }
        let external = CustomerField.text(company["externalIds"]?.objectValue?["business_central"])
        if !external.isEmpty {
            let hits = free.filter {
                CustomerField.text($0.value["number"]).uppercased() == external.uppercased() || $0.key == external.lowercased()
            }
            if let outcome = decide(hits, by: "externalId", what: "external id \(external)") { return outcome }
        }
        let name = Self.normalise(CustomerField.text(company["name"]))
        let postal = Self.postal(CustomerField.text(company["address"]?.objectValue?["postalCode"]))
        guard !name.isEmpty, !postal.isEmpty else { return .none }
        let hits = free.filter {
            Self.normalise(CustomerField.text($0.value["displayName"])) == name
                && Self.postal(CustomerField.text($0.value["postalCode"])) == postal
        }
        return decide(hits, by: "nameAndPostalCode", what: "name and postal code") ?? .none
    }

    private func decide(_ hits: [String: JSONObject], by rule: String, what: String) -> Outcome? {
        switch hits.count {
        case 0: return nil
        case 1: return hits.first.map { .matched(customerID: $0.key, by: rule) }
        default:
            return .ambiguous(candidates: hits.keys.sorted(),
                              reason: "\(hits.count) Business Central customers share the \(what); couple one by hand with `fieldledger couple`.")
        }
    }

    /// Lower case, letters and digits only, single spaces: "Wake County  Schools, Inc." → "wake county schools inc".
    static func normalise(_ name: String) -> String { MasterDataText.normalise(name) }

    /// The first five digits of a US ZIP (ZIP+4 matches its ZIP), otherwise the trimmed upper-case text.
    static func postal(_ code: String) -> String {
        let trimmed = code.trimmingCharacters(in: .whitespaces).uppercased()
        let digits = trimmed.prefix { $0.isNumber }
        return digits.count == 5 ? String(digits) : trimmed
    }
}
