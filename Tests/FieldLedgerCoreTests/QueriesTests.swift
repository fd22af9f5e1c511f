import FieldLedgerHTTP
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore

@Suite struct QueriesTests {
    @Test func overviewOfAnEmptyStore() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("s.sqlite"))
        let overview = try store.read { db in try StoreOverview.load(in: db) }
        #expect(overview == StoreOverview(stateCounts: [:], oldestUnposted: nil, lastRun: nil, lastFinishedAt: nil, auditHead: nil))
    }

    @Test func overviewCountsStatesAndFindsTheOldestUnposted() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("s.sqlite"))
        try seedInvoice(store, number: "INV-1", sourceId: "1", posted: true, erpNumber: "SI-1")
        try seedInvoice(store, number: "INV-2", sourceId: "2", posted: false)
        try seedInvoice(store, number: "INV-3", sourceId: "3", posted: false)
        try store.write { db in
            try db.execute(sql: "INSERT INTO sync_runs (trigger, started_at, finished_at, status) VALUES ('once', '2026-11-27T07:00:00.000Z', '2026-11-27T07:00:05.000Z', 'ok')")
            try db.execute(sql: "INSERT INTO sync_runs (trigger, started_at, status) VALUES ('serve', '2026-11-27T07:10:00.000Z', 'running')")
            try db.execute(sql: "INSERT INTO sync_run_counts (run_id, flow, received, posted, failed) VALUES (2, 'invoice.post', 3, 1, 2)")
        }
        let overview = try store.read { db in try StoreOverview.load(in: db) }
        #expect(overview.stateCounts == [.posted: 1, .failed: 2])
        #expect(overview.oldestUnposted?.ref == "INV-2")
        #expect(overview.lastRun?.status == "running")
        #expect(overview.lastRun?.counts == [StoreOverview.FlowCount(flow: "invoice.post", received: 3, posted: 1, failed: 2, retried: 0, skipped: 0)])
        #expect(overview.lastFinishedAt == "2026-11-27T07:00:05.000Z")
        let events = try store.read { db in try AuditLog.page(limit: 1, in: db) }
        #expect(overview.auditHead?.seq == events[0].seq)
        #expect(overview.auditHead?.hash == events[0].hash)
    }

    @Test func syncLogPagesByKeysetInBothDirections() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("s.sqlite"))
        try store.write { db in
            for n in 1...30 {
                try AuditLog.append(NewAuditEvent(actor: ActingUser(name: n % 2 == 0 ? "alice" : "bob"), action: "test.event",
                                                  subject: "s:\(n)", details: ["n": .number(JSONNumber(n))]), in: db)
            }
        }
        let all = SyncLogQuery()
        let seqs = { (anchor: SyncLogQuery.Anchor, limit: Int) in
            try store.read { db in try all.page(anchor, limit: limit, in: db).map(\.seq) }
        }
        #expect(try seqs(.newest, 3) == [30, 29, 28])
        #expect(try seqs(.before(28), 3) == [27, 26, 25])
        #expect(try seqs(.after(25), 3) == [28, 27, 26])
        #expect(try seqs(.oldest, 3) == [3, 2, 1])
        #expect(try seqs(.before(2), 3) == [1])
    }

    @Test func syncLogFiltersByFieldAndWords() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("s.sqlite"))
        try seedInvoice(store, number: "INV-1", sourceId: "1", posted: true, erpNumber: "SI-1")
        try seedInvoice(store, number: "INV-2", sourceId: "2", posted: false)
        try store.write { db in
            try AuditLog.append(NewAuditEvent(actor: ActingUser(name: "alice"), action: "note", subject: "100%_done"), in: db)
        }
        func actions(_ filter: String) throws -> [String] {
            try store.read { db in try SyncLogQuery(parsing: filter).page(.newest, limit: 50, in: db).map(\.action) }
        }
        #expect(SyncLogQuery(parsing: "action:link.created state:FAILED actor:bob x y")
            == SyncLogQuery(action: "link.created", state: "failed", actor: "bob", words: ["x", "y"]))
        #expect(try actions("state:failed") == ["work_item.state"])
        #expect(try actions("action:link.created") == ["link.created"])
        #expect(try actions("actor:alice") == ["note"])
        #expect(try actions("si-1") == ["link.created"])
        #expect(try actions("100%") == ["note"])
        #expect(try actions("1_0") == [])  // "_" is literal, not a LIKE wildcard
        #expect(try actions("state:posted servicetrade:invoice:1") == ["work_item.state"])
    }

    @Test func groupMembersAreAllIDsNotTheSample() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("s.sqlite"))
        var ids: [Int64] = []
        for n in 1...5 { ids.append(try seedInvoice(store, number: "INV-\(n)", sourceId: "\(n)", posted: false)) }
        let groups = try store.read { db in try FailureGroup.all(in: db, sampleSize: 2) }
        #expect(groups[0].items.count == 2)
        let members = try store.read { db in
            try FailureGroup.memberIDs(code: groups[0].code, object: groups[0].object, state: groups[0].state, in: db)
        }
        #expect(members == ids)
    }

    @Test func theWatcherSeesCommitsOfOtherConnections() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("s.sqlite")
        let store = try Store.open(path: path)
        let watcher = try StoreChangeWatcher(path: path)
        #expect(try watcher.hasChanged() == false)
        #expect(try watcher.hasChanged() == false)
        try seedInvoice(store, number: "INV-1", sourceId: "1", posted: false)
        #expect(try watcher.hasChanged() == true)
        #expect(try watcher.hasChanged() == false)
        let other = try Store.open(path: path)
        try seedInvoice(other, number: "INV-2", sourceId: "2", posted: false)
        #expect(try watcher.hasChanged() == true)
    }
}
