import FieldLedgerHTTP
import Foundation
import GRDB

/// What happened to one work item a person asked to retry.
public struct RetryOutcome: Sendable, Equatable {
    public enum Result: Sendable, Equatable {
        /// Back to `ready`: the next cycle re-validates and posts it.
        case queued(from: WorkItemState)
        /// Nothing to retry, with the reason (already posted, superseded).
        case skipped(String)
        case notFound
    }

    public var workItemID: Int64
    public var result: Result
}

extension CommandContext {
    /// Puts failed, waiting or blocked work items back to `ready` so the next cycle re-validates
    /// them (a fixed mapping takes effect) and posts them. Operator role; one audit event each.
    public func retry(workItemIDs ids: [Int64]) throws -> [RetryOutcome] {
        try require(.operator, to: ids.count == 1 ? "retry work item \(ids[0])" : "retry \(ids.count) work items")
        return try store.write { db in try ids.map { try retry(id: $0, db) } }
    }

    /// Retries every failed work item (optionally only those with one error code).
    public func retryAllFailed(cause: String? = nil) throws -> [RetryOutcome] {
        try require(.operator, to: cause.map { "retry all failed with \($0)" } ?? "retry all failed work items")
        return try store.write { db in
            let ids = try Int64.fetchAll(db, sql: cause == nil
                ? "SELECT id FROM work_items WHERE state = 'failed' ORDER BY id"
                : "SELECT id FROM work_items WHERE state = 'failed' AND error_code = ? ORDER BY id",
                arguments: cause.map { [$0] } ?? [])
            return try ids.map { try retry(id: $0, db) }
        }
    }

    private func retry(id: Int64, _ db: Database) throws -> RetryOutcome {
        guard var item = try WorkItem.fetchOne(db, key: id) else { return RetryOutcome(workItemID: id, result: .notFound) }
        guard item.state.isRetryable else {
            let why = switch item.state {
            case .posted: "already posted; nothing to retry"
            case .superseded: "superseded by a newer version or a void; nothing to retry"
            case .posting: "being posted right now"
            default: "already waiting for the next cycle"
            }
            return RetryOutcome(workItemID: id, result: .skipped(why))
        }
        let from = item.state
        item.state = .ready
        item.nextAttemptAt = nil
        item.updatedAt = Timestamp.now()
        try item.update(db)
        try AuditLog.append(NewAuditEvent(actor: user, action: "work_item.retry", subject: item.subject,
            workItemId: id, details: ["from": .string(from.rawValue), "to": "ready",
                                      "lastError": item.errorCode.map(JSONValue.string) ?? .null]), in: db)
        return RetryOutcome(workItemID: id, result: .queued(from: from))
    }
}
