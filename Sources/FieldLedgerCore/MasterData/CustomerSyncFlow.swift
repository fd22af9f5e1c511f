import FieldLedgerHTTP
import Foundation
import GRDB

/// ServiceTrade companies ↔ Business Central customers, both ways, field by field (issue 6).
/// Runs before `invoice.post`: invoices need their customer.
struct CustomerSyncFlow: SyncFlow {
    static let name = "customer.sync"
    var name: String { Self.name }
    /// Used where finance has no `field_authority` rule for a field.
    var fallback: FieldAuthority = .defaults

    func run(_ cycle: SyncCycle) async throws -> FlowCounts {
        let authority = FieldAuthority.rules(cycle.validator.resolver, fallback: fallback)
        return try await CustomerSync(store: cycle.store, bc: cycle.bc, st: cycle.st, authority: authority,
                               createMissing: cycle.settings.createMissingCustomers).run()
    }
}

/// One pass of the customer sync.
///
/// Change detection: ServiceTrade companies by an `updatedAfter` cursor (re-reading the last
/// second, since `updated` has one-second resolution); Business Central customers from
/// `reference_data`, which `ReferenceDataRefresh` refreshes by `lastModifiedDateTime` at the start
/// of every cycle — so Business Central is polled once, not twice. Whether a field changed is
/// decided against the base, by value, so re-reading a record (or reading back a value FieldLedger
/// wrote) is never a change. The cursors advance only when every pair went through, so a failed
/// pair is looked at again next cycle.
struct CustomerSync: Sendable {
    let store: Store
    let bc: BusinessCentralClient
    let st: ServiceTradeClient
    var authority: FieldAuthority = .defaults
    var fields: [CustomerField] = CustomerField.all
    /// `sync.create_missing_customers`: a company with a customer code and no match becomes a customer.
    var createMissing = false

    static let stCursor = "customer.sync:companies"
    static let bcCursor = "customer.sync:customers"
    /// Companies that matched no customer (a JSON array of ids), tried again when a new customer appears.
    static let unmatchedCursor = "customer.sync:unmatched"

    static func unmatched(in store: Store) throws -> Set<String> {
        guard let text = try SyncCursor.position(system: "servicetrade", entity: unmatchedCursor, in: store),
              let list = (try? JSONValue(parsing: text))?.arrayValue else { return [] }
        return Set(list.compactMap(\.stringValue))
    }

    func run() async throws -> FlowCounts {
        var counts = FlowCounts(flow: CustomerSyncFlow.name)
        let since = try cursor(system: "servicetrade", Self.stCursor).flatMap { Int($0) }
        var companies: [String: JSONObject] = [:]
        try await st.forEachPage("company", plural: "companies",
                                 filters: since.map { [("updatedAfter", String($0 - 1))] } ?? []) { page in
            for company in page { if let id = Self.id(company["id"]) { companies[id] = company } }
        }
        var state = try loadState()
        let changedCustomers = state.customers.filter { $0.value.modified.map { $0 > (state.bcSince ?? "") } ?? (state.bcSince == nil) }

        // Companies that matched no customer are tried again when a customer no company has yet
        // appears in Business Central, even if the company itself did not change.
        var unmatched = try Self.unmatched(in: store)
        if changedCustomers.keys.contains(where: { state.linkByCustomer[$0] == nil }) {
            for companyID in unmatched.sorted() where companies[companyID] == nil {
                if let company = try await st.get("company", id: companyID) { companies[companyID] = company }
            }
        }

        var pairs: [String: Link] = [:]
        for (companyID, company) in companies.sorted(by: { $0.key.localizedStandardCompare($1.key) == .orderedAscending }) {
            if let link = state.linkByCompany[companyID] { pairs[companyID] = link; unmatched.remove(companyID); continue }
            if let link = try await couple(company, id: companyID, state: &state) {
                pairs[companyID] = link
                unmatched.remove(companyID)
            } else if state.openAmbiguous.contains(companyID) {
                unmatched.remove(companyID)
            } else {
                unmatched.insert(companyID)
            }
        }
        try store.write { db in
            try SyncCursor.set(system: "servicetrade", entity: Self.unmatchedCursor,
                               to: JSONValue.array(unmatched.sorted().map(JSONValue.string)).serialized(), in: db)
        }
        for customerID in changedCustomers.keys {
            if let link = state.linkByCustomer[customerID] { pairs[link.sourceId] = link }
        }

        var allWell = true
        for (companyID, link) in pairs.sorted(by: { $0.key < $1.key }) {
            do {
                var company = companies[companyID]
                if company == nil { company = try await st.get("company", id: companyID) }
                guard let company, let customer = state.customers[link.erpId]?.json else { continue }
                var pair = CustomerPair(sync: self, link: link, company: company, customer: customer, context: state.context)
                if try await pair.reconcile() { counts.posted += 1 }
            } catch {
                allWell = false
                counts.failed += 1
                MasterDataFailure.record(error, subject: "servicetrade:company:\(companyID)",
                                         details: ["bcCustomer": .string(link.erpNumber ?? link.erpId)], in: store)
            }
        }
        // Changes taken in: records that needed a write (re-reading an unchanged record is not one).
        counts.received = counts.posted + counts.failed
        if allWell {
            let stNewest = companies.values.compactMap { $0["updated"]?.intValue }.max()
            let bcNewest = changedCustomers.values.compactMap(\.modified).max()
            try store.write { db in
                if let stNewest, stNewest > (since ?? Int.min) {
                    try Self.setCursor(system: "servicetrade", Self.stCursor, String(stNewest), in: db)
                }
                if let bcNewest, bcNewest > (state.bcSince ?? "") {
                    try Self.setCursor(system: "fieldledger", Self.bcCursor, bcNewest, in: db)
                }
            }
        }
        return counts
    }

