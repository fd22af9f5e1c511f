import Foundation
import GRDB

/// Notices writes to the store by any process (the engine, a CLI retry, another console) by
/// polling `PRAGMA data_version` on one dedicated connection: the value changes when another
/// connection commits. GRDB's `ValueObservation` sees only this process's writes.
public final class StoreChangeWatcher: @unchecked Sendable {
    private let queue: DatabaseQueue
    /// Guarded by `lock`.
    private var last: Int64?
    private let lock = NSLock()

    /// Opens its own read-only connection to the store at `path`.
    public init(path: String) throws {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(1)
        config.label = "fieldledger.changes"
        queue = try DatabaseQueue(path: path, configuration: config)
    }

    /// True when a commit happened since the previous call (the first call only records the
    /// starting point and returns false).
    public func hasChanged() throws -> Bool {
        let version = try queue.inDatabase { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
        lock.lock()
        defer { lock.unlock() }
        let changed = last.map { $0 != version } ?? false
        last = version
        return changed
    }
}
