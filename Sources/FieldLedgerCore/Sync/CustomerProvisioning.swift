import FieldLedgerHTTP
import Foundation

/// `sync.create_missing_customers`: a ServiceTrade company with no Business Central customer
/// becomes one, numbered by the company's customer code — the natural key, looked up before
/// anything is created, so a create whose answer was lost is adopted rather than repeated
/// (reference §7: master data is idempotent by `number`). One create per company even when
/// several of its invoices are processed at once. The customer is written into the cached
/// reference data and linked, so validation sees it at once.
actor CustomerProvisioning {
    private let bc: BusinessCentralClient
    private let store: Store
    private var inFlight: [String: Task<ReferenceIndex.Entry, Error>] = [:]

    init(bc: BusinessCentralClient, store: Store) {
        self.bc = bc
        self.store = store
    }

    /// The customer for `company`, created when absent. Nil when the company has no customer
    /// code to number it by (the invoice then stays blocked with MISSING_CUSTOMER).
    func customer(for company: CompanyDirectory.Company) async throws -> ReferenceIndex.Entry? {
        guard let code = company.customerCode else { return nil }
        if let pending = inFlight[company.id] { return try await pending.value }
        let task = Task { try await self.findOrCreate(company, number: code) }
        inFlight[company.id] = task
        do {
            let entry = try await task.value
            return entry
        } catch {
            inFlight[company.id] = nil   // a transient failure may succeed on the next invoice
            throw error
        }
    }

    private func findOrCreate(_ company: CompanyDirectory.Company, number: String) async throws -> ReferenceIndex.Entry {
        let existing = try await bc.list("customers", query: ODataQuery(filter: ODataQuery.equals("number", number)))
        let customer: JSONObject
        let action: String
        if let found = existing.first {
            customer = found
            action = "customer.adopted"
        } else {
            customer = try await bc.create("customers", body: Self.body(company, number: number))
            action = "customer.created"
        }
        guard let id = customer["id"]?.stringValue else { throw bc.shapeError("POST customers", "the customer has no id") }
        let set = ReferenceDataRefresh.standardSets.first { $0.name == "customers" }
            ?? ReferenceDataRefresh.EntitySet(name: "customers", codeField: "number", nameField: "displayName", blocked: .customerEnum)
        let subject = "servicetrade:company:\(company.id)"
        try store.write { db in
            try ReferenceDataRefresh.upsert([customer], of: set, refreshedAt: Timestamp.now(), in: db)
            var link = Link(erpSystem: "businesscentral", kind: "customer", sourceSystem: "servicetrade", sourceEntity: "company",
                            sourceId: company.id, sourceRef: number, erpId: id, erpNumber: number, workItemId: nil)
            try link.insert(recordingBy: .engine, subject: subject, in: db)
            try AuditLog.append(NewAuditEvent(actor: .engine, action: action, subject: subject,
                                              details: ["number": .string(number), "erpId": .string(id),
                                                        "displayName": .string(company.name)]), in: db)
        }
        return ReferenceIndex.Entry(id: id, code: number, name: customer["displayName"]?.stringValue, blocked: false, data: customer)
    }

    /// What Business Central gets: the company's name, address and contact details.
    static func body(_ company: CompanyDirectory.Company, number: String) -> JSONObject {
        var body: JSONObject = ["number": .string(number), "displayName": .string(String(company.name.prefix(100))), "type": "Company"]
        let address = company.json["address"]?.objectValue ?? [:]
        let fields: [(String, JSONValue?, Int)] = [
            ("addressLine1", address["street"], 100), ("city", address["city"], 30), ("state", address["state"], 30),
            ("postalCode", address["postalCode"], 20), ("phoneNumber", company.json["phoneNumber"], 30),
            ("email", company.json["email"], 80),
        ]
        for (name, value, limit) in fields {
            if let text = value?.stringValue, !text.isEmpty { body[name] = .string(String(text.prefix(limit))) }
        }
        return body
    }
}
