import FieldLedgerHTTP
import Foundation
import GRDB

extension CustomerSync {
    /// Couples an unlinked company to its customer by the first-sync match; records an ambiguous
    /// one for a person (once); creates the customer when allowed and nothing matched.
    /// Returns the new link, or nil when the company stays uncoupled.
    func couple(_ company: JSONObject, id companyID: String, state: inout State) async throws -> Link? {
        if state.openAmbiguous.contains(companyID) { return nil }
        let matcher = CustomerMatcher(customers: state.customers.mapValues(\.json), coupled: Set(state.linkByCustomer.keys))
        switch matcher.match(company, companyID: companyID, uncoupled: state.uncoupled[companyID] ?? []) {
        case .matched(let customerID, let rule):
            guard let customer = state.customers[customerID]?.json else { return nil }
            let link = try store.write { db in
                try MasterDataCoupling.couple(companyID: companyID, sourceRef: MasterDataCoupling.sourceRef(company),
                                              customerID: customerID, customer: customer, by: .engine, rule: rule, in: db)
            }
            state.linkByCompany[companyID] = link
            state.linkByCustomer[customerID] = link
            return link
        case .ambiguous(let candidates, let reason):
            let listed = candidates.compactMap { id in state.customers[id].map { (id, $0.json) } }
            try store.write { db in
                try MasterDataCoupling.recordAmbiguous(.customer, sourceID: companyID, sourceRef: MasterDataCoupling.sourceRef(company),
                                                       candidates: listed, reason: reason, in: db)
            }
            state.openAmbiguous.insert(companyID)
            return nil
        case .none:
            guard createMissing, !CustomerField.text(company["customerCode"]).isEmpty else { return nil }
            let directoryEntry = CompanyDirectory.Company(id: companyID, name: CustomerField.text(company["name"]),
                                                          customerCode: CustomerField.text(company["customerCode"]), json: company)
            guard let created = try await CustomerProvisioning(bc: bc, store: store).customer(for: directoryEntry) else { return nil }
            state.customers[created.id.lowercased()] = CachedCustomer(json: created.data,
                                                                      modified: created.data["lastModifiedDateTime"]?.stringValue)
            let link = try store.read { db in
                try Link.fetchOne(db, sql: """
                    SELECT * FROM links WHERE erp_system = 'businesscentral' AND kind = 'customer'
                      AND source_system = 'servicetrade' AND source_entity = 'company' AND source_id = ?
                    """, arguments: [companyID])
            }
            if let link {
                state.linkByCompany[companyID] = link
                state.linkByCustomer[link.erpId.lowercased()] = link
            }
            return link
        }
    }
}
