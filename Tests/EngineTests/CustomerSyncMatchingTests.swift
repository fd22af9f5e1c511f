import FieldLedgerHTTP
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore
@testable import FieldLedgerSim

/// First-sync matching, coupling by hand, and the sample company's customer edited in both
/// systems (sample-data/README.md, planted problem 7).
@Suite("Engine: customer matching and the sample conflict")
struct CustomerSyncMatchingTests {
    func links(_ company: SimulatedCompany) throws -> [String: String] {
        try company.store.read { db in
            try Row.fetchAll(db, sql: "SELECT source_id, erp_number FROM links WHERE kind = 'customer' AND source_entity = 'company'")
                .reduce(into: [String: String]()) { $0[$1[0]] = $1[1] }
        }
    }

    @Test("first sync couples existing records by number, external id and name + postal code, creates nothing, and reports an ambiguous one")
    func firstSync() async throws {
        let company = try await SimulatedCompany()
        // Company 30 (Lakeside Property Group, 28091) has no customer numbered C10030 — but two
        // customers with its name and postal code: ambiguous.
        for number in ["C20001", "C20002"] {
            _ = try await company.bc.create("customers", body: ["number": .string(number), "displayName": "Lakeside Property Group",
                                                                "postalCode": "28091"])
        }
        // A company with no customer code but a Business Central external id.
        let byExternal = try #require(try await company.st.create("company", ["name": "Eastgate Storage", "status": "active"]))
        let externalID = try #require(byExternal["id"]?.intValue)
        try await company.st.create("externalid", ["entityType": "company", "entityId": .int(externalID),
                                                   "system": "business_central", "value": "C20003"])
        _ = try await company.bc.create("customers", body: ["number": "C20003", "displayName": "Eastgate Self Storage"])
        // A company with neither: matched by its normalised name and ZIP.
        let byName = try #require(try await company.st.create("company", ["name": "Harbor Lofts LLC", "status": "active",
            "address": ["street": "1 Dock St", "city": "Raleigh", "state": "NC", "postalCode": "27601"]]))
        let nameID = try #require(byName["id"]?.intValue)
        _ = try await company.bc.create("customers", body: ["number": "C20004", "displayName": "Harbor Lofts, LLC", "postalCode": "27601-4410"])
        let customersBefore = try await company.bc.list("customers").count

        try await CustomerSyncTests.sync(company)
        let coupled = try links(company)
        #expect(coupled.count == 31)
        #expect(coupled["1"] == "C10001" && coupled["29"] == "C10029")
        #expect(coupled[String(externalID)] == "C20003")
        #expect(coupled[String(nameID)] == "C20004")
        #expect(coupled["30"] == nil, "ambiguous: not coupled")
        #expect(try await company.bc.list("customers").count == customersBefore, "matching never creates")
        let open = try AmbiguousMatch.open(company.store)
        #expect(open.count == 1 && open.first?.companyID == "30" && Set(open.first?.candidates ?? []) == ["C20001", "C20002"])

        // A second pass neither couples twice nor reports the ambiguity again.
        try await company.st.update("company", id: "30", ["email": "ap@lakeside.example"])
        try await CustomerSyncTests.sync(company)
        #expect(try links(company).count == 31)
        #expect(try AmbiguousMatch.open(company.store).count == 1)

        // A person decides: viewers may not; an operator couples (audited), and can uncouple again.
        let viewer = CommandContext(store: company.store, user: ActingUser(name: "vic"), role: .viewer)
        #expect(throws: AccessDenied.self) { try viewer.coupleCustomer(company: "30", customer: "C20002") }
        let olive = CommandContext(store: company.store, user: ActingUser(name: "olive"), role: .operator)
        #expect(throws: MasterDataError.self) { try olive.coupleCustomer(company: "30", customer: "C10001") }
        try olive.coupleCustomer(company: "servicetrade:company:30", customer: "c20002")
        #expect(try links(company)["30"] == "C20002")
        #expect(try AmbiguousMatch.open(company.store).isEmpty)
        try await CustomerSyncTests.sync(company)
        #expect(try await CustomerSyncTests.customer(company, "C20002")["email"]?.stringValue == "ap@lakeside.example")

        try olive.uncoupleCustomer(company: "30")
        #expect(try links(company)["30"] == nil)
        let actions = try company.store.read { db in
            try Row.fetchAll(db, sql: "SELECT actor, action FROM audit_events WHERE subject = 'servicetrade:company:30' ORDER BY seq")
                .map { "\($0[0] as String):\($0[1] as String)" }
        }
        #expect(actions.contains("olive:masterdata.coupled") && actions.contains("olive:masterdata.uncoupled"))
        #expect(actions.contains("engine:masterdata.ambiguous_match"))
        await company.stop()
    }

    @Test("the sample company: Wake County Schools (company 5) ends with Business Central's newer phone, and conflicts shows why")
    func sampleConflict() async throws {
        let company = try await SimulatedCompany()
        let summary = try await company.engine().runOnce()
        #expect(summary.counts("customer.sync").posted == 1)
        let five = try await CustomerSyncTests.stCompany(company, "5")
        #expect(five["phoneNumber"]?.stringValue == "(919) 555-0199")
        #expect(try await CustomerSyncTests.customer(company, "C10005")["phoneNumber"]?.stringValue == "(919) 555-0199")
        let conflicts = try ConflictQuery(record: "C10005").fetch(company.store)
        #expect(conflicts.count == 1)
        let phone = try #require(conflicts.first)
        #expect(phone.field == "phoneNumber" && phone.rule == .newest && phone.winner == .businesscentral)
        #expect(phone.stValue == "(919) 555-0142" && phone.bcValue == "(919) 555-0199")
        #expect(phone.stModified == "2026-11-18T15:05:00.000Z" && phone.bcModified?.hasPrefix("2026-11-19T13:40:00") == true)
        #expect(phone.explanation.contains("newest change wins"))
        #expect(try ConflictQuery(record: "5", field: "phoneNumber").fetch(company.store).count == 1)
        #expect(try ConflictQuery(record: "5", field: "email").fetch(company.store).isEmpty)
        // Nothing else in the sample disagrees, and a second cycle changes nothing.
        #expect(try ConflictQuery().fetch(company.store).count == 1)
        let second = try await company.engine().runOnce()
        #expect(second.counts("customer.sync").posted == 0)
        #expect(try company.store.read { db in try AuditVerifier.verify(db) }.isIntact)
        await company.stop()
    }
}
