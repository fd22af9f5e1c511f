import FieldLedgerHTTP
import Foundation

/// `timeRegistrationEntries`: a temporary page over Time Sheet Detail (reference §2.1,
/// ALX:APIV2TimeRegistrEntries.Page.al, BASE:EmployeeTimeRegBuffer.Table.al). Messages are the AL
/// labels of those files.
///
/// What the simulator keeps of BC's time sheets: one entry per Time Sheet Detail; `lineNumber` is
/// the time sheet line, which BC reuses within a week until a day already has a detail (so a second
/// entry on the same day goes to a new line); `status` is always `Open`, because v2.0 has no
/// submit, approve or post action (§2.8 item 8) — such calls fail as unknown bound actions.
/// Job tasks are not an API entity; the data directory lists them per project as `_jobTasks`.
enum BCTimeRegistration {
    static let maxDateRange = 70
    static let unitOfMeasure = "HOUR"

    static let filtersMissing = BCError.dialog("A filter must be specified. The filter could be for the date, employeeId or id.")
    static let dateRangeInvalid = BCError.dialog(
        "The date filter is invalid. The date filter must be a valid range with maximum \(maxDateRange) days.")

    // MARK: Reading

    /// `LoadRecords`: an `id` filter, else one employee, else a date range of at most 70 days.
    /// Through `employees({id})/timeRegistrationEntries` the employee filter is the parent.
    static func checkFilters(_ collection: BCCollection, _ filter: ODataFilter?, _ state: BCState) throws(BCError) {
        if collection.constraint != nil { return }
        guard let filter else { throw filtersMissing }
        let properties = Set(filter.properties)
        if properties.contains("id") { return }
        if properties.contains("employeeId") {
            let conjuncts = conjuncts(of: filter).filter { Set($0.properties) == ["employeeId"] }
            let matching = state.table("employees").all.filter { employee in
                let probe: JSONObject = ["employeeId": .string(employee.id)]
                return conjuncts.allSatisfy { $0.matches(probe, timeEntryDefinition) }
            }
            if matching.count > 1 { throw BCError.dialog("You can only search for one employee using the employee filter.") }
            return
        }
        if properties.contains("date") {
            let bounds = dateBounds(filter)
            guard let lower = bounds.lower.flatMap(day), let upper = bounds.upper.flatMap(day), upper >= lower,
                  upper.timeIntervalSince(lower) <= Double(maxDateRange) * 86_400 else {
                throw dateRangeInvalid
            }
            return
        }
        throw filtersMissing
    }

    private static var timeEntryDefinition: BCEntityDefinition {
        BCMetadata.entity("timeRegistrationEntries") ?? BCEntityDefinition(set: "", type: "", flags: "", actions: [], navigations: [], fields: "")
    }

    private static func conjuncts(of filter: ODataFilter) -> [ODataFilter] {
        if case .and(let a, let b) = filter { return conjuncts(of: a) + conjuncts(of: b) }
        return [filter]
    }

    /// The first and last day a filter on `date` admits (nil = unbounded, which BC's calendar
    /// filter turns into a range far beyond 70 days).
    static func dateBounds(_ filter: ODataFilter) -> (lower: String?, upper: String?) {
        switch filter {
        case .and(let a, let b):
            let left = dateBounds(a), right = dateBounds(b)
            return (maxDay(left.lower, right.lower), minDay(left.upper, right.upper))
        case .or(let a, let b):
            let left = dateBounds(a), right = dateBounds(b)
            guard let l1 = left.lower, let l2 = right.lower, let u1 = left.upper, let u2 = right.upper else { return (nil, nil) }
            return (min(l1, l2), max(u1, u2))
        case .compare(let operand, let op, let literal) where operand.property == "date":
            guard let text = dayText(literal) else { return (nil, nil) }
            switch op {
            case .eq: return (text, text)
            case .ge: return (text, nil)
            case .gt: return (shift(text, 1), nil)
            case .le: return (nil, text)
            case .lt: return (nil, shift(text, -1))
            case .ne: return (nil, nil)
            }
        case .isIn(let operand, let literals) where operand.property == "date":
            let days = literals.compactMap(dayText).sorted()
            return (days.first, days.last)
        case .compare, .isIn, .function, .not:
            // Conditions on other properties (and negations) do not bound the date range.
            return (nil, nil)
        }
    }

