import FieldLedgerHTTP

/// The resources the simulated ServiceTrade serves, with their path name (`/st/api/<rawValue>`),
/// the plural key of their list payload and their data file in `sample-data/st/`.
enum ServiceTradeResource: String, CaseIterable, Sendable {
    case company, location, contact, job, invoice, serviceline, taxrate, clockevent, payment
    case comment, externalid, webhook, paymentterms, user, region

    var listKey: String {
        switch self {
        case .company: "companies"
        case .location: "locations"
        case .contact: "contacts"
        case .job: "jobs"
        case .invoice: "invoices"
        case .serviceline: "serviceLines"
        case .taxrate: "taxRates"
        case .clockevent: "clockEvents"
        case .payment: "payments"
        case .comment: "comments"
        case .externalid: "externalIds"
        case .webhook: "webhooks"
        case .paymentterms: "paymentTerms"
        case .user: "users"
        case .region: "regions"
        }
    }

    /// The file under `DIR/st/`; the file name is the plural, lower-cased.
    var fileName: String { listKey.lowercased() + ".json" }

    /// Entity types that can carry comments and external ids, and that webhooks report.
    static let entityTypes: Set<String> = ["company", "location", "contact", "job", "invoice", "clockevent", "payment", "user"]

    /// The fields a client may send on create (`required`) and on update (`updatable`).
    /// Reference fields are sent as `<name>Id` and stored as an embedded `{id, name}` object under `<name>`.
    var fields: [ServiceTradeField] {
        typealias F = ServiceTradeField
        switch self {
        case .company:
            return [F("name", .string, required: true), F("customerCode", .string), F("phoneNumber", .string),
                    F("email", .string), F("address", .address), F("status", .oneOf(["active", "inactive"])),
                    F("paymentTermsId", .reference(.paymentterms)), F("taxRateId", .reference(.taxrate))]
        case .location:
            return [F("name", .string, required: true), F("companyId", .reference(.company), required: true),
                    F("regionId", .reference(.region), required: true), F("address", .address),
                    F("phoneNumber", .string), F("email", .string), F("status", .oneOf(["active", "inactive"]))]
        case .contact:
            return [F("firstName", .string, required: true), F("lastName", .string, required: true),
                    F("email", .string), F("phone", .string), F("mobile", .string), F("type", .string),
                    F("companyId", .reference(.company), required: true), F("locationId", .reference(.location))]
        case .job:
            return [F("name", .string, required: true), F("number", .string), F("type", .string),
                    F("status", .oneOf(ServiceTradeRules.jobStatuses)),
                    F("companyId", .reference(.company), required: true), F("locationId", .reference(.location), required: true),
                    F("regionId", .reference(.region)), F("estimatedPrice", .money),
                    F("scheduledDate", .timestamp), F("completedOn", .timestamp)]
        case .invoice:
            return [F("jobId", .reference(.job), required: true, updatable: false), F("invoiceNumber", .string),
                    F("status", .oneOf(ServiceTradeRules.invoiceStatuses)), F("customerPo", .string),
                    F("paymentTermsId", .reference(.paymentterms)), F("transactionDate", .timestamp),
                    F("dueDate", .timestamp), F("items", .invoiceItems, updatable: false)]
        case .serviceline:
            return [F("name", .string, required: true), F("abbr", .string), F("trade", .string)]
        case .taxrate:
            return [F("name", .string, required: true), F("rate", .percent, required: true)]
        case .clockevent:
            return [F("userId", .reference(.user), required: true, updatable: false),
                    F("jobId", .reference(.job), required: true, updatable: false),
                    F("activity", .oneOf(ServiceTradeRules.clockActivities), required: true),
                    F("startTime", .timestamp, required: true), F("endTime", .timestamp), F("approved", .bool)]
        case .payment:
            return [F("invoiceId", .reference(.invoice), required: true, updatable: false),
                    F("amount", .money, required: true, updatable: false), F("paymentDate", .timestamp),
                    F("method", .string), F("referenceNumber", .string)]
        case .comment:
            return [F("entityType", .oneOf(Array(Self.entityTypes).sorted()), required: true, updatable: false),
                    F("entityId", .int, required: true, updatable: false), F("content", .string, required: true)]
        case .externalid:
            return [F("entityType", .oneOf(Array(Self.entityTypes).sorted()), required: true, updatable: false),
                    F("entityId", .int, required: true, updatable: false),
                    F("system", .systemName, required: true, updatable: false), F("value", .string, required: true)]
        case .webhook:
            return [F("hookUrl", .url, required: true), F("entityTypes", .entityTypeList), F("enabled", .bool),
                    F("secret", .secret)]
        case .paymentterms:
            return [F("name", .string, required: true), F("days", .int)]
        case .user:
            return [F("firstName", .string, required: true), F("lastName", .string, required: true),
                    F("email", .string), F("isTech", .bool), F("status", .oneOf(["active", "inactive"]))]
        case .region:
            return [F("name", .string, required: true)]
        }
    }

    /// Embedded references a list can be filtered on with `<name>Id=`: the writable ones plus
    /// those the server derives (an invoice's company, location and region come from its job).
    var referenceFilters: [String] {
        let written = fields.compactMap { field -> String? in
            if case .reference = field.kind { return field.storedName }
            return nil
        }
        switch self {
        case .invoice: return written + ["company", "location", "region"]
        case .user: return written + ["region"]
        default: return written
        }
    }

    /// Comments and payments are immutable once created.
    var allowsUpdate: Bool { self != .comment && self != .payment }
    /// Resources a client may delete.
    var allowsDelete: Bool { self == .webhook || self == .externalid }
}

/// One writable field of a ServiceTrade resource.
struct ServiceTradeField: Sendable {
    enum Kind: Sendable {
        case string, int, bool, money, percent, timestamp, address, url, secret, systemName, entityTypeList, invoiceItems
        case oneOf([String])
        case reference(ServiceTradeResource)
    }

    let name: String
    let kind: Kind
    let required: Bool
    let updatable: Bool

    init(_ name: String, _ kind: Kind, required: Bool = false, updatable: Bool = true) {
        self.name = name
        self.kind = kind
        self.required = required
        self.updatable = updatable
    }

    /// Where a reference field is stored: `companyId` → `company`.
    var storedName: String {
        if case .reference = kind, name.hasSuffix("Id") { return String(name.dropLast(2)) }
        return name
    }
}
