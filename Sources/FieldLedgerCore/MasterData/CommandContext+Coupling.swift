import FieldLedgerHTTP
import Foundation
import GRDB

extension CommandContext {
    /// `fieldledger couple ST-REF BC-REF`: couples a ServiceTrade company to a Business Central
    /// customer by hand (operator role, audited) — how a person settles an ambiguous match. The
    /// next sync cycle brings their fields into agreement by the field-authority rules.
    @discardableResult
    public func coupleCustomer(company companyRef: String, customer customerRef: String) throws -> Link {
        try require(.operator, to: "couple \(companyRef) with \(customerRef)")
        let companyID = try Self.companyID(companyRef)
        return try store.write { db in
            guard let customer = try Self.customer(customerRef, db) else { throw MasterDataError(code: .unknownCustomer(customerRef)) }
            let number = CustomerField.text(customer.json["number"])
            if let existing = try Self.customerLink(company: companyID, db) {
                throw MasterDataError(code: .companyAlreadyCoupled(company: companyID, customer: existing.erpNumber ?? existing.erpId))
            }
            if let other = try Link.fetchOne(db, sql: """
                SELECT * FROM links WHERE erp_system = 'businesscentral' AND kind = 'customer' AND source_system = 'servicetrade'
                  AND source_entity = 'company' AND erp_id = ?
                """, arguments: [customer.id]) {
                throw MasterDataError(code: .customerAlreadyCoupled(customer: number, company: other.sourceId))
            }
            let sourceRef = try String.fetchOne(db, sql: """
                SELECT source_ref FROM master_data_matches WHERE entity = 'customer' AND source_id = ? ORDER BY id DESC LIMIT 1
                """, arguments: [companyID])
            try db.execute(sql: """
                DELETE FROM master_data_matches WHERE entity = 'customer' AND source_id = ? AND erp_id = ? AND status = 'uncoupled'
                """, arguments: [companyID, customer.id])
            return try MasterDataCoupling.couple(companyID: companyID, sourceRef: sourceRef, customerID: customer.id,
                                                 customer: customer.json, by: user, rule: "manual", in: db)
        }
    }

    /// `fieldledger uncouple ST-REF`: removes the company's customer link (or, for `contact:34`,
    /// the contact's) and its base (operator role, audited). The pair is remembered, so automatic
    /// matching does not couple it again; the records themselves are left alone in both systems.
    @discardableResult
    public func uncoupleCustomer(company companyRef: String) throws -> Link {
        try require(.operator, to: "uncouple \(companyRef)")
        if Self.isContactReference(companyRef) { return try uncouple(.contact, sourceID: try Self.contactID(companyRef)) }
        return try uncouple(.customer, sourceID: try Self.companyID(companyRef))
    }

    private func uncouple(_ kind: MasterDataCoupling.Kind, sourceID: String) throws -> Link {
        try store.write { db in
            guard let link = try Link.fetchOne(db, sql: """
                SELECT * FROM links WHERE erp_system = 'businesscentral' AND kind = ? AND source_system = ? AND source_entity = ?
                  AND source_id = ?
                """, arguments: [kind.kind, kind.sourceSystem, kind.sourceEntity, sourceID]) else {
                throw MasterDataError(code: .notCoupled(company: kind.subject(sourceID)))
            }
            try db.execute(sql: "DELETE FROM master_data_base WHERE link_id = ?", arguments: [link.id])
            try db.execute(sql: "UPDATE master_data_conflicts SET link_id = NULL WHERE link_id = ?", arguments: [link.id])
            try db.execute(sql: "DELETE FROM links WHERE id = ?", arguments: [link.id])
            try db.execute(sql: """
                INSERT INTO master_data_matches (entity, status, source_system, source_id, source_ref, erp_id, candidates, reason,
                                                 created_at, resolved_by)
                VALUES (?, 'uncoupled', ?, ?, ?, ?, '[]', 'uncoupled by hand', ?, ?)
                """, arguments: [kind.kind, kind.sourceSystem, sourceID, link.sourceRef, link.erpId, Timestamp.now(), user.name])
            try AuditLog.append(NewAuditEvent(actor: user, action: "masterdata.uncoupled", subject: kind.subject(sourceID),
                details: [kind.detailKey: .string(link.erpNumber ?? ""), "bcId": .string(link.erpId)]), in: db)
            return link
        }
    }

    /// `5`, `company:5`, `servicetrade:company:5` → `5`.
    static func companyID(_ ref: String) throws -> String {
        var parts = ref.split(separator: ":").map(String.init)
        if parts.first == "servicetrade" { parts.removeFirst() }
        if parts.count == 2, parts[0] == "company" { parts.removeFirst() }
        guard parts.count == 1, let id = Int(parts[0]), id > 0 else { throw MasterDataError(code: .unknownCompanyReference(ref)) }
        return String(id)
    }

    static func customerLink(company companyID: String, _ db: Database) throws -> Link? {
        try Link.fetchOne(db, sql: """
            SELECT * FROM links WHERE erp_system = 'businesscentral' AND kind = 'customer' AND source_system = 'servicetrade'
              AND source_entity = 'company' AND source_id = ?
            """, arguments: [companyID])
    }

    /// A cached customer by number (case-insensitive), id, or `businesscentral:customer:NUMBER`.
    static func customer(_ ref: String, _ db: Database) throws -> (id: String, json: JSONObject)? {
        let key = ref.hasPrefix("businesscentral:customer:") ? String(ref.dropFirst("businesscentral:customer:".count)) : ref
        guard let row = try Row.fetchOne(db, sql: """
            SELECT erp_id, data FROM reference_data WHERE erp_system = 'businesscentral' AND entity = 'customers'
              AND (upper(code) = upper(?) OR erp_id = lower(?))
            """, arguments: [key, key]),
              let json = (try? JSONValue(parsing: row["data"] as String))?.objectValue else { return nil }
        return ((row["erp_id"] as String).lowercased(), json)
    }
}