    private static func dayText(_ literal: ODataLiteral) -> String? {
        switch literal {
        case .date(let text), .string(let text): String(text.prefix(10))
        case .dateTime(_, let text): String(text.prefix(10))
        default: nil
        }
    }

    private static func maxDay(_ a: String?, _ b: String?) -> String? {
        guard let a else { return b }
        guard let b else { return a }
        return max(a, b)
    }

    private static func minDay(_ a: String?, _ b: String?) -> String? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }

    private static func day(_ text: String) -> Date? { SimTime.parseISO8601(text + "T00:00:00Z") }

    private static func shift(_ text: String, _ days: Int) -> String? {
        day(text).map { SimTime.day($0.addingTimeInterval(Double(days) * 86_400)) }
    }

    // MARK: Writing

    static func complete(_ row: inout JSONObject, old: JSONObject?, changed: Set<String>, now: Date,
                         _ state: inout BCState) throws(BCError) {
        try BCRules.checkLengths(row, changed)
        if let old {
            if row.string("employeeId").lowercased() != old.string("employeeId").lowercased()
                || (changed.contains("employeeNumber") && row.string("employeeNumber").uppercased() != old.string("employeeNumber")) {
                throw BCError.dialog("The \"employeeId\" cannot be modified.")
            }
            if row.string("date") != old.string("date") { throw BCError.dialog("The date cannot be modified.") }
            // PropagateModify saves quantity, job and dimensions only; the buffer is then re-read
            // from the Time Sheet Detail, so a new job task number does not stick (inferred from source).
            row["jobTaskNumber"] = old["jobTaskNumber"]
        }
        let employee = try resolve(&row, idField: "employeeId", numberField: "employeeNumber", set: "employees",
                                   label: "Employee", changed: changed, state)
        guard let employee else {
            throw BCError.dialog("You must specify an Employee ID or Employee number to get the time registration entries.")
        }
        let job = try resolve(&row, idField: "jobId", numberField: "jobNumber", set: "projects", label: "Job",
                              changed: changed, state)
        let task = row.string("jobTaskNumber").uppercased()
        row["jobTaskNumber"] = .string(task)
        if !task.isEmpty {
            let tasks = job?["_jobTasks"]?.arrayValue?.compactMap { $0.stringValue?.uppercased() } ?? []
            guard tasks.contains(task) else {
                throw BCError(400, "Internal_InvalidTableRelation",
                              "The field Job Task No. of table Time Sheet Detail contains a value (\(task)) that cannot be found in the related table (Job Task).")
            }
        }
        guard row.string("date") != BCValues.emptyDate else {
            throw BCError.fieldValidation("Date must have a value in Time Sheet Detail. It cannot be zero or empty.")
        }
        if old == nil {
            row["status"] = "Open"
            row["unitOfMeasureCode"] = .string(unitOfMeasure)
            // The week's time sheet line that has no detail on this date yet.
            let sameDay = state.table("timeRegistrationEntries").all.filter {
                $0.string("employeeId").lowercased() == employee.id && $0.string("date") == row.string("date")
            }.count
            row["lineNumber"] = .int(10_000 * (sameDay + 1))
        }
    }

    /// Id or number of an employee or job, with the page's own messages.
    private static func resolve(_ row: inout JSONObject, idField: String, numberField: String, set: String, label: String,
                                changed: Set<String>, _ state: BCState) throws(BCError) -> JSONObject? {
        let id = row.string(idField).lowercased()
        let number = row.string(numberField).uppercased()
        var found: JSONObject?
        if !BCValues.isBlankGUID(id) {
            guard let byId = state.row(set, id) else { throw BCError.dialog("The \"\(idField)\" does not match to a\(label == "Employee" ? "n" : "") \(label).") }
            found = byId
        }
        if changed.contains(numberField), !number.isEmpty {
            guard let byNumber = state.first(set, where: "number", is: number) else {
                throw BCError.dialog("The \"\(numberField)\" does not match to a\(label == "Employee" ? "n" : "") \(label).")
            }
            if let found, found.id != byNumber.id {
                throw BCError.dialog("The employee values do not match to a specific Employee.")
            }
            found = byNumber
        } else if changed.contains(numberField), number.isEmpty, !changed.contains(idField) {
            found = nil
        }
        row[idField] = .string(found?.id ?? BCValues.emptyGUID)
        row[numberField] = .string(found?.string("number") ?? "")
        return found
    }
}
