import Foundation
import GRDB

/// Records posted per minute over a recent span, for the console's throughput sparkline.
///
/// Sums `sync_run_counts.posted` of the runs that started in the span (the `sync_runs_started`
/// index), bucketed by the minute the run finished (or started, while it runs). It reads run
/// totals rather than audit events, so its cost does not grow with the audit trail.
///
/// ```swift
/// let perMinute = try store.read { db in try ThroughputQuery(minutes: 60).postedPerMinute(endingAt: Date(), in: db) }
/// // perMinute.count == 60; perMinute.last is the current minute
/// ```
public struct ThroughputQuery: Sendable, Equatable {
    /// How many one-minute buckets, oldest first, the last one holding `endingAt`'s minute.
    public var minutes: Int

    /// How long before the span a run that finishes in it may have started.
    static let longestRun: TimeInterval = 600

    public init(minutes: Int = 60) {
        self.minutes = max(1, minutes)
    }

    /// Posted records per minute, `minutes` values, oldest first.
    public func postedPerMinute(endingAt end: Date, in db: Database) throws -> [Int] {
        let endMinute = floor(end.timeIntervalSince1970 / 60)
        let firstMinute = endMinute - Double(minutes - 1)
        // A run that started a little before the span may finish inside it.
        let since = Timestamp.string(Date(timeIntervalSince1970: firstMinute * 60 - Self.longestRun))
        var buckets = Array(repeating: 0, count: minutes)
        let rows = try Row.fetchAll(db, sql: """
            SELECT COALESCE(r.finished_at, r.started_at) AS at, SUM(c.posted) AS posted
            FROM sync_runs r JOIN sync_run_counts c ON c.run_id = r.id
            WHERE r.started_at >= ? GROUP BY r.id
            """, arguments: [since])
        for row in rows {
            guard let at = Timestamp.date(row["at"] as String), let posted = row["posted"] as Int? else { continue }
            let index = Int(floor(at.timeIntervalSince1970 / 60) - firstMinute)
            if buckets.indices.contains(index) { buckets[index] += posted }
        }
        return buckets
    }
}
