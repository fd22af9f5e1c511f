import FieldLedgerHTTP
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore

/// `sync.create_missing_customers` (issue 4, "Customer prerequisite"): the planted invoice whose
/// company has no Business Central customer (INV-26150, company 30, customer code C10030).
@Suite("Engine: creating missing customers")
struct CustomerProvisioningTests {
    func customers(numbered number: String, in company: SimulatedCompany) async throws -> [JSONObject] {
        try await company.bc.list("customers", query: ODataQuery(filter: ODataQuery.equals("number", number)))
    }

    @Test("off: the invoice stays blocked; on: the customer is created once from the company and the invoice posts")
    func createsOnce() async throws {
        let company = try await SimulatedCompany()
        try await company.engine().runOnce()
        let blocked = try company.store.read { db in
            try String.fetchOne(db, sql: "SELECT state FROM work_items WHERE source_ref = 'INV-26150'")
        }
        #expect(blocked == "blocked")
        #expect(try await customers(numbered: "C10030", in: company).isEmpty)

        let cycle = try await company.engine(createMissingCustomers: true).runOnce()
        #expect(cycle.counts(InvoicePostFlow.name).posted == 1)
        let created = try await customers(numbered: "C10030", in: company)
        #expect(created.count == 1)
        #expect(created.first?["displayName"]?.stringValue == "Lakeside Property Group")
        #expect(created.first?["city"]?.stringValue == "Gastonia")
        #expect(try await company.invoicesInERP()["INV-26150"] == 1)
        let events = try company.store.read { db in
            try String.fetchAll(db, sql: "SELECT action FROM audit_events WHERE subject = 'servicetrade:company:30' ORDER BY seq")
        }
        #expect(events.contains("customer.created"))
        // Nothing more to do: a second cycle creates nothing.
        try await company.engine(createMissingCustomers: true).runOnce()
        #expect(try await customers(numbered: "C10030", in: company).count == 1)
        await company.stop()
    }

    @Test("a customer created by an earlier attempt whose answer was lost is adopted by its number, not created again")
    func adoptsExisting() async throws {
        let company = try await SimulatedCompany()
        _ = try await company.bc.create("customers", body: ["number": "C10030", "displayName": "Lakeside Property Group"])
        let lakeside = try await CompanyDirectory(st: company.st).company(id: "30")
        let provisioning = CustomerProvisioning(bc: company.bc, store: company.store)
        let adopted = try #require(try await provisioning.customer(for: lakeside))
        #expect(adopted.code == "C10030")
        #expect(try await customers(numbered: "C10030", in: company).count == 1)
        let actions = try company.store.read { db in
            try String.fetchAll(db, sql: "SELECT action FROM audit_events WHERE subject = 'servicetrade:company:30'")
        }
        #expect(actions.contains("customer.adopted") && !actions.contains("customer.created"))
        let linked = try company.store.read { db in
            try String.fetchOne(db, sql: "SELECT erp_id FROM links WHERE kind = 'customer' AND source_id = '30'")
        }
        #expect(linked == adopted.id.lowercased() || linked == adopted.id)
        await company.stop()
    }

    @Test("a company without a customer code is not created: the invoice stays blocked with the remedy")
    func noCodeNoCreate() async throws {
        let company = try await SimulatedCompany()
        var lakeside = try await CompanyDirectory(st: company.st).company(id: "30")
        lakeside.customerCode = nil
        #expect(try await CustomerProvisioning(bc: company.bc, store: company.store).customer(for: lakeside) == nil)
        #expect(try await customers(numbered: "C10030", in: company).isEmpty)
        await company.stop()
    }
}
