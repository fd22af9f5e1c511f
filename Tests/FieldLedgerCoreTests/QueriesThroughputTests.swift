import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore

@Suite("Throughput per minute")
struct QueriesThroughputTests {
    /// 2026-11-27T08:00:30Z: the last bucket is the 08:00 minute.
    let now = Timestamp.date("2026-11-27T08:00:30.000Z")!

    func run(_ store: Store, started: String, finished: String?, posted: [Int]) throws {
        try store.write { db in
            try db.execute(sql: "INSERT INTO sync_runs (trigger, started_at, finished_at, status) VALUES ('serve', ?, ?, ?)",
                           arguments: [started, finished, finished == nil ? "running" : "ok"])
            let id = db.lastInsertedRowID
            for (n, p) in posted.enumerated() {
                try db.execute(sql: "INSERT INTO sync_run_counts (run_id, flow, posted) VALUES (?, ?, ?)",
                               arguments: [id, "flow\(n)", p])
            }
        }
    }

    @Test("buckets runs by the minute they finished, sums flows, ignores runs outside the hour")
    func buckets() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("s.sqlite"))
        try run(store, started: "2026-11-27T08:00:01.000Z", finished: "2026-11-27T08:00:03.000Z", posted: [2, 3])
        try run(store, started: "2026-11-27T07:59:50.000Z", finished: "2026-11-27T07:59:58.000Z", posted: [4])
        try run(store, started: "2026-11-27T07:01:10.000Z", finished: "2026-11-27T07:01:12.000Z", posted: [1])
        // Started before the hour, finished in its first minute.
        try run(store, started: "2026-11-27T07:00:58.000Z", finished: "2026-11-27T07:01:02.000Z", posted: [6])
        // Too old, and a running run without counts.
        try run(store, started: "2026-11-27T06:30:00.000Z", finished: "2026-11-27T06:30:05.000Z", posted: [9])
        try run(store, started: "2026-11-27T08:00:20.000Z", finished: nil, posted: [])
        let perMinute = try store.read { db in try ThroughputQuery(minutes: 60).postedPerMinute(endingAt: now, in: db) }
        #expect(perMinute.count == 60)
        #expect(perMinute[59] == 5)
        #expect(perMinute[58] == 4)
        #expect(perMinute[0] == 7)
        #expect(perMinute.reduce(0, +) == 16)
    }

    @Test("an empty store gives zeros")
    func empty() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("s.sqlite"))
        let perMinute = try store.read { db in try ThroughputQuery(minutes: 30).postedPerMinute(endingAt: now, in: db) }
        #expect(perMinute == Array(repeating: 0, count: 30))
    }
}
