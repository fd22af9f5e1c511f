import FieldLedgerHTTP
import Foundation

/// Lookups some fields need to translate between the systems' vocabularies, read once per cycle.
struct CustomerFieldContext: Sendable {
    struct TaxArea: Sendable { var id: String; var code: String; var name: String? }
    struct TaxRate: Sendable { var id: Int; var name: String }

    /// Business Central tax areas (from the cached reference data).
    var taxAreas: [TaxArea] = []
    /// ServiceTrade tax rates (fetched only when a tax area must be written to ServiceTrade).
    var stTaxRates: [TaxRate] = []

    func taxArea(id: String) -> TaxArea? { taxAreas.first { $0.id.lowercased() == id.lowercased() } }

    /// ServiceTrade has no tax area: a company's tax rate stands for one when the rate is named
    /// after a Business Central tax area (its code or display name, case-insensitive).
    func taxArea(named name: String) -> TaxArea? {
        let key = name.lowercased()
        return taxAreas.first { $0.code.lowercased() == key || $0.name?.lowercased() == key }
    }

    func stTaxRate(for area: TaxArea) -> TaxRate? {
        stTaxRates.first { taxArea(named: $0.name)?.code == area.code }
    }
}

/// A mapped field of the ServiceTrade company ↔ Business Central customer pair.
typealias CustomerField = TwoWayField<CustomerFieldContext>

extension TwoWayField where Context == CustomerFieldContext {
    /// The entity name field-authority rules use.
    static var entity: String { "customer" }

    /// displayName ↔ name, the address, phone, e-mail, blocked ↔ status, taxArea ↔ tax rate.
    /// Business Central's length limits are applied on the way there (reference §2.1).
    static var all: [CustomerField] { [
        plain("displayName", st: "name", bc: "displayName", limit: 100),
        address("addressLine1", st: "street", limit: 100),
        address("city", st: "city", limit: 30),
        address("state", st: "state", limit: 30),
        address("postalCode", st: "postalCode", limit: 20),
        plain("phoneNumber", st: "phoneNumber", bc: "phoneNumber", limit: 30),
        plain("email", st: "email", bc: "email", limit: 80),
        CustomerField.status, CustomerField.taxArea,
    ] }

    static func address(_ name: String, st: String, limit: Int) -> CustomerField {
        CustomerField(name: name,
                      fromServiceTrade: { company, _ in text(company["address"]?.objectValue?[st]) },
                      fromBusinessCentral: { customer, _ in text(customer[name]) },
                      toServiceTrade: { value, _ in .address(st, value) },
                      toBusinessCentral: { value, _ in (name, .string(String(value.prefix(limit)))) })
    }

    /// Blocked in Business Central ↔ inactive in ServiceTrade: reflected, never deleted.
    /// Any Business Central block (Ship, Invoice, All) reads as blocked; FieldLedger blocks with `All`.
    static var status: CustomerField { CustomerField(
        name: "status",
        fromServiceTrade: { company, _ in CustomerField.text(company["status"]) == "inactive" ? "blocked" : "active" },
        fromBusinessCentral: { customer, _ in ReferenceDataRefresh.isBlocked(customer, .customerEnum) ? "blocked" : "active" },
        toServiceTrade: { value, _ in .member("status", .string(value == "blocked" ? "inactive" : "active")) },
        toBusinessCentral: { value, _ in ("blocked", .string(value == "blocked" ? "All" : " ")) }) }

    /// Business Central's tax area code. ServiceTrade expresses it through a tax rate named after
    /// the area (see `CustomerFieldContext.taxArea(named:)`); a rate that names no area, or no
    /// rate, is "cannot express", never a change.
    static var taxArea: CustomerField { CustomerField(
        name: "taxArea",
        fromServiceTrade: { company, context in
            company["taxRate"]?.objectValue?["name"]?.stringValue.flatMap { context.taxArea(named: $0)?.code }
        },
        fromBusinessCentral: { customer, context in
            guard let id = customer["taxAreaId"]?.stringValue, !id.hasPrefix("00000000-") else { return "" }
            return context.taxArea(id: id)?.code
        },
        toServiceTrade: { value, context in
            guard let area = context.taxArea(named: value), let rate = context.stTaxRate(for: area) else { return nil }
            return .member("taxRateId", .int(rate.id))
        },
        toBusinessCentral: { value, context in
            context.taxArea(named: value).map { ("taxAreaId", .string($0.id)) }
        }) }
}
