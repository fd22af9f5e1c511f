import FieldLedgerHTTP
import Foundation
import GRDB

/// Takes one `invoice.post` work item from wherever it stands to `posted`, `failed`, `blocked`
/// or `retry_wait`: decode, match the customer, validate, post exactly once, tell ServiceTrade.
struct InvoiceProcessor: Sendable {
    let store: Store
    let bc: BusinessCentralClient
    let st: ServiceTradeClient
    let companies: CompanyDirectory
    let retry: RetryPolicy
    /// What the item becomes in Business Central: a sales invoice (`invoice.post`) or a sales
    /// credit memo (`creditmemo.post`, a negative ServiceTrade invoice).
    var document: InvoicePlan.Document = .salesInvoice
    /// Set when `sync.create_missing_customers` is on.
    var customers: CustomerProvisioning? = nil

    func process(_ workItem: WorkItem, validator: InvoiceValidator) async -> WorkOutcome {
        var item = workItem
        do {
            guard let payload = item.payload, let json = (try? JSONValue(parsing: payload))?.objectValue else {
                return try await fail(&item, SyncFailure(code: "MALFORMED_SOURCE", object: item.subject,
                                                   message: "The stored payload is not a JSON object.", remedy: nil))
            }
            let invoice: SourceInvoice
            do { invoice = try SourceInvoice(json: json) } catch { return try await fail(&item, error) }

            let company = try await companies.company(id: invoice.companyID)
            var validator = validator
            var customerNumber = try matchCustomer(company: company, invoice: invoice, validator: validator)
            if customerNumber == nil, let customers, let created = try await customers.customer(for: company) {
                validator = validator.replacing(reference: validator.reference.adding(created, to: "customers"))
                customerNumber = created.code
            }
            switch validator.plan(invoice, customerNumber: customerNumber, companyName: company.name,
                                  customerCode: company.customerCode, as: document) {
            case .failure(let failure) where failure.code == "MISSING_CUSTOMER":
                try store.write { db in
                    if item.state != .blocked || item.errorCode != failure.code {
                        try item.move(to: .blocked, failure: failure, by: .engine, in: db)
                    }
                }
                return .blocked
            case .failure(let failure):
                return try await fail(&item, failure, rules: validator)
            case .success(var plan):
                if let locationID = invoice.locationID, let location = try await companies.location(id: locationID) {
                    plan.shipTo = InvoicePlan.ShipTo(serviceTradeLocation: location)
                }
                _ = try await InvoicePosting(bc: bc, store: store).post(&item, plan: plan, ruleIDs: plan.lines.map(\.glRuleID))
                await tellServiceTrade(item, status: "processed", comment: nil)
                return .posted
            }
        } catch let error as RemoteError {
            return (try? await handle(error, &item)) ?? .retrying
        } catch {
            let failure = FailureCatalog.internalError(error, item: item)
            return (try? await fail(&item, failure)) ?? .failed
        }
    }

    /// The Business Central customer for the invoice's company: an existing link, else the
    /// company's customer code as the customer number, else a unique exact name. A match found
    /// without a link is recorded as one (audited), so it is stable from then on.
    func matchCustomer(company: CompanyDirectory.Company, invoice: SourceInvoice, validator: InvoiceValidator) throws -> String? {
        if let linked = try store.read({ db in
            try String.fetchOne(db.cachedStatement(sql: """
                SELECT erp_number FROM links WHERE erp_system = 'businesscentral' AND kind = 'customer'
                  AND source_system = 'servicetrade' AND source_entity = 'company' AND source_id = ?
                """), arguments: [company.id])
        }) {
            return linked
        }
        let byCode = company.customerCode.flatMap { validator.reference.entry("customers", code: $0) }
        let byName = validator.reference.customers(named: company.name)
        guard let match = byCode ?? (byName.count == 1 ? byName[0] : nil) else { return nil }
        try store.write { db in
            var link = Link(erpSystem: "businesscentral", kind: "customer", sourceSystem: "servicetrade", sourceEntity: "company", sourceId: company.id,
                            sourceRef: company.customerCode ?? company.name, erpId: match.id, erpNumber: match.code, workItemId: nil)
            try link.insert(recordingBy: .engine, subject: "servicetrade:company:\(company.id)", in: db)
        }
        return match.code
    }

