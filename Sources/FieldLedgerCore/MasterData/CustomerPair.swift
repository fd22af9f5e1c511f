import FieldLedgerHTTP
import Foundation
import GRDB

/// One coupled company/customer pair in one cycle: the customer's way of writing each side
/// (Business Central PATCH with the entity's etag and a refreshed reference cache; ServiceTrade
/// PUT of the company, with its tax rates fetched only when a tax area must be written) around
/// the shared `MasterDataPair` reconciliation.
struct CustomerPair {
    let sync: CustomerSync
    let link: Link
    var company: JSONObject
    var customer: JSONObject
    var context: CustomerFieldContext

    /// Returns whether anything was written to either system.
    mutating func reconcile() async throws -> Bool {
        var pair = MasterDataPair(store: sync.store, entity: CustomerField.entity, fields: sync.fields, authority: sync.authority,
                                  link: link, stRef: "servicetrade:company:\(link.sourceId)",
                                  bcRef: "businesscentral:customer:\(link.erpNumber ?? link.erpId)",
                                  st: company, bc: customer, context: context)
        let sync = sync, link = link
        let wrote = try await pair.reconcile(MasterDataPair.Writer(
            prepareServiceTrade: { context, fields in
                if fields.contains("taxArea"), context.stTaxRates.isEmpty { context.stTaxRates = try await Self.taxRates(sync.st) }
            },
            writeBusinessCentral: { body, current in
                try await MasterDataRemote.patch(sync.bc, "customers(\(link.erpId))", current: current, body: body,
                                                 what: "customer \(link.erpNumber ?? link.erpId)")
            },
            writeServiceTrade: { body, current in
                try await MasterDataRemote.update(sync.st, "company", id: link.sourceId, body: body, current: current)
            },
            afterBusinessCentralWrite: { customer, db in
                if let set = ReferenceDataRefresh.standardSets.first(where: { $0.name == "customers" }) {
                    try ReferenceDataRefresh.upsert([customer], of: set, refreshedAt: Timestamp.now(), in: db)
                }
            }))
        company = pair.st
        customer = pair.bc
        context = pair.context
        return wrote
    }

    /// The PUT body of a company (see `FieldWrite.body`).
    static func body(_ writes: [FieldWrite], _ company: JSONObject) -> JSONObject {
        FieldWrite.body(writes, company)
    }

    private static func taxRates(_ st: ServiceTradeClient) async throws -> [CustomerFieldContext.TaxRate] {
        try await st.list("taxrate", plural: "taxRates").compactMap { rate in
            guard let id = rate["id"]?.intValue, let name = rate["name"]?.stringValue else { return nil }
            return CustomerFieldContext.TaxRate(id: id, name: name)
        }
    }
}

/// The writes every master-data flow makes the same way.
enum MasterDataRemote {
    /// PATCH with the record's etag (read it first when the cached copy has none).
    static func patch(_ bc: BusinessCentralClient, _ path: String, current: JSONObject, body: JSONObject,
                      what: String) async throws -> JSONObject {
        var etag = current["@odata.etag"]?.stringValue
        if etag == nil { etag = try await bc.get(path)?["@odata.etag"]?.stringValue }
        guard let etag else { throw bc.shapeError("GET \(BusinessCentralClient.entitySetName(path))", "\(what) has no @odata.etag") }
        return try await bc.patch(path, etag: etag, body: body)
    }

    /// PUT, answering the record as ServiceTrade now holds it.
    static func update(_ st: ServiceTradeClient, _ resource: String, id: String, body: JSONObject,
                       current: JSONObject) async throws -> JSONObject {
        if let updated = try await st.update(resource, id: id, body) { return updated }
        return try await st.get(resource, id: id) ?? current
    }
}
