import FieldLedgerHTTP
import Foundation

/// One timecard: the approved ServiceTrade clock time of one technician on one job on one day in
/// one activity, summed. This is the unit that becomes one Business Central time registration
/// entry (its job task comes from the activity's cost code). Breaks (`onbreak`) are not job time
/// and never form a timecard. The day is the UTC calendar day of each clock event's start.
struct Timecard: Sendable, Equatable {
    var technicianID: String
    var technicianName: String
    var jobID: String
    var jobNumber: String
    /// `YYYY-MM-DD` (UTC).
    var date: String
    var activity: String
    var seconds: Int
    var clockEventIDs: [String]
    /// The job's branch (ServiceTrade region name), for the AREA dimension; nil when the job has none.
    var branch: String? = nil

    /// Activities that are job time (ServiceTrade's `onbreak` is not).
    static let jobActivities: Set<String> = ["onsite", "enroute", "offsite"]

    /// `4-24012-2026-08-09-onsite`: the work item's source id (trace finds it; no `:` so that
    /// `st:4-24012-…` works as a trace reference).
    var key: String { Self.key(technicianID: technicianID, jobNumber: jobNumber, date: date, activity: activity) }

    static func key(technicianID: String, jobNumber: String, date: String, activity: String) -> String {
        "\(technicianID)-\(jobNumber)-\(date)-\(activity)"
    }

    /// Hours, exact to the hundredth (the sum is rounded once, half up; never a Double).
    var hours: Decimal {
        var value = Decimal(seconds) / 3600
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .plain)
        return rounded
    }

    /// The day a clock event counts on: the UTC date of its start.
    static func day(ofUnixSeconds seconds: Int) -> String {
        String(Timestamp.string(Date(timeIntervalSince1970: TimeInterval(seconds))).prefix(10))
    }

    var json: JSONObject {
        ["technicianId": .string(technicianID), "technicianName": .string(technicianName), "jobId": .string(jobID),
         "jobNumber": .string(jobNumber), "date": .string(date), "activity": .string(activity), "seconds": .int(seconds),
         "hours": .decimal(hours), "clockEventIds": .array(clockEventIDs.map(JSONValue.string)),
         "branch": branch.map(JSONValue.string) ?? .null]
    }

    init(technicianID: String, technicianName: String, jobID: String, jobNumber: String, date: String, activity: String,
         seconds: Int, clockEventIDs: [String]) {
        self.technicianID = technicianID
        self.technicianName = technicianName
        self.jobID = jobID
        self.jobNumber = jobNumber
        self.date = date
        self.activity = activity
        self.seconds = seconds
        self.clockEventIDs = clockEventIDs
    }

    /// Decodes a stored payload; nil when a member is missing (the item fails MALFORMED_SOURCE).
    init?(json: JSONObject) {
        guard let tech = json["technicianId"]?.stringValue, let job = json["jobId"]?.stringValue,
              let number = json["jobNumber"]?.stringValue, let date = json["date"]?.stringValue,
              let activity = json["activity"]?.stringValue, let seconds = json["seconds"]?.intValue else { return nil }
        self.init(technicianID: tech, technicianName: json["technicianName"]?.stringValue ?? "technician \(tech)",
                  jobID: job, jobNumber: number, date: date, activity: activity, seconds: seconds,
                  clockEventIDs: json["clockEventIds"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        branch = json["branch"]?.stringValue
    }
}
