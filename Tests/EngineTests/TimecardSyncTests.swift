import FieldLedgerHTTP
import FieldLedgerSim
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore

/// Approved ServiceTrade clock events into Business Central time registration entries, against
/// the simulators over real HTTP (issue 8, item 1).
@Suite("Engine: approved timecards into Business Central", .serialized)
struct TimecardSyncTests {
    /// Sample data: 30 timecards (technician + job + day + activity, approved, breaks excluded);
    /// technician 10 (planted problem 8) has 8 of them.
    static let linkable = 22
    static let unlinked = 8

    /// Every time registration entry in Business Central, read per employee through the real API
    /// (a GET needs an employee, an id or a ≤ 70-day range), keyed `employee|project|date|task`.
    static func entries(_ company: SimulatedCompany) async throws -> [String: [JSONObject]] {
        var out: [String: [JSONObject]] = [:]
        for employee in try await company.bc.list("employees", query: ODataQuery(select: ["id", "number"])) {
            let id = try #require(employee["id"]?.stringValue)
            for entry in try await company.bc.list("employees(\(id))/timeRegistrationEntries", query: ODataQuery(expand: ["dimensionSetLines"])) {
                let key = [entry["employeeNumber"], entry["jobNumber"], entry["date"], entry["jobTaskNumber"]]
                    .map { $0?.stringValue ?? "" }.joined(separator: "|")
                out[key, default: []].append(entry)
            }
        }
        return out
    }

    static func timecardItems(_ company: SimulatedCompany, state: String) throws -> [String: String] {
        try company.store.read { db in
            try Row.fetchAll(db, sql: "SELECT source_id, error_code FROM work_items WHERE flow = ? AND state = ?",
                             arguments: [TimecardFlow.name, state])
                .reduce(into: [String: String]()) { $0[$1[0]] = $1[1] ?? "" }
        }
    }

    @Test("sample company: every linkable timecard lands once with its hours, task and dimensions; technician 10's fail EMPLOYEE_NOT_LINKED; a replayed cycle changes nothing")
    func sampleCompany() async throws {
        let company = try await SimulatedCompany()
        let engine = company.engine()
        let first = try await engine.runOnce().counts(TimecardFlow.name)
        #expect(first.received == Self.linkable + Self.unlinked)
        #expect(first.posted == Self.linkable)
        #expect(first.failed == Self.unlinked)

        let entries = try await Self.entries(company)
        #expect(entries.count == Self.linkable)
        #expect(entries.values.allSatisfy { $0.count == 1 }, "no timecard twice")
        // Technician 4 on job 24012 on 2026-08-09, on site 13,500 s = 3.75 h, job task 100.
        let kayla = try #require(entries["E0004|24012|2026-08-09|100"]?.first)
        #expect(kayla["quantity"]?.decimalValue == Decimal(string: "3.75"))
        let dims = Dictionary(uniqueKeysWithValues: (kayla["dimensionSetLines"]?.arrayValue ?? []).compactMap { line in
            line["code"]?.stringValue.map { ($0, line["valueCode"]?.stringValue ?? "") }
        })
        #expect(dims["EMPLOYEE"] == "E0004" && dims["PROJECT"] == "24012" && dims["AREA"] != nil, "dimensions: \(dims)")
        // Travel books to job task 200, rounded to the hundredth once: 1,500 s = 0.42 h.
        #expect(entries["E0002|24045|2026-10-17|200"]?.first?["quantity"]?.decimalValue == Decimal(string: "0.42"))

        let failed = try Self.timecardItems(company, state: "failed")
        #expect(failed.count == Self.unlinked)
        #expect(failed.allSatisfy { $0.key.hasPrefix("10-") && $0.value == "EMPLOYEE_NOT_LINKED" })
        let remedy = try company.store.read { db in
            try String.fetchOne(db, sql: "SELECT error_message FROM work_items WHERE flow = ? AND state = 'failed'", arguments: [TimecardFlow.name])
        }
        #expect(remedy?.contains("No Business Central employee for technician 10") == true)

        // trace finds a timecard by its key, with the entry it became.
        guard case .found(let report) = try company.store.read({ db in try TraceLookup.find("st:4-24012-2026-08-09-onsite", in: db) }) else {
            Issue.record("trace does not find the timecard")
            return
        }
        #expect(report.links.first?.erpId == kayla["id"]?.stringValue?.lowercased())

        let second = try await engine.runOnce().counts(TimecardFlow.name)
        #expect(second.received == 0 && second.posted == 0 && second.failed == 0)
        let again = try await Self.entries(company)
        #expect(again.mapValues { $0.map { $0["quantity"]?.decimalValue } } == entries.mapValues { $0.map { $0["quantity"]?.decimalValue } })
        #expect(try company.store.read { db in try AuditVerifier.verify(db) }.isIntact)
        await company.stop()
    }

    @Test("an edit of a synced clock event in ServiceTrade updates the same entry (PATCH), never adds one")
    func editUpdatesEntry() async throws {
        let company = try await SimulatedCompany()
        let engine = company.engine()
        try await engine.runOnce()
        let before = try #require(try await Self.entries(company)["E0004|24012|2026-08-09|100"]?.first)
        let event = try #require(try await company.st.get("clockevent", id: "1"))
        let end = try #require(event["endTime"]?.intValue)
        _ = try await company.st.update("clockevent", id: "1", ["endTime": .int(end + 900)])   // 3.75 h → 4.00 h

        let cycle = try await engine.runOnce().counts(TimecardFlow.name)
        #expect(cycle.received == 1 && cycle.posted == 1)
        let after = try await Self.entries(company)
        #expect(after.count == Self.linkable)
        let entry = try #require(after["E0004|24012|2026-08-09|100"])
        #expect(entry.count == 1)
        #expect(entry.first?["id"] == before["id"])
        #expect(entry.first?["quantity"]?.decimalValue == Decimal(4))
        let actions = try company.store.read { db in
            try String.fetchAll(db, sql: "SELECT action FROM audit_events WHERE subject = 'servicetrade:timecard:4-24012-2026-08-09-onsite' ORDER BY seq")
        }
        #expect(actions.contains("erp.created") && actions.contains("erp.updated"))
        await company.stop()
    }

