import Foundation

/// Approved ServiceTrade clock events → Business Central `timeRegistrationEntries`, one entry per
/// technician + job + day + activity (its cost code is the job task). API v2.0 can create and
/// change time registration entries but cannot submit or approve time sheets: entries land
/// `Open` on the employee's weekly time sheet and are approved in Business Central.
struct TimecardFlow: SyncFlow {
    static let name = "timecard.post"
    var name: String { Self.name }

    /// Which job task each activity books to, under the rules of the moment. Default:
    /// `CostCodeTable.standard`; the engine passes finance's `cost_code` rules (`RuleCostCodes`).
    var costCodes: @Sendable (PostingRuleResolver) -> any CostCodeMapping = { _ in CostCodeTable.standard }
    /// `[timecards] closed_before` (`YYYY-MM-DD`): earlier timecards fail PERIOD_CLOSED.
    var closedBefore: String? = nil

    func run(_ cycle: SyncCycle) async throws -> FlowCounts {
        var counts = FlowCounts(flow: name)
        counts.received = try await TimecardIntake(st: cycle.st, store: cycle.store).run()
        let processor = TimecardProcessor(store: cycle.store, bc: cycle.bc, retry: cycle.settings.retry)
        let (costCodes, closedBefore) = (costCodes, closedBefore)
        try await cycle.processDue(flow: name, into: &counts) { item, validator in
            await processor.process(item, planner: TimecardPlanner(resolver: validator.resolver, reference: validator.reference,
                                                                   costCodes: costCodes(validator.resolver), closedBefore: closedBefore),
                                    rules: validator)
        }
        return counts
    }
}
