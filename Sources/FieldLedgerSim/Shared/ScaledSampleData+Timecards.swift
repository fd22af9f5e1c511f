import FieldLedgerHTTP
import Foundation

/// The sample company with `generated` approved ServiceTrade clock events instead of its own, each
/// its own timecard (technician + job + day + activity), for `bench sync --workload timecards`:
/// technicians 1–9 (linked to employees; never user 10, planted problem 8), every sample job in
/// turn, on-site time of 1–8 quarter hours, a new day each time every technician has had every job.
extension ScaledSampleData {
    public func writeTimecards(to folder: String, generated count: Int) throws {
        try write(to: folder, generated: 0, keepSampleInvoices: false)
        let jobsPath = sampleData + "/st/jobs.json", usersPath = sampleData + "/st/users.json"
        let jobs = try JSONValue(parsing: String(contentsOfFile: jobsPath, encoding: .utf8)).arrayValue?.compactMap(\.objectValue) ?? []
        let users = try JSONValue(parsing: String(contentsOfFile: usersPath, encoding: .utf8)).arrayValue?
            .compactMap(\.objectValue).filter { ($0["id"]?.intValue ?? 0) >= 1 && ($0["id"]?.intValue ?? 0) <= 9 } ?? []
        guard !jobs.isEmpty, !users.isEmpty else {
            throw ScaledSampleDataError("\(sampleData)/st: no jobs or technicians to build timecards from")
        }
        let firstDay = 1_793_610_000  // 2026-11-02T13:00:00Z
        var events: [JSONValue] = []
        events.reserveCapacity(count)
        for n in 0..<count {
            let user = users[n % users.count], job = jobs[(n / users.count) % jobs.count]
            let day = n / (users.count * jobs.count)
            let start = firstDay + day * 86_400, elapsed = 900 * (1 + n % 8)
            events.append(.object([
                "id": .int(n + 1), "uri": .string("/st/api/clockevent/\(n + 1)"),
                "user": .object(["id": user["id"] ?? .int(1), "name": user["name"] ?? "technician"]),
                "job": .object(["id": job["id"] ?? .int(1), "number": job["number"] ?? "0", "name": job["name"] ?? "job"]),
                "activity": "onsite", "startTime": .int(start), "endTime": .int(start + elapsed), "approved": true,
                "elapsedTime": .int(elapsed), "created": .int(start + elapsed), "updated": .int(start + elapsed)]))
        }
        try JSONValue.array(events).serialized().write(toFile: folder + "/st/clockevents.json", atomically: true, encoding: .utf8)
    }
}