    /// `failed` (see `WorkItemSettlement.fail` for `rules`), and ServiceTrade told why.
    private func fail(_ item: inout WorkItem, _ failure: SyncFailure, rules: InvoiceValidator? = nil) async throws -> WorkOutcome {
        let before = item
        let outcome = try WorkItemSettlement(store: store, retry: retry).fail(&item, failure, rules: rules)
        await tellIfNewlyFailed(item, before: before, outcome)
        return outcome
    }

    /// `retry_wait` with backoff, or `failed` (`WorkItemSettlement.handle`), and ServiceTrade told why.
    private func handle(_ error: RemoteError, _ item: inout WorkItem) async throws -> WorkOutcome {
        let before = item
        let outcome = try WorkItemSettlement(store: store, retry: retry).handle(error, &item)
        await tellIfNewlyFailed(item, before: before, outcome)
        return outcome
    }

    /// ServiceTrade hears of a failure once: not again when the item had already failed for it
    /// (the settlement then writes nothing, and the item is unchanged).
    private func tellIfNewlyFailed(_ item: WorkItem, before: WorkItem, _ outcome: WorkOutcome) async {
        guard outcome == .failed, item != before else { return }
        await tellServiceTrade(item, status: "failed", comment: "FieldLedger: \(item.errorMessage ?? "") \(item.errorRemedy ?? "")")
    }

    /// ServiceTrade's recommended accounting pattern: `processed` once posted, `failed` with a
    /// comment saying why. A failure here is audited and does not undo the posting. The posted
    /// number reaches ServiceTrade as the invoice's `business_central` external id from the
    /// payments watch (`PaymentWatchFlow`), which is where it is first known.
    func tellServiceTrade(_ item: WorkItem, status: String, comment: String?) async {
        do {
            do {
                try await st.update("invoice", id: item.sourceId, ["status": .string(status)])
            } catch let error as RemoteError where error.status == 400 && status == "processed" {
                // An invoice FieldLedger once set to `failed` (then fixed and retried) cannot go
                // straight to `processed`: ServiceTrade's path is failed → pending_accounting →
                // processed. Intake ignores that pending_accounting version (same content as posted).
                guard try await st.get("invoice", id: item.sourceId)?["status"]?.stringValue == "failed" else { throw error }
                try await st.update("invoice", id: item.sourceId, ["status": "pending_accounting"])
                try await st.update("invoice", id: item.sourceId, ["status": "processed"])
            }
            let entityID: JSONValue = Int(item.sourceId).map { .int($0) } ?? .string(item.sourceId)
            if let comment {
                try await st.create("comment", ["entityType": "invoice", "entityId": entityID,
                                                 "content": .string(String(comment.prefix(2000)))])
            }
        } catch {
            _ = try? store.write { db in
                try AuditLog.append(NewAuditEvent(actor: .engine, action: "servicetrade.update_failed", subject: item.subject,
                    workItemId: item.id, details: ["status": .string(status), "error": .string("\(error)")]), in: db)
            }
        }
    }
}

/// ServiceTrade companies (for their customer code) and locations (the invoices' ship-to
/// addresses), each fetched once per cycle.
actor CompanyDirectory {
    struct Company: Sendable {
        var id: String
        var name: String
        var customerCode: String?
        /// The whole record (address, phone, e-mail) for creating a customer from it.
        var json: JSONObject = [:]
    }

    private let st: ServiceTradeClient
    private var cache: [String: Company] = [:]
    private var locations: [String: JSONObject?] = [:]

    init(st: ServiceTradeClient) { self.st = st }

    func company(id: String) async throws -> Company {
        if let cached = cache[id] { return cached }
        guard let json = try await st.get("company", id: id) else {
            throw RemoteError(system: .serviceTrade, operation: "GET company", status: 404, code: "http.404",
                              message: "company \(id) does not exist in ServiceTrade", isTransient: false)
        }
        let company = Company(id: id, name: json["name"]?.stringValue ?? "company \(id)",
                              customerCode: json["customerCode"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }, json: json)
        cache[id] = company
        return company
    }

    /// A ServiceTrade location, or nil when it no longer exists (the invoice posts without a ship-to).
    func location(id: String) async throws -> JSONObject? {
        if let cached = locations[id] { return cached }
        let json = try await st.get("location", id: id)
        locations[id] = json
        return json
    }
}