    @Test("under faults (5xx, 429, timeouts, drop-after-commit) every linkable timecard lands exactly once")
    func exactlyOnceUnderFaults() async throws {
        let company = try await SimulatedCompany(faults: "bc:5xx=0.10,429=0.05,timeout=0.02,drop-after-commit=0.02", seed: 5,
                                                 requestTimeout: .seconds(1))
        let engine = company.engine()
        var cycles = 0
        var open = Int.max
        var cycleSucceeded = false
        while open > 0 || !cycleSucceeded, cycles < 40 {
            cycles += 1
            cycleSucceeded = (try? await engine.runOnce()) != nil
            open = try company.store.read { db in
                try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM work_items WHERE flow = ? AND state IN ('received','ready','posting','retry_wait')
                    """, arguments: [TimecardFlow.name]) ?? 0
            }
        }
        #expect(open == 0, "everything settled within \(cycles) cycles")
        try await company.setFaults("")
        let entries = try await Self.entries(company)
        #expect(entries.count == Self.linkable)
        #expect(entries.filter { $0.value.count > 1 }.isEmpty, "duplicates: \(entries.filter { $0.value.count > 1 }.keys)")
        #expect(try Self.timecardItems(company, state: "posted").count == Self.linkable)
        #expect(try Self.timecardItems(company, state: "failed").values.allSatisfy { $0 == "EMPLOYEE_NOT_LINKED" })
        // Replaying a cycle without faults changes nothing.
        let replay = try await engine.runOnce().counts(TimecardFlow.name)
        #expect(replay.posted == 0 && replay.received == 0)
        #expect(try await Self.entries(company).count == Self.linkable)
        await company.stop()
    }

    @Test("the built-in cost codes are sample-data/rules/cost-codes.csv; a malformed table names file and line")
    func costCodeTable() throws {
        let text = try String(contentsOfFile: SimulatedCompany.sampleData.path + "/rules/cost-codes.csv", encoding: .utf8)
        #expect(try CostCodeTable(csv: text) == CostCodeTable.standard)
        #expect(CostCodeTable.standard.jobTask(forActivity: "offsite") == nil)
        #expect(throws: PostingRuleSeed.Problem.self) { try CostCodeTable(csv: "activity,task\nonsite,100\n") }
        #expect(throws: PostingRuleSeed.Problem.self) { try CostCodeTable(csv: "st_activity,bc_job_task_number\nonsite,100\nonsite,200\n") }
    }

    @Test("validation: unmapped cost code, unknown project, closed period — each with its code and remedy, nothing sent")
    func validation() throws {
        let reference = ReferenceIndex(entries: [
            ("employees", .init(id: "b5000000-0000-4000-8000-000000000001", code: "E0001", name: "Marcus Bell", blocked: false, data: [:])),
            ("projects", .init(id: "b6000000-0000-4000-8000-000000000001", code: "24001", name: "job", blocked: false, data: [:])),
            ("dimensions", .init(id: "d1000000-0000-4000-8000-000000000001", code: "EMPLOYEE", name: "Employee", blocked: false, data: [:])),
            ("dimensionValues", .init(id: "d2000000-0000-4000-8000-000000000001", code: "E0001", name: "Marcus Bell", blocked: false,
                                      data: ["dimensionId": "d1000000-0000-4000-8000-000000000001"])),
        ])
        let resolver = PostingRuleResolver(rules: [
            PostingRule(kind: .dimension, sourceKind: "technician", sourceValue: "1", dimensionCode: "EMPLOYEE", target: "E0001", createdBy: "t"),
        ])
        let planner = TimecardPlanner(resolver: resolver, reference: reference, costCodes: CostCodeTable.standard, closedBefore: "2026-09-01")
        func card(job: String = "24001", date: String = "2026-10-01", activity: String = "onsite", tech: String = "1") -> Timecard {
            Timecard(technicianID: tech, technicianName: "T", jobID: "1", jobNumber: job, date: date, activity: activity,
                     seconds: 5400, clockEventIDs: ["1"])
        }
        func code(_ result: Result<TimecardPlan, SyncFailure>) -> String? {
            if case .failure(let failure) = result { return failure.code }
            return nil
        }
        #expect(code(planner.plan(card(activity: "offsite"))) == "UNMAPPED_COST_CODE")
        #expect(code(planner.plan(card(job: "99999"))) == "PROJECT_NOT_FOUND")
        #expect(code(planner.plan(card(date: "2026-08-31"))) == "PERIOD_CLOSED")
        #expect(code(planner.plan(card(tech: "10"))) == "EMPLOYEE_NOT_LINKED")
        let valid = planner.plan(card())
        guard case .success(let plan) = valid else { Issue.record("a valid timecard must plan: \(valid)"); return }
        #expect(plan.dimensions == ["EMPLOYEE": "E0001"])
        #expect(plan.quantity == Decimal(string: "1.5"))
        #expect(plan.naturalKey == "E0001|24001|2026-10-01|100")
        #expect(plan.body["jobTaskNumber"]?.stringValue == "100")
    }
}
