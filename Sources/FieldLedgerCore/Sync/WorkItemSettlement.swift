import Foundation

/// Where a work item goes when its processor cannot post it, in one place for the flows that
/// share the rules: `failed` with the reason (once per reason), or for a transient remote
/// error `retry_wait` with backoff until the attempts run out (then `TRANSIENT_EXHAUSTED`).
/// An item left in `retry_wait` after a send stays an attempt, so the next one looks its
/// natural key up before creating anything.
struct WorkItemSettlement: Sendable {
    let store: Store
    let retry: RetryPolicy

    /// `failed` with `failure`; nothing is written when it already failed for the same reason.
    /// With `rules` (the validator that found a mapping problem), nothing is written either when
    /// the posting rules changed since it was loaded: the item stays due, for the next cycle.
    func fail(_ item: inout WorkItem, _ failure: SyncFailure, rules: InvoiceValidator? = nil) throws -> WorkOutcome {
        if item.state == .failed && item.errorCode == failure.code && item.errorObject == failure.object { return .failed }
        let failed = try store.write { db -> Bool in
            if try CycleRules.changed(since: rules, in: db) { return false }
            try item.move(to: .failed, failure: failure, by: .engine, in: db)
            return true
        }
        return failed ? .failed : .retrying
    }

    /// Transient: `retry_wait` with backoff (honouring `Retry-After`), or `failed` once the
    /// attempts are spent; permanent: `failed` with `permanent(error)` — by default Business
    /// Central's reason.
    func handle(_ error: RemoteError, _ item: inout WorkItem,
                permanent: (RemoteError) -> SyncFailure = FailureCatalog.erpRejected) throws -> WorkOutcome {
        if !error.isTransient { return try fail(&item, permanent(error)) }
        let attempts = max(item.attempts, 1)
        if retry.isExhausted(attempts: attempts) {
            return try fail(&item, FailureCatalog.transientExhausted(attempts: attempts, last: error.description))
        }
        let delay = retry.delay(afterAttempt: attempts, retryAfter: error.retryAfter)
        let next = Timestamp.string(Date().addingTimeInterval(delay))
        let failure = SyncFailure(code: "TRANSIENT", object: error.code, message: error.description, remedy: nil)
        try store.write { db in try item.move(to: .retryWait, failure: failure, nextAttemptAt: next, by: .engine, in: db) }
        return .retrying
    }
}
