import FieldLedgerHTTP
import Foundation
import GRDB

/// Takes one `timecard.post` work item from wherever it stands to `posted`, `failed` or
/// `retry_wait`: decode, validate, write exactly once. ServiceTrade is told nothing: its API has
/// no accounting status for clock events (the reference names none); failures show in
/// `fieldledger failures` and `trace`.
struct TimecardProcessor: Sendable {
    let store: Store
    let bc: BusinessCentralClient
    let retry: RetryPolicy

    /// `rules` is the validator `planner` was built from (a mapping failure is not recorded when
    /// the rules changed since: `WorkItemSettlement.fail`).
    func process(_ workItem: WorkItem, planner: TimecardPlanner, rules: InvoiceValidator? = nil) async -> WorkOutcome {
        var item = workItem
        do {
            guard let payload = item.payload, let json = (try? JSONValue(parsing: payload))?.objectValue,
                  let timecard = Timecard(json: json) else {
                return try fail(&item, SyncFailure(code: "MALFORMED_SOURCE", object: item.subject,
                                                   message: "The stored timecard payload is not a complete JSON object.", remedy: nil))
            }
            switch planner.plan(timecard) {
            case .failure(let failure):
                return try fail(&item, failure, rules: rules)
            case .success(let plan):
                if item.state == .received || item.state == .blocked || item.state == .failed {
                    try store.write { db in try item.move(to: .ready, by: .engine, in: db) }
                }
                _ = try await TimecardPosting(bc: bc, store: store).post(&item, plan: plan)
                return .posted
            }
        } catch let error as RemoteError {
            return (try? handle(error, &item)) ?? .retrying
        } catch {
            let failure = FailureCatalog.internalError(error, item: item)
            return (try? fail(&item, failure)) ?? .failed
        }
    }

    private func fail(_ item: inout WorkItem, _ failure: SyncFailure, rules: InvoiceValidator? = nil) throws -> WorkOutcome {
        try WorkItemSettlement(store: store, retry: retry).fail(&item, failure, rules: rules)
    }

    /// Transient: `retry_wait` with backoff (the next attempt looks the entry up first);
    /// permanent: `failed` with Business Central's reason.
    private func handle(_ error: RemoteError, _ item: inout WorkItem) throws -> WorkOutcome {
        try WorkItemSettlement(store: store, retry: retry).handle(error, &item)
    }
}
