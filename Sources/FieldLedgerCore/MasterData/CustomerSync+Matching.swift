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
                try MasterDataCoupling.recordAmbiguous(companyID: companyID, company: company, candidates: listed, reason: reason, in: db)
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

/// Coupling and uncoupling records, by the engine's matcher or by a person (`fieldledger couple`).
enum MasterDataCoupling {
    /// Inserts the `links` row (kind `customer`, the same row invoice posting matches on) and the
    /// `masterdata.coupled` audit event naming the rule that matched. Call inside `Store.write`.
    static func couple(companyID: String, sourceRef: String?, customerID: String, customer: JSONObject,
                       by actor: ActingUser, rule: String, in db: Database) throws -> Link {
        let number = CustomerField.text(customer["number"])
        var link = Link(erpSystem: "businesscentral", kind: "customer", sourceSystem: "servicetrade", sourceEntity: "company",
                        sourceId: companyID, sourceRef: sourceRef,
                        erpId: customerID, erpNumber: number.isEmpty ? nil : number, workItemId: nil)
        let subject = "servicetrade:company:\(companyID)"
        try link.insert(recordingBy: actor, subject: subject, in: db)
        try AuditLog.append(NewAuditEvent(actor: actor, action: "masterdata.coupled", subject: subject,
            details: ["bcCustomer": .string(number), "bcId": .string(customerID.lowercased()), "rule": .string(rule)]), in: db)
        try db.execute(sql: """
            UPDATE master_data_matches SET status = 'resolved', resolved_at = ?, resolved_by = ?
            WHERE entity = 'customer' AND source_system = 'servicetrade' AND source_id = ? AND status = 'ambiguous'
            """, arguments: [Timestamp.now(), actor.name, companyID])
        return link
    }

    /// What a company link shows as its reference: the customer code, else the name.
    static func sourceRef(_ company: JSONObject) -> String {
        let code = CustomerField.text(company["customerCode"])
        return code.isEmpty ? CustomerField.text(company["name"]) : code
    }

    /// Records that `companyID` matches several customers, with the candidates, once; audited.
    static func recordAmbiguous(companyID: String, company: JSONObject, candidates: [(String, JSONObject)],
                                reason: String, in db: Database) throws {
        let list = JSONValue.array(candidates.map { id, customer in
            .object(["id": .string(id), "number": .string(CustomerField.text(customer["number"])),
                     "displayName": .string(CustomerField.text(customer["displayName"]))])
        })
        try db.execute(sql: """
            INSERT INTO master_data_matches (entity, status, source_system, source_id, source_ref, candidates, reason, created_at)
            VALUES ('customer', 'ambiguous', 'servicetrade', ?, ?, ?, ?, ?)
            """, arguments: [companyID, sourceRef(company), list.serialized(), reason, Timestamp.now()])
        try AuditLog.append(NewAuditEvent(actor: .engine, action: "masterdata.ambiguous_match", subject: "servicetrade:company:\(companyID)",
            details: ["candidates": list, "reason": .string(reason)]), in: db)
    }
}
