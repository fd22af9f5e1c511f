import FieldLedgerHTTP
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore
@testable import FieldLedgerSim

/// ServiceTrade companies ↔ Business Central customers over real HTTP against the simulators
/// (issue 6). Modification times come from the simulators' shared clock, advanced between edits.
@Suite("Engine: customers both ways, field by field")
struct CustomerSyncTests {
    /// One customer-sync pass the way the engine runs it: reference data first, then the flow.
    @discardableResult
    static func sync(_ company: SimulatedCompany, authority: FieldAuthority = .defaults) async throws -> FlowCounts {
        _ = try await ReferenceDataRefresh(client: company.bc, store: company.store).run()
        return try await CustomerSync(store: company.store, bc: company.bc, st: company.st, authority: authority).run()
    }

    static func customer(_ company: SimulatedCompany, _ number: String) async throws -> JSONObject {
        let found = try await company.bc.list("customers", query: ODataQuery(filter: ODataQuery.equals("number", number)))
        return try #require(found.first)
    }

    static func editCustomer(_ company: SimulatedCompany, _ number: String, _ body: JSONObject) async throws {
        let current = try await customer(company, number)
        let id = try #require(current["id"]?.stringValue)
        let etag = try #require(current["@odata.etag"]?.stringValue)
        _ = try await company.bc.patch("customers(\(id))", etag: etag, body: body)
    }

    static func stCompany(_ company: SimulatedCompany, _ id: String) async throws -> JSONObject {
        try #require(try await company.st.get("company", id: id))
    }

    /// Moves the simulators' clock on, so the next edit is clearly newer (ServiceTrade keeps seconds).
    static func later(_ company: SimulatedCompany) { company.stSim.clock.advance(by: 90) }

    @Test("an edit on one side reaches the other: ServiceTrade phone → Business Central, Business Central e-mail and block → ServiceTrade")
    func oneSideEdits() async throws {
        let company = try await SimulatedCompany()
        try await Self.sync(company)
        Self.later(company)
        try await company.st.update("company", id: "3", ["phoneNumber": "(919) 555-1234"])
        try await Self.editCustomer(company, "C10004", ["email": "billing@new.example", "blocked": "All"])
        let counts = try await Self.sync(company)
        #expect(counts.posted == 2)
        #expect(try await Self.customer(company, "C10003")["phoneNumber"]?.stringValue == "(919) 555-1234")
        let four = try await Self.stCompany(company, "4")
        #expect(four["email"]?.stringValue == "billing@new.example")
        #expect(four["status"]?.stringValue == "inactive", "blocked in Business Central is reflected as inactive, not deleted")
        #expect(try ConflictQuery(record: "3").fetch(company.store).isEmpty, "a one-sided change is not a conflict")
        await company.stop()
    }

