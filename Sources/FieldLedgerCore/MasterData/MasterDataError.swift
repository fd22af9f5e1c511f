/// Why a coupling command could not do what was asked; the message says what to do instead.
public struct MasterDataError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        case unknownCompanyReference(String)
        case unknownCustomer(String)
        case companyAlreadyCoupled(company: String, customer: String)
        case customerAlreadyCoupled(customer: String, company: String)
        case notCoupled(company: String)
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
            return "ServiceTrade company \(company) is not coupled to any Business Central customer; nothing to uncouple (see `fieldledger trace`)."
        }
    }
}
