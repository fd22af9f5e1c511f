import FieldLedgerHTTP
import Foundation
import GRDB

/// One coupled company/customer pair in one cycle: decides every mapped field against the base,
/// writes what must change (one Business Central PATCH with the entity's etag, one ServiceTrade
/// PUT), and records the new base, the conflicts and the audit events after each write that
/// succeeded — so a failed write is simply found again next cycle.
struct CustomerPair {
    let sync: CustomerSync
    let link: Link
    var company: JSONObject
    var customer: JSONObject
    var context: CustomerFieldContext

    var stRef: String { "servicetrade:company:\(link.sourceId)" }
    var bcRef: String { "businesscentral:customer:\(link.erpNumber ?? link.erpId)" }
    var stModified: String? { company["updated"]?.intValue.map { Timestamp.string(Date(timeIntervalSince1970: TimeInterval($0))) } }
    var bcModified: String? { customer["lastModifiedDateTime"]?.stringValue }

    /// Returns whether anything was written to either system.
    mutating func reconcile() async throws -> Bool {
        let base = try loadBase()
        var toBC: JSONObject = [:]
        var toST: [ServiceTradeWrite] = []
        var stFields: [String] = []
        // Each conflict is logged with the write that carries its winning value (or on its own
        // when that value cannot be written anywhere).
        var conflictsBC: [MasterDataConflict] = [], conflictsST: [MasterDataConflict] = [], unwritten: [MasterDataConflict] = []
        for field in sync.fields {
            let st = field.fromServiceTrade(company, context), bc = field.fromBusinessCentral(customer, context)
            let decision = FieldReconciler.decide(
                st: st, bc: bc, base: base[field.name],
                authority: sync.authority.authority(entity: CustomerField.entity, field: field.name),
                stModified: stModified.flatMap(Timestamp.date), bcModified: bcModified.flatMap(Timestamp.date))
            guard case .write(let target, let value, let decided) = decision else { continue }
            let conflict = decided.map {
                MasterDataConflict(entity: CustomerField.entity, linkId: link.id, stRef: stRef, bcRef: bcRef,
                    field: field.name, stValue: st, bcValue: bc, stModified: stModified, bcModified: bcModified,
                    rule: $0.rule, winner: $0.winner, decidedAt: Timestamp.now(), auditEventId: nil)
            }
            switch target {
            case .businesscentral:
                if let write = field.toBusinessCentral(value, context) {
                    toBC[write.0] = write.1
                    if let conflict { conflictsBC.append(conflict) }
                } else if let conflict { unwritten.append(conflict) }
            case .servicetrade:
                if field.name == "taxArea", context.stTaxRates.isEmpty { context.stTaxRates = try await loadTaxRates() }
                if let write = field.toServiceTrade(value, context) {
                    toST.append(write)
                    stFields.append(field.name)
                    if let conflict { conflictsST.append(conflict) }
                } else if let conflict { unwritten.append(conflict) }
            }
        }
        if !toBC.isEmpty {
            customer = try await patchCustomer(toBC)
            let settled = sync.fields.filter { !stFields.contains($0.name) }
            try save(settled, conflicts: conflictsBC, wrote: (.businesscentral, toBC), updatedCustomer: true)
        }
        if !toST.isEmpty {
            let body = Self.body(toST, company)
            company = try await updateCompany(body)
            try save(sync.fields, conflicts: conflictsST, wrote: (.servicetrade, body), updatedCustomer: false)
        }
        if toBC.isEmpty && toST.isEmpty || !unwritten.isEmpty {
            try save(sync.fields, conflicts: unwritten, wrote: nil, updatedCustomer: false)
        }
        return !toBC.isEmpty || !toST.isEmpty
    }

    private func loadBase() throws -> [String: FieldReconciler.Base] {
        try sync.store.read { db in
            var base: [String: FieldReconciler.Base] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT field, st_value, bc_value FROM master_data_base WHERE link_id = ?",
                                        arguments: [link.id]) {
                base[row["field"]] = FieldReconciler.Base(st: row["st_value"], bc: row["bc_value"])
            }
            return base
        }
    }

    /// Writes the base of `fields` as the systems now hold them, the conflicts, and one
    /// `masterdata.updated` audit event for the write that just succeeded.
    private func save(_ fields: [CustomerField], conflicts: [MasterDataConflict], wrote: (MasterDataSystem, JSONObject)?,
                      updatedCustomer: Bool) throws {
        let now = Timestamp.now()
        try sync.store.write { db in
            if updatedCustomer, let set = ReferenceDataRefresh.standardSets.first(where: { $0.name == "customers" }) {
                try ReferenceDataRefresh.upsert([customer], of: set, refreshedAt: now, in: db)
            }
            let statement = try db.cachedStatement(sql: """
                INSERT INTO master_data_base (link_id, field, st_value, bc_value, st_modified, bc_modified, synced_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (link_id, field) DO UPDATE SET st_value = excluded.st_value, bc_value = excluded.bc_value,
                    st_modified = excluded.st_modified, bc_modified = excluded.bc_modified, synced_at = excluded.synced_at
                """)
            for field in fields {
                try statement.execute(arguments: [link.id, field.name, field.fromServiceTrade(company, context),
                                                  field.fromBusinessCentral(customer, context), stModified, bcModified, now])
            }
            for var conflict in conflicts { try conflict.record(in: db) }
            if let wrote {
                try AuditLog.append(NewAuditEvent(actor: .engine, action: "masterdata.updated", subject: stRef,
                    details: ["system": .string(wrote.0.rawValue), "bcRef": .string(bcRef), "changes": .object(wrote.1)]), in: db)
            }
        }
    }

    private func patchCustomer(_ body: JSONObject) async throws -> JSONObject {
        let path = "customers(\(link.erpId))"
        var etag = customer["@odata.etag"]?.stringValue
        if etag == nil { etag = try await sync.bc.get(path)?["@odata.etag"]?.stringValue }
        guard let etag else { throw sync.bc.shapeError("GET customers", "customer \(link.erpNumber ?? link.erpId) has no @odata.etag") }
        return try await sync.bc.patch(path, etag: etag, body: body)
    }

    private func updateCompany(_ body: JSONObject) async throws -> JSONObject {
        if let updated = try await sync.st.update("company", id: link.sourceId, body) { return updated }
        return try await sync.st.get("company", id: link.sourceId) ?? company
    }

    /// The PUT body: top-level members as they are; address members merged into the company's
    /// current address (ServiceTrade replaces the whole object), keeping only the members it accepts.
    static func body(_ writes: [ServiceTradeWrite], _ company: JSONObject) -> JSONObject {
        var body: JSONObject = [:]
        var address: JSONObject = [:]
        for (key, value) in company["address"]?.objectValue ?? [:]
        where ["street", "city", "state", "postalCode", "county"].contains(key) && value.stringValue != nil {
            address[key] = value
        }
        var touchedAddress = false
        for write in writes {
            switch write {
            case .member(let name, let value): body[name] = value
            case .address(let name, let value): address[name] = .string(value); touchedAddress = true
            }
        }
        if touchedAddress { body["address"] = .object(address) }
        return body
    }

    private func loadTaxRates() async throws -> [CustomerFieldContext.TaxRate] {
        try await sync.st.list("taxrate", plural: "taxRates").compactMap { rate in
            guard let id = rate["id"]?.intValue, let name = rate["name"]?.stringValue else { return nil }
            return CustomerFieldContext.TaxRate(id: id, name: name)
        }
    }
}
