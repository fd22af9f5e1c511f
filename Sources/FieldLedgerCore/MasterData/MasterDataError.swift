/// Why a coupling command could not do what was asked; the message says what to do instead.
public struct MasterDataError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        case unknownCompanyReference(String)
        case unknownCustomer(String)
        case companyAlreadyCoupled(company: String, customer: String)
        case customerAlreadyCoupled(customer: String, company: String)
        case notCoupled(company: String)
        case unknownContactReference(String)
        case contactAlreadyCoupled(contact: String, person: String)
        case noOpenContactMatch(String)
        case notACandidate(contact: String, person: String, candidates: [String])
    }

    public let code: Code

    public var description: String {
        switch code {
        case .unknownCompanyReference(let ref):
            return "'\(ref)' is not a ServiceTrade company reference; use its id (5), company:5 or servicetrade:company:5."
        case .unknownCustomer(let ref):
            return "No Business Central customer '\(ref)' in the cached reference data; use its number (C10005) or id, and run `fieldledger sync --once` first if it is new."
        case .companyAlreadyCoupled(let company, let customer):
            return "ServiceTrade company \(company) is already coupled to customer \(customer); run `fieldledger uncouple \(company)` first."
        case .customerAlreadyCoupled(let customer, let company):
            return "Business Central customer \(customer) is already coupled to ServiceTrade company \(company); run `fieldledger uncouple \(company)` first."
        case .notCoupled(let company):
            return "\(company.contains(":") ? company : "ServiceTrade company " + company) is not coupled to any Business Central record; nothing to uncouple (see `fieldledger trace`)."
        case .unknownContactReference(let ref):
            return "'\(ref)' is not a ServiceTrade contact reference; use contact:34 or servicetrade:contact:34."
        case .contactAlreadyCoupled(let contact, let person):
            return "ServiceTrade contact \(contact) is already coupled to Business Central contact \(person); nothing to decide."
        case .noOpenContactMatch(let contact):
            return "ServiceTrade contact \(contact) has no ambiguous match waiting for a person; see `fieldledger conflicts` for the open ones."
        case .notACandidate(let contact, let person, let candidates):
            return "'\(person)' is not one of the Business Central contacts contact \(contact) matched (\(candidates.joined(separator: ", "))); use one of those numbers."
        }
    }
}
