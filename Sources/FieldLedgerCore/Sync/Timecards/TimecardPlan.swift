import FieldLedgerHTTP
import Foundation

/// A validated timecard, ready to write: the Business Central time registration entry it becomes
/// and the natural key that finds it again (Business Central's entries carry no external number).
struct TimecardPlan: Sendable, Equatable {
    var employeeID: String
    var employeeNumber: String
    var projectID: String
    var projectNumber: String
    var jobTask: String
    var date: String
    var quantity: Decimal
    /// Dimension code → value code (AREA from the job's branch, EMPLOYEE and PROJECT from the rules).
    var dimensions: [String: String]

    /// `E0001|24012|2026-08-09|100`: employee + project + day + job task, the key the entry is
    /// looked up by (`employeeId eq … and date eq …`, one day, well inside the 70-day window the
    /// API allows, then matched on project and job task).
    var naturalKey: String { "\(employeeNumber)|\(projectNumber)|\(date)|\(jobTask)" }

    /// The create body (writable fields only).
    var body: JSONObject {
        ["employeeId": .string(employeeID), "jobId": .string(projectID), "jobTaskNumber": .string(jobTask),
         "date": .string(date), "quantity": .decimal(quantity)]
    }
}

/// Validates a timecard against the rules and the cached Business Central reference data:
/// the technician's employee, the job's project, the activity's cost code, the closed period.
struct TimecardPlanner: Sendable {
    let resolver: PostingRuleResolver
    let reference: ReferenceIndex
    let costCodes: any CostCodeMapping
    /// `[timecards] closed_before`: timecards dated before this day are refused (PERIOD_CLOSED).
    var closedBefore: String?

    /// The technician's employee: a `technician` → EMPLOYEE dimension rule names the employee
    /// number (the sample data's link, see sample-data/README.md), which must exist in Business Central.
    func plan(_ timecard: Timecard) -> Result<TimecardPlan, SyncFailure> {
        let employeeNumber = resolver.dimension(sourceKind: "technician", sourceValue: timecard.technicianID)
                .flatMap { $0.dimensionCode == "EMPLOYEE" ? $0.resolution.value : nil }
        guard let employeeNumber, let employee = reference.entry("employees", code: employeeNumber) else {
            return .failure(FailureCatalog.employeeNotLinked(technician: timecard.technicianID, name: timecard.technicianName))
        }
        guard let project = reference.entry("projects", code: timecard.jobNumber) else {
            return .failure(FailureCatalog.projectNotFound(jobNumber: timecard.jobNumber))
        }
        guard let task = costCodes.jobTask(forActivity: timecard.activity) else {
            return .failure(FailureCatalog.unmappedCostCode(activity: timecard.activity))
        }
        if let closedBefore, timecard.date < closedBefore {
            return .failure(FailureCatalog.periodClosed(date: timecard.date, closedBefore: closedBefore))
        }
        var dimensions: [String: String] = [:]
        var sources = [("technician", timecard.technicianID), ("job", timecard.jobNumber)]
        if let branch = timecard.branch { sources.append(("branch", branch)) }
        for (kind, value) in sources {
            guard let rule = resolver.dimension(sourceKind: kind, sourceValue: value) else { continue }
            let code = rule.dimensionCode, resolution = rule.resolution
            guard let dimValue = reference.dimensionValue(dimension: code, value: resolution.value) else {
                return .failure(FailureCatalog.unknownDimensionValue(dimension: code, value: resolution.value))
            }
            if dimValue.data["_blocked"]?.boolValue == true {
                return .failure(FailureCatalog.blockedDimensionValue(dimension: code, value: resolution.value))
            }
            dimensions[code] = resolution.value
        }
        return .success(TimecardPlan(employeeID: employee.id.lowercased(), employeeNumber: employee.code,
                                     projectID: project.id.lowercased(), projectNumber: project.code, jobTask: task,
                                     date: timecard.date, quantity: timecard.hours, dimensions: dimensions))
    }
}
