import FieldLedgerHTTP
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore
@testable import FieldLedgerSim

/// ServiceTrade jobs → Business Central projects over real HTTP against the simulators (issue 6).
@Suite("Engine: jobs become projects")
struct MasterDataJobTests {
    @discardableResult
    static func sync(_ company: SimulatedCompany) async throws -> FlowCounts {
        _ = try await ReferenceDataRefresh(client: company.bc, store: company.store).run()
        return try await JobProjectSync(store: company.store, bc: company.bc, st: company.st).run()
    }

    static func projects(_ company: SimulatedCompany) async throws -> [String: JSONObject] {
        Dictionary(try await company.bc.list("projects").map { ($0["number"]?.stringValue ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }

    func projectLinks(_ company: SimulatedCompany) throws -> [String: String] {
        try company.store.read { db in
            try Row.fetchAll(db, sql: "SELECT source_id, erp_number FROM links WHERE kind = 'project' AND source_entity = 'job'")
                .reduce(into: [String: String]()) { $0[$1[0]] = $1[1] }
        }
    }

    @Test("first sync couples the 150 existing projects by number and creates none; a new job's project is created once, a renamed job renames it")
    func jobsToProjects() async throws {
        let company = try await SimulatedCompany()
        let first = try await Self.sync(company)
        #expect(first.posted == 0 && first.failed == 0)
        #expect(try projectLinks(company).count == 150)
        #expect(try projectLinks(company)["1"] == "24001")
        #expect(try await Self.projects(company).count == 150)

        CustomerSyncTests.later(company)
        let job = try #require(try await company.st.create("job", ["name": "Fire Alarm repair - Capital Self Storage - Main",
            "number": "24151", "companyId": 3, "locationId": 5, "status": "scheduled"]))
        let jobID = try #require(job["id"]?.intValue)
        #expect(try await Self.sync(company).posted == 1)
        let created = try #require(try await Self.projects(company)["24151"])
        #expect(created["displayName"]?.stringValue == "Fire Alarm repair - Capital Self Storage - Main")
        #expect(try projectLinks(company)[String(jobID)] == "24151")
        // Validation sees it in the same cycle (the reference cache is updated with the create).
        let cached = try company.store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM reference_data WHERE entity = 'projects' AND code = '24151'")
        }
        #expect(cached == 1)

        CustomerSyncTests.later(company)
        try await company.st.update("job", id: String(jobID), ["name": "Fire Alarm repair (phase 2)"])
        #expect(try await Self.sync(company).posted == 1)
        let renamed = try #require(try await Self.projects(company)["24151"])
        #expect(renamed["displayName"]?.stringValue == "Fire Alarm repair (phase 2)")

        // No echo, no duplicate: five more cycles write nothing and create nothing.
        let stamp = renamed["lastModifiedDateTime"]?.stringValue
        for _ in 1...5 {
            CustomerSyncTests.later(company)
            let counts = try await Self.sync(company)
            #expect(counts.posted == 0 && counts.failed == 0)
        }
        let after = try await Self.projects(company)
        #expect(after.count == 151 && after["24151"]?["lastModifiedDateTime"]?.stringValue == stamp)
        await company.stop()
    }

    @Test("the engine runs master data before documents: customers, contacts, jobs, then invoices and timecards")
    func flowOrder() async throws {
        let company = try await SimulatedCompany()
        let names = company.engine().flows.map(\.name)
        let position = { (name: String) in names.firstIndex(of: name) ?? Int.max }
        #expect(position(CustomerSyncFlow.name) < position(ContactSyncFlow.name))
        #expect(position(ContactSyncFlow.name) < position(JobProjectFlow.name))
        #expect(position(JobProjectFlow.name) < position(InvoicePostFlow.name))
        #expect(position(JobProjectFlow.name) < position(TimecardFlow.name))
        // One whole cycle on the sample: jobs couple without writes; contacts are created.
        let summary = try await company.engine().runOnce()
        #expect(summary.counts(JobProjectFlow.name).failed == 0)
        #expect(summary.counts(ContactSyncFlow.name).blocked == 3)
        await company.stop()
    }
}