    // MARK: - State

    struct CachedCustomer: Sendable { var json: JSONObject; var modified: String? }

    struct State: Sendable {
        var customers: [String: CachedCustomer]
        var linkByCompany: [String: Link]
        var linkByCustomer: [String: Link]
        var uncoupled: [String: Set<String>]
        var openAmbiguous: Set<String>
        var bcSince: String?
        var context: CustomerFieldContext
    }

    func loadState() throws -> State {
        try store.read { db in
            var customers: [String: CachedCustomer] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT erp_id, data, last_modified FROM reference_data WHERE erp_system = 'businesscentral' AND entity = 'customers'
                """) {
                let data: String = row["data"]
                guard let json = (try? JSONValue(parsing: data))?.objectValue else { continue }
                customers[(row["erp_id"] as String).lowercased()] = CachedCustomer(json: json, modified: row["last_modified"])
            }
            let links = try Link.fetchAll(db, sql: """
                SELECT * FROM links WHERE erp_system = 'businesscentral' AND kind = 'customer'
                  AND source_system = 'servicetrade' AND source_entity = 'company'
                """)
            var uncoupled: [String: Set<String>] = [:]
            var ambiguous: Set<String> = []
            for row in try Row.fetchAll(db, sql: """
                SELECT status, source_id, erp_id FROM master_data_matches WHERE entity = 'customer' AND status IN ('uncoupled','ambiguous')
                """) {
                let source: String = row["source_id"]
                if (row["status"] as String) == "ambiguous" { ambiguous.insert(source); continue }
                if let erp: String = row["erp_id"] { uncoupled[source, default: []].insert(erp.lowercased()) }
            }
            let areas = try Row.fetchAll(db, sql: """
                SELECT erp_id, code, name FROM reference_data WHERE erp_system = 'businesscentral' AND entity = 'taxAreas'
                """).map { CustomerFieldContext.TaxArea(id: $0["erp_id"], code: $0["code"] ?? "", name: $0["name"]) }
            return State(customers: customers,
                         linkByCompany: Dictionary(links.map { ($0.sourceId, $0) }, uniquingKeysWith: { a, _ in a }),
                         linkByCustomer: Dictionary(links.map { ($0.erpId.lowercased(), $0) }, uniquingKeysWith: { a, _ in a }),
                         uncoupled: uncoupled, openAmbiguous: ambiguous,
                         bcSince: try SyncCursor.position(system: "fieldledger", entity: Self.bcCursor, in: db),
                         context: CustomerFieldContext(taxAreas: areas))
        }
    }

    func cursor(system: String, _ entity: String) throws -> String? {
        try SyncCursor.position(system: system, entity: entity, in: store)
    }

    static func setCursor(system: String, _ entity: String, _ position: String, in db: Database) throws {
        try SyncCursor.set(system: system, entity: entity, to: position, in: db)
    }

    /// ServiceTrade ids are integers in JSON; links keep them as text.
    static func id(_ value: JSONValue?) -> String? { MasterDataText.id(value) }
}
