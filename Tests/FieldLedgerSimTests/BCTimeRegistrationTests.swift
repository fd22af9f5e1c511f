import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

/// Over real HTTP. Reference §2.1 "timeRegistrationEntries", §2.2 (Time Registration Entry is a
/// writable dimension parent) and §2.8 item 8 (no submit, approve or post of time sheets).
@Suite("BC timeRegistrationEntries (reference §2.1, §2.8)")
struct BCTimeRegistrationTests {
    static let sam = "b5000000-0000-4000-8000-000000000001"
    static let ana = "b5000000-0000-4000-8000-000000000002"
    static let job = "b6000000-0000-4000-8000-000000000001"

    private func entry(_ bc: BCLive, employee: String = sam, date: String = "2026-11-23", quantity: String = "8",
                       extra: JSONObject = [:]) async throws -> BCHarness.Reply {
        var body: JSONObject = ["employeeId": .string(employee), "date": .string(date), "quantity": .decimal(dec(quantity))]
        for (key, value) in extra { body[key] = value }
        return try await bc.post("timeRegistrationEntries", .object(body))
    }

    @Test("§2.1 'A GET needs a filter on id, employeeId (one employee only), or date. A date range may span at most 70 days.'")
    func requiredFilters() async throws {
        try await BCLive.run { bc in
            _ = try await entry(bc)
            let none = try await bc.get("timeRegistrationEntries")
            #expect(none.status == 400 && none.errorCode == "Application_DialogException")
            #expect(none.errorMessage.contains("A filter must be specified. The filter could be for the date, employeeId or id."))
            let week = try await bc.get("timeRegistrationEntries", [("$filter", "date ge 2026-11-23 and date le 2026-11-29")])
            #expect(week.status == 200 && BCLive.rows(week).count == 1)
            let seventy = try await bc.get("timeRegistrationEntries", [("$filter", "date ge 2026-09-20 and date le 2026-11-29")])
            #expect(seventy.status == 200, "exactly 70 days is allowed")
            let tooLong = try await bc.get("timeRegistrationEntries", [("$filter", "date ge 2026-09-19 and date le 2026-11-29")])
            #expect(tooLong.errorMessage.contains("The date filter must be a valid range with maximum 70 days."))
            let openEnded = try await bc.get("timeRegistrationEntries", [("$filter", "date ge 2026-11-01")])
            #expect(openEnded.status == 400, "an open-ended range spans far more than 70 days")
            let two = try await bc.get("timeRegistrationEntries", [("$filter", "employeeId in (\(Self.sam), \(Self.ana))")])
            #expect(two.errorMessage.contains("You can only search for one employee using the employee filter."))
            let one = try await bc.get("timeRegistrationEntries", [("$filter", "employeeId eq \(Self.sam)")])
            #expect(one.status == 200 && BCLive.rows(one).count == 1)
            let viaEmployee = try await bc.get("employees(\(Self.sam))/timeRegistrationEntries")
            #expect(viaEmployee.status == 200 && BCLive.rows(viaEmployee).count == 1, "the parent path is the employee filter")
            #expect(BCLive.rows(try await bc.get("employees(\(Self.ana))/timeRegistrationEntries")).isEmpty)
        }
    }

