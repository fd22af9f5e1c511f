import Foundation

/// Answers "which Business Central job task does this ServiceTrade clock activity book to?".
/// The engine answers from finance's `cost_code` rules (`RuleCostCodes`); `CostCodeTable` is the
/// CSV form they are seeded from, and `TimecardFlow`'s default when run on its own.
public protocol CostCodeMapping: Sendable {
    /// The job task number for a clock activity (`onsite`, `enroute`, `offsite`), or nil when unmapped.
    func jobTask(forActivity activity: String) -> String?
}

/// A cost-code table read from CSV: header `st_activity,bc_job_task_number` (sample-data/README.md).
public struct CostCodeTable: CostCodeMapping, Equatable {
    public private(set) var tasks: [String: String]

    public init(tasks: [String: String]) { self.tasks = tasks }

    /// Parses the CSV text of `cost-codes.csv`; `file` names it in errors.
    public init(csv text: String, file: String = "cost-codes.csv") throws {
        let records: [(line: Int, fields: [String])]
        do { records = try CSV.parse(text) } catch {
            throw PostingRuleSeed.Problem(file: file, line: error.line, message: error.message)
        }
        guard let header = records.first,
              header.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) == Self.header else {
            throw PostingRuleSeed.Problem(file: file, line: records.first?.line ?? 1,
                                          message: "the header must be \(Self.header.joined(separator: ","))")
        }
        var tasks: [String: String] = [:]
        for record in records.dropFirst() {
            let fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw PostingRuleSeed.Problem(file: file, line: record.line,
                                              message: "expected 2 non-empty fields (st_activity,bc_job_task_number)")
            }
            guard tasks[fields[0]] == nil else {
                throw PostingRuleSeed.Problem(file: file, line: record.line, message: "activity '\(fields[0])' is mapped twice")
            }
            tasks[fields[0]] = fields[1]
        }
        self.tasks = tasks
    }

    public func jobTask(forActivity activity: String) -> String? { tasks[activity] }

    static let header = ["st_activity", "bc_job_task_number"]

    /// The default until the posting-rules `cost_code` kind is wired in: the same rows as
    /// `sample-data/rules/cost-codes.csv` (a test checks they agree). On-site work books to job
    /// task 100, travel to 200; `offsite` is deliberately unmapped (it fails UNMAPPED_COST_CODE
    /// until finance decides where it goes).
    public static let standard = CostCodeTable(tasks: ["onsite": "100", "enroute": "200"])
}

/// Finance's `cost_code` rules (clock activity → job task), through the one resolver: what the
/// engine's timecard flow uses. Seeded from `rules/cost-codes.csv`, edited with `fieldledger mapping`.
struct RuleCostCodes: CostCodeMapping {
    let resolver: PostingRuleResolver

    func jobTask(forActivity activity: String) -> String? {
        resolver.costCode(sourceKind: "activity", value: activity)?.jobTask.value
    }
}