    @Test("simultaneous edits resolve by the newest change, and each loser is logged field by field with both values and times")
    func simultaneousEdits() async throws {
        let company = try await SimulatedCompany()
        try await Self.sync(company)
        Self.later(company)
        try await company.st.update("company", id: "3", ["phoneNumber": "(919) 555-0001"])
        try await Self.editCustomer(company, "C10003", ["email": "bc-older@example.com"])
        Self.later(company)
        try await Self.editCustomer(company, "C10003", ["phoneNumber": "(919) 555-0002"])
        Self.later(company)
        try await company.st.update("company", id: "3", ["email": "st-newer@example.com"])
        try await Self.sync(company)
        // Both fields changed on both sides; ServiceTrade's record was modified last, so it wins both.
        let three = try await Self.stCompany(company, "3")
        let c3 = try await Self.customer(company, "C10003")
        #expect(three["email"]?.stringValue == "st-newer@example.com" && c3["email"]?.stringValue == "st-newer@example.com")
        #expect(three["phoneNumber"]?.stringValue == "(919) 555-0001" && c3["phoneNumber"]?.stringValue == "(919) 555-0001")
        let conflicts = try ConflictQuery(record: "3").fetch(company.store)
        #expect(Set(conflicts.map(\.field)) == ["phoneNumber", "email"])
        let phone = try #require(conflicts.first { $0.field == "phoneNumber" })
        #expect(phone.rule == .newest && phone.winner == .servicetrade)
        #expect(phone.bcValue == "(919) 555-0002" && phone.losingValue == "(919) 555-0002")
        #expect(phone.stModified != nil && phone.bcModified != nil && phone.stModified! > phone.bcModified!)
        let audited = try company.store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_events WHERE action = 'masterdata.conflict' AND subject = 'servicetrade:company:3'")
        }
        #expect(audited == 2)
        await company.stop()
    }

    @Test("businesscentral authority holds for the tax area and servicetrade authority for the address, even when the other side is newer")
    func authorityHolds() async throws {
        let company = try await SimulatedCompany()
        // ServiceTrade expresses a tax area through a tax rate named after it.
        var rates: [String: Int] = [:]
        for name in ["NC-WAKE", "NC-DURHAM", "NC-MECK"] {
            let rate = try await company.st.create("taxrate", ["name": .string(name), "rate": 7])
            rates[name] = try #require(rate?["id"]?.intValue)
        }
        try await company.st.update("company", id: "3", ["taxRateId": .int(rates["NC-WAKE"]!)])
        let authority = FieldAuthority.overriding(["customer.addressLine1": .servicetrade, "customer.city": .servicetrade])
        try await Self.sync(company, authority: authority)
        let areas = try await company.bc.list("taxAreas")
        let durham = try #require(areas.first { $0["code"]?.stringValue == "NC-DURHAM" }?["id"]?.stringValue)

        Self.later(company)
        try await company.st.update("company", id: "3", ["address": ["street": "1 ServiceTrade Way", "city": "Holly Springs", "state": "NC",
                                                                      "postalCode": "27513"]])
        try await Self.editCustomer(company, "C10003", ["taxAreaId": .string(durham)])
        Self.later(company)
        // The other side's changes come later, and still lose.
        try await Self.editCustomer(company, "C10003", ["addressLine1": "9 Business Central Blvd", "city": "Cary"])
        try await company.st.update("company", id: "3", ["taxRateId": .int(rates["NC-MECK"]!)])
        try await Self.sync(company, authority: authority)

        let three = try await Self.stCompany(company, "3")
        let c3 = try await Self.customer(company, "C10003")
        #expect(c3["taxAreaId"]?.stringValue?.lowercased() == durham.lowercased())
        #expect(three["taxRate"]?["name"]?.stringValue == "NC-DURHAM")
        #expect(c3["addressLine1"]?.stringValue == "1 ServiceTrade Way" && c3["city"]?.stringValue == "Holly Springs")
        #expect(three["address"]?["street"]?.stringValue == "1 ServiceTrade Way")
        let conflicts = try ConflictQuery(record: "C10003").fetch(company.store)
        let tax = try #require(conflicts.first { $0.field == "taxArea" })
        #expect(tax.rule == .businesscentral && tax.winner == .businesscentral && tax.stValue == "NC-MECK")
        let street = try #require(conflicts.first { $0.field == "addressLine1" })
        #expect(street.rule == .servicetrade && street.winner == .servicetrade && street.bcValue == "9 Business Central Blvd")
        #expect(try ConflictQuery(record: "3", field: "city").fetch(company.store).first?.winner == .servicetrade)
        await company.stop()
    }

    @Test("no echo: after convergence five cycles write nothing to either system")
    func noEcho() async throws {
        let company = try await SimulatedCompany()
        try await Self.sync(company)
        Self.later(company)
        try await company.st.update("company", id: "7", ["email": "st-side@example.com", "status": "inactive"])
        try await Self.editCustomer(company, "C10008", ["phoneNumber": "(919) 555-7777", "displayName": "Renamed In BC"])
        #expect(try await Self.sync(company).posted == 2)
        let writes = { try company.store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_events WHERE action = 'masterdata.updated'") ?? -1
        } }
        let before = try writes()
        let bcBefore = try await company.bc.list("customers").map { "\($0["number"]!)=\($0["lastModifiedDateTime"]!)" }.sorted()
        let stBefore = try await company.st.list("company", plural: "companies").map { "\($0["id"]!)=\($0["updated"]!)" }.sorted()
        for _ in 1...5 {
            Self.later(company)
            let counts = try await Self.sync(company)
            #expect(counts.posted == 0 && counts.failed == 0)
        }
        #expect(try writes() == before)
        // The simulators agree: no record in either system was modified by the five cycles.
        #expect(try await company.bc.list("customers").map { "\($0["number"]!)=\($0["lastModifiedDateTime"]!)" }.sorted() == bcBefore)
        #expect(try await company.st.list("company", plural: "companies").map { "\($0["id"]!)=\($0["updated"]!)" }.sorted() == stBefore)
        #expect(try await Self.customer(company, "C10007")["blocked"]?.stringValue == "All")
        #expect(try await Self.stCompany(company, "8")["name"]?.stringValue == "Renamed In BC")
        await company.stop()
    }
}
