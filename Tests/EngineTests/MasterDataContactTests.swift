import FieldLedgerHTTP
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore
@testable import FieldLedgerSim

/// ServiceTrade contacts ↔ Business Central person contacts over real HTTP against the
/// simulators (issue 6): creation under the customer's company contact, edits both ways, conflicts
/// by rule, no echo, first-sync matching.
@Suite("Engine: contacts both ways, field by field")
struct MasterDataContactTests {
    /// Customers first (a contact waits for its customer), then contacts — as the engine runs them.
    @discardableResult
    static func sync(_ company: SimulatedCompany, authority: FieldAuthority = .defaults) async throws -> FlowCounts {
        _ = try await ReferenceDataRefresh(client: company.bc, store: company.store).run()
        _ = try await CustomerSync(store: company.store, bc: company.bc, st: company.st, authority: authority).run()
        return try await ContactSync(store: company.store, bc: company.bc, st: company.st, authority: authority).run()
    }

    /// The Business Central person contact coupled to ServiceTrade contact `id`.
    static func person(_ company: SimulatedCompany, _ id: String) async throws -> JSONObject {
        let bcID = try #require(try company.store.read { db in
            try String.fetchOne(db, sql: "SELECT erp_id FROM links WHERE kind = 'contact' AND source_entity = 'contact' AND source_id = ?",
                                arguments: [id])
        })
        return try #require(try await company.bc.get("contacts(\(bcID))"))
    }

    static func editPerson(_ company: SimulatedCompany, _ id: String, _ body: JSONObject) async throws {
        let current = try await person(company, id)
        _ = try await company.bc.patch("contacts(\(current["id"]!.stringValue!))", etag: current["@odata.etag"]!.stringValue!, body: body)
    }

    static func persons(_ company: SimulatedCompany) async throws -> [JSONObject] {
        try await company.bc.list("contacts", query: ODataQuery(filter: ODataQuery.equals("type", "Person")))
    }

    static func stContact(_ company: SimulatedCompany, _ id: String) async throws -> JSONObject {
        try #require(try await company.st.get("contact", id: id))
    }

    @Test("first sync creates each contact once, under its customer's company contact; a contact without a customer waits")
    func creation() async throws {
        let company = try await SimulatedCompany()
        let counts = try await Self.sync(company)
        // Company 30 has no Business Central customer (sample problem 1): its 3 contacts wait.
        #expect(counts.blocked == 3)
        #expect(counts.posted == 0 && counts.failed == 0, "creating and coupling is not a field write")
        let persons = try await Self.persons(company)
        #expect(persons.count == 77)
        let nancy = try await Self.person(company, "4")
        #expect(nancy["displayName"]?.stringValue == "Nancy Johnson" && nancy["email"]?.stringValue == "nancy.johnson4@example.com")
        #expect(nancy["phoneNumber"]?.stringValue == "(919) 555-9832")
        #expect(nancy["companyNumber"]?.stringValue == "CT10004", "hangs under Crabtree Senior Living's company contact")
        // Again: nothing new, nothing twice; the waiting three are still waiting.
        let again = try await Self.sync(company)
        #expect(again.blocked == 3 && again.posted == 0)
        #expect(try await Self.persons(company).count == 77)
        // The customer and its company contact arrive: the waiting three are released by themselves.
        _ = try await company.bc.create("customers", body: ["number": "C10030", "displayName": "Lakeside Property Group"])
        let lakeside = try await company.bc.create("contacts", body: ["type": "Company", "displayName": "Lakeside Property Group"])
        let released = try await Self.sync(company)
        #expect(released.blocked == 0 && released.failed == 0)
        #expect(try await Self.persons(company).count == 80)
        #expect(try await Self.person(company, "60")["companyNumber"] == lakeside["number"])
        #expect(try ContactSync.waiting(in: company.store).isEmpty)
        await company.stop()
    }

    @Test("an edit on one side reaches the other: ServiceTrade phone → Business Central, Business Central name and e-mail → ServiceTrade")
    func oneSideEdits() async throws {
        let company = try await SimulatedCompany()
        try await Self.sync(company)
        CustomerSyncTests.later(company)
        try await company.st.update("contact", id: "4", ["phone": "(919) 555-4444"])
        try await Self.editPerson(company, "7", ["displayName": "Susan Miller-Brown", "email": "susan@new.example"])
        let counts = try await Self.sync(company)
        #expect(counts.posted == 2 && counts.failed == 0)
        #expect(try await Self.person(company, "4")["phoneNumber"]?.stringValue == "(919) 555-4444")
        let susan = try await Self.stContact(company, "7")
        #expect(susan["firstName"]?.stringValue == "Susan" && susan["lastName"]?.stringValue == "Miller-Brown")
        #expect(susan["email"]?.stringValue == "susan@new.example")
        #expect(try ConflictQuery(record: "7").fetch(company.store).isEmpty, "a one-sided change is not a conflict")
        await company.stop()
    }

    @Test("simultaneous edits resolve by rule: newest wins by default, a servicetrade rule holds even when Business Central is newer")
    func simultaneousEdits() async throws {
        let company = try await SimulatedCompany()
        let authority = FieldAuthority.overriding(["contact.email": .servicetrade])
        try await Self.sync(company, authority: authority)
        CustomerSyncTests.later(company)
        try await company.st.update("contact", id: "4", ["phone": "(919) 555-0001", "email": "st@example.com"])
        CustomerSyncTests.later(company)
        try await Self.editPerson(company, "4", ["phoneNumber": "(919) 555-0002", "email": "bc-newer@example.com"])
        try await Self.sync(company, authority: authority)

        let nancy = try await Self.stContact(company, "4")
        let person = try await Self.person(company, "4")
        #expect(nancy["phone"]?.stringValue == "(919) 555-0002" && person["phoneNumber"]?.stringValue == "(919) 555-0002")
        #expect(nancy["email"]?.stringValue == "st@example.com" && person["email"]?.stringValue == "st@example.com")
        let conflicts = try ConflictQuery(record: "4").fetch(company.store).filter { $0.entity == "contact" }
        #expect(Set(conflicts.map(\.field)) == ["phoneNumber", "email"])
        let phone = try #require(conflicts.first { $0.field == "phoneNumber" })
        #expect(phone.rule == .newest && phone.winner == .businesscentral && phone.losingValue == "(919) 555-0001")
        #expect(phone.stRef == "servicetrade:contact:4" && phone.bcRef.hasPrefix("businesscentral:contact:CT"))
        #expect(phone.stModified != nil && phone.bcModified != nil && phone.bcModified! > phone.stModified!)
        let email = try #require(conflicts.first { $0.field == "email" })
        #expect(email.rule == .servicetrade && email.winner == .servicetrade && email.losingValue == "bc-newer@example.com")
        let audited = try company.store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_events WHERE action = 'masterdata.conflict' AND subject = 'servicetrade:contact:4'")
        }
        #expect(audited == 2)
        await company.stop()
    }

    @Test("no echo: after convergence five cycles write nothing to either system")
    func noEcho() async throws {
        let company = try await SimulatedCompany()
        try await Self.sync(company)
        CustomerSyncTests.later(company)
        try await company.st.update("contact", id: "4", ["mobile": "(919) 555-8888"])
        try await Self.editPerson(company, "7", ["email": "bc-side@example.com"])
        #expect(try await Self.sync(company).posted == 2)
        let writes = { try company.store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_events WHERE action IN ('masterdata.updated', 'masterdata.coupled')") ?? -1
        } }
        let before = try writes()
        let bcBefore = try await Self.persons(company).map { "\($0["number"]!)=\($0["lastModifiedDateTime"]!)" }.sorted()
        let stBefore = try await company.st.list("contact", plural: "contacts").map { "\($0["id"]!)=\($0["updated"]!)" }.sorted()
        for _ in 1...5 {
            CustomerSyncTests.later(company)
            let counts = try await Self.sync(company)
            #expect(counts.posted == 0 && counts.failed == 0)
        }
        #expect(try writes() == before)
        #expect(try await Self.persons(company).map { "\($0["number"]!)=\($0["lastModifiedDateTime"]!)" }.sorted() == bcBefore)
        #expect(try await company.st.list("contact", plural: "contacts").map { "\($0["id"]!)=\($0["updated"]!)" }.sorted() == stBefore)
        await company.stop()
    }

    @Test("first-sync matching couples existing person contacts without duplicates and reports an ambiguous one")
    func matching() async throws {
        let company = try await SimulatedCompany()
        // Contact 4 (Nancy Johnson) already exists under CT10004; contact 34 (Susan Smith) twice.
        let existing = try await company.bc.create("contacts", body: ["type": "Person", "displayName": "Nancy  Johnson",
            "companyNumber": "CT10004", "email": "NANCY.JOHNSON4@example.com"])
        var twins: [String] = []
        for _ in 1...2 {
            let twin = try await company.bc.create("contacts", body: ["type": "Person", "displayName": "Susan Smith",
                "companyNumber": "CT10004", "email": "susan.smith34@example.com"])
            twins.append(try #require(twin["number"]?.stringValue))
        }
        // Contact 71 names its Business Central contact by external id.
        let byExternal = try await company.bc.create("contacts", body: ["type": "Person", "displayName": "M. Garcia",
            "companyNumber": "CT10004", "email": "mg@example.com"])
        try await company.st.create("externalid", ["entityType": "contact", "entityId": 71, "system": "business_central",
                                                   "value": .string(byExternal["number"]!.stringValue!)])
        try await Self.sync(company)
        #expect(try await Self.person(company, "4")["id"] == existing["id"])
        #expect(try await Self.person(company, "71")["id"] == byExternal["id"])
        let persons = try await Self.persons(company)
        // 80 contacts: 3 wait (company 30), 1 ambiguous, 2 matched — 74 created next to the 4 planted.
        #expect(persons.count == 4 + 74)
        let open = try AmbiguousMatch.open(company.store).filter { $0.entity == "contact" }
        #expect(open.count == 1 && open.first?.companyID == "34" && Set(open.first?.candidates ?? []) == Set(twins))
        try await Self.sync(company)
        #expect(try await Self.persons(company).count == 78, "a second pass neither creates nor couples twice")
        #expect(try AmbiguousMatch.open(company.store).filter { $0.entity == "contact" }.count == 1)
        // A person decides (operator role, audited); a number that was not a candidate is refused.
        let olive = CommandContext(store: company.store, user: ActingUser(name: "olive"), role: .operator)
        #expect(throws: MasterDataError.self) { try olive.coupleContact(contact: "contact:34", person: "CT10004") }
        try olive.coupleContact(contact: "servicetrade:contact:34", person: twins[1])
        #expect(try AmbiguousMatch.open(company.store).filter { $0.entity == "contact" }.isEmpty)
        #expect(try await Self.person(company, "34")["number"]?.stringValue == twins[1])
        try olive.uncoupleCustomer(company: "contact:34")
        try await Self.sync(company)
        #expect(try await Self.persons(company).count == 78, "an uncoupled contact is not coupled again, nor created")
        // Contact 71's name differs: first coupling counts as changed on both sides; newest wins and is logged.
        #expect(try ConflictQuery(record: "71", field: "displayName").fetch(company.store).count == 1)
        await company.stop()
    }
}
