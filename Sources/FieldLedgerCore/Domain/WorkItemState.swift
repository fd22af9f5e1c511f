/// Where a work item stands. See ARCHITECTURE §2.2 for the transitions.
public enum WorkItemState: String, Sendable, Codable, CaseIterable {
    /// Taken from the inbox, not yet validated.
    case received
    /// Validated (or released from `blocked`), waiting for a worker.
    case ready
    /// A create was sent (or is about to be) with its natural key: if found in this state after a
    /// crash or a lost response, the item is in doubt and is resolved by looking the key up.
    case posting
    /// In the ERP, with a link.
    case posted
    /// Stopped for a person: validation or a permanent ERP error.
    case failed
    /// A transient failure: retried at `next_attempt_at`.
    case retryWait = "retry_wait"
    /// Waits for another work item (e.g. its customer) to land.
    case blocked
    /// A newer version or a void replaced it.
    case superseded

    /// Whether a person can ask for this item to run again.
    public var isRetryable: Bool { self == .failed || self == .retryWait || self == .blocked }
}