    @Test("§2.1 an insert needs an employee (id or number), resolves the job and job task, and adds a time sheet detail (status Open)")
    func create() async throws {
        try await BCLive.run { bc in
            let created = try await bc.post("timeRegistrationEntries", [
                "employeeNumber": "e100", "jobNumber": "j100", "jobTaskNumber": "100", "date": "2026-11-24", "quantity": .decimal(dec("7.5")),
            ])
            #expect(created.status == 201)
            #expect(created.json["employeeId"]?.stringValue == Self.sam)
            #expect(created.json["jobId"]?.stringValue == Self.job)
            #expect(created.json["jobNumber"]?.stringValue == "J100")
            #expect(created.json["status"]?.stringValue == "Open")
            #expect(created.json["lineNumber"]?.intValue == 10_000)
            #expect(created.json["quantity"]?.money == dec("7.5"))
            #expect(created.json["lastModfiedDateTime"]?.stringValue?.hasPrefix("0001") == false, "the misspelt property is the one served")
            #expect(created.json["lastModifiedDateTime"] == nil)
            let sameDay = try await entry(bc, date: "2026-11-24", quantity: "1")
            #expect(sameDay.json["lineNumber"]?.intValue == 20_000, "a day that already has a detail goes to a new time sheet line")

            let badTask = try await entry(bc, extra: ["jobId": .string(Self.job), "jobTaskNumber": "999"])
            #expect(badTask.status == 400 && badTask.errorCode == "Internal_InvalidTableRelation")
            let noEmployee = try await bc.post("timeRegistrationEntries", ["date": "2026-11-24", "quantity": 1])
            #expect(noEmployee.errorMessage.contains("You must specify an Employee ID or Employee number"))
            let unknown = try await entry(bc, employee: "b5000000-0000-4000-8000-00000000ffff")
            #expect(unknown.errorMessage.contains("The \"employeeId\" does not match to an Employee."))
            let unknownJob = try await entry(bc, extra: ["jobNumber": "NOPE"])
            #expect(unknownJob.errorMessage.contains("The \"jobNumber\" does not match to a Job."))
            let posted = try await bc.post("employees(\(Self.ana))/timeRegistrationEntries", ["date": "2026-11-25", "quantity": 4])
            #expect(posted.status == 201 && posted.json["employeeNumber"]?.stringValue == "E200", "the parent path gives the employee")
        }
    }

    @Test("§2.1 PATCH changes the quantity; 'employeeId and date cannot be modified'; status is read-only; §2.8 no submit/approve action")
    func modify() async throws {
        try await BCLive.run { bc in
            let id = try await entry(bc).json["id"]?.stringValue ?? ""
            let path = "timeRegistrationEntries(\(id))"
            let patched = try await bc.patch(path, ["quantity": .decimal(dec("6.25"))])
            #expect(patched.status == 200 && patched.json["quantity"]?.money == dec("6.25"))
            #expect(try await bc.patch(path, ["date": "2026-11-25"]).errorMessage.contains("The date cannot be modified."))
            #expect(try await bc.patch(path, ["employeeId": .string(Self.ana)]).errorMessage.contains("cannot be modified"))
            let status = try await bc.patch(path, ["status": "Approved"])
            #expect(status.status == 400 && status.errorCode == "BadRequest_InvalidOperation")
            for action in ["submit", "approve", "post"] {
                let reply = try await bc.action("\(path)/Microsoft.NAV.\(action)")
                #expect(reply.status == 400 && reply.errorCode == "BadRequest_MethodNotImplemented", "no \(action) on time sheets in v2.0")
            }
            #expect(try await bc.get(path).json["status"]?.stringValue == "Open")
            #expect(try await bc.call("DELETE", path, headers: [("If-Match", "*")]).status == 204)
            #expect(try await bc.get(path).status == 404)
        }
    }

    @Test("§2.2 a time registration entry is a writable dimension set line parent")
    func dimensions() async throws {
        try await BCLive.run { bc in
            let id = try await entry(bc).json["id"]?.stringValue ?? ""
            let line = try await bc.post("timeRegistrationEntries(\(id))/dimensionSetLines", ["code": "job", "valueCode": "job-1"])
            #expect(line.status == 201)
            #expect(line.json["parentType"]?.stringValue == "Time Registration Entry")
            #expect(line.json["valueCode"]?.stringValue == "JOB-1")
            let expanded = try await bc.get("timeRegistrationEntries(\(id))", [("$expand", "dimensionSetLines")])
            #expect(expanded.json["dimensionSetLines"]?.arrayValue?.count == 1)
        }
    }
}
