import FieldLedgerHTTP
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore

@Suite("Audit trail: append-only hash chain")
struct AuditChainTests {
    /// A store with `n` chained events, each about a different work item.
    private func storeWithEvents(_ n: Int, _ dir: TemporaryDirectory) throws -> (Store, String) {
        let path = dir.file("audit.sqlite")
        let store = try Store.open(path: path)
        try store.write { db in
            for i in 1...n {
                try AuditLog.append(NewAuditEvent(actor: ActingUser(name: "alice"), action: "work_item.state",
                                                  subject: "servicetrade:invoice:\(i)", workItemId: Int64(i),
                                                  details: ["to": "posted", "amount": .decimal(Decimal(string: "0.10")!)]), in: db)
            }
        }
        return (store, path)
    }

    @Test("appended events chain: each names the previous hash; the first names the genesis")
    func chaining() throws {
        let dir = TemporaryDirectory()
        let (store, _) = try storeWithEvents(3, dir)
        let events = try store.read { db in try AuditEvent.fetchAll(db, sql: "SELECT * FROM audit_events ORDER BY seq") }
        #expect(events.count == 3)
        #expect(events[0].prevHash == AuditChain.genesis)
        #expect(events[1].prevHash == events[0].hash)
        #expect(events[2].prevHash == events[1].hash)
        #expect(Set(events.map(\.hash)).count == 3)
        #expect(events[0].actor == "alice")
        // Canonical details: sorted keys, exact decimal literal.
        #expect(events[0].details == #"{"amount":0.1,"to":"posted"}"#)
        let result = try store.read { db in try AuditVerifier.verify(db) }
        #expect(result.isIntact)
        #expect(result.count == 3)
        #expect(result.headHash == events[2].hash)
    }

    @Test("an empty trail verifies with the genesis head")
    func emptyTrail() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("e.sqlite"))
        let result = try store.read { db in try AuditVerifier.verify(db) }
        #expect(result == AuditVerification(count: 0, headHash: AuditChain.genesis, firstProblem: nil))
    }

    @Test("triggers reject UPDATE and DELETE on audit_events, from GRDB and from the sqlite3 CLI")
    func appendOnly() throws {
        let dir = TemporaryDirectory()
        let (store, path) = try storeWithEvents(2, dir)
        #expect { try store.write { db in try db.execute(sql: "UPDATE audit_events SET actor = 'mallory'") } } throws: {
            "\($0)".contains("append-only")
        }
        #expect { try store.write { db in try db.execute(sql: "DELETE FROM audit_events") } } throws: {
            "\($0)".contains("append-only")
        }
        let cli = try sqlite3(path, "DELETE FROM audit_events WHERE seq = 1;")
        #expect(cli.status != 0)
        #expect(cli.output.contains("append-only"))
        #expect(try store.read { db in try AuditVerifier.verify(db) }.count == 2)
    }

    @Test("tampering: trigger dropped and a row edited with sqlite3 → content changed, named")
    func editedRow() throws {
        let dir = TemporaryDirectory()
        let (store, path) = try storeWithEvents(6, dir)
        let edit = try sqlite3(path, "DROP TRIGGER audit_events_no_update; UPDATE audit_events SET actor = 'mallory' WHERE seq = 4;")
        #expect(edit.status == 0)
        let result = try store.read { db in try AuditVerifier.verify(db) }
        let problem = try #require(result.firstProblem)
        #expect(problem.seq == 4)
        #expect(problem.kind == .contentChanged)
        #expect(problem.description.hasPrefix("event 4: content changed"))
    }

    @Test("tampering: details edited with sqlite3 (amount changed) → content changed")
    func editedDetails() throws {
        let dir = TemporaryDirectory()
        let (store, path) = try storeWithEvents(3, dir)
        try sqlite3(path, #"DROP TRIGGER audit_events_no_update; UPDATE audit_events SET details = '{"amount":1000.10,"to":"posted"}' WHERE seq = 2;"#)
        let problem = try #require(try store.read { db in try AuditVerifier.verify(db) }.firstProblem)
        #expect(problem.seq == 2)
        #expect(problem.kind == .contentChanged)
    }

    @Test("tampering: a row deleted with sqlite3 → event missing, named")
    func deletedRow() throws {
        let dir = TemporaryDirectory()
        let (store, path) = try storeWithEvents(6, dir)
        try sqlite3(path, "DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE seq = 3;")
        let problem = try #require(try store.read { db in try AuditVerifier.verify(db) }.firstProblem)
        #expect(problem.kind == .eventMissing)
        #expect(problem.seq == 4)
        #expect(problem.detail.contains("event 3 is gone"))
    }

    @Test("tampering: the newest rows deleted with sqlite3 → event missing at the end")
    func truncatedTail() throws {
        let dir = TemporaryDirectory()
        let (store, path) = try storeWithEvents(6, dir)
        try sqlite3(path, "DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE seq >= 5;")
        let problem = try #require(try store.read { db in try AuditVerifier.verify(db) }.firstProblem)
        #expect(problem.kind == .eventMissing)
        #expect(problem.seq == 5)
        #expect(problem.detail.contains("5–6"))
    }

    @Test("tampering: two rows swapped with sqlite3 → order broken, named")
    func swappedRows() throws {
        let dir = TemporaryDirectory()
        let (store, path) = try storeWithEvents(6, dir)
        try sqlite3(path, """
            DROP TRIGGER audit_events_no_update;
            UPDATE audit_events SET seq = -1 WHERE seq = 3;
            UPDATE audit_events SET seq = 3 WHERE seq = 4;
            UPDATE audit_events SET seq = 4 WHERE seq = -1;
            """)
        let problem = try #require(try store.read { db in try AuditVerifier.verify(db) }.firstProblem)
        #expect(problem.kind == .orderBroken)
        #expect(problem.seq == 3)
        #expect(problem.detail.contains("event 4"))
    }

    @Test("tampering: a forged event inserted in the middle → order broken")
    func insertedRow() throws {
        let dir = TemporaryDirectory()
        let (store, path) = try storeWithEvents(3, dir)
        // A forged event with a self-consistent hash but chained to nothing real.
        let forgedPrev = String(repeating: "a", count: 64)
        let forgedHash = AuditChain.hash(at: "2026-01-01T00:00:00.000Z", actor: "mallory", action: "x", subject: nil,
                                         workItemId: nil, details: "{}", prevHash: forgedPrev)
        try sqlite3(path, """
            DROP TRIGGER audit_events_no_update;
            UPDATE audit_events SET seq = 4 WHERE seq = 3;
            INSERT INTO audit_events (seq, at, actor, action, subject, work_item_id, details, prev_hash, hash)
            VALUES (3, '2026-01-01T00:00:00.000Z', 'mallory', 'x', NULL, NULL, '{}', '\(forgedPrev)', '\(forgedHash)');
            """)
        let problem = try #require(try store.read { db in try AuditVerifier.verify(db) }.firstProblem)
        #expect(problem.kind == .orderBroken)
        #expect(problem.seq == 3)
    }

    @Test("state changes and their audit events commit together or not at all")
    func sameTransaction() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("t.sqlite"))
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.write { db in
                var item = WorkItem(flow: "invoice.post", sourceSystem: "servicetrade", sourceEntity: "invoice", sourceId: "1")
                try item.insert(recordingBy: .engine, in: db)
                throw Boom()
            }
        }
        let counts = try store.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM work_items")!, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_events")!)
        }
        #expect(counts == (0, 0))
    }

    @Test("keyset pages of the trail, newest first, cover every event once")
    func keysetPaging() throws {
        let dir = TemporaryDirectory()
        let (store, _) = try storeWithEvents(25, dir)
        var seen: [Int64] = []
        var before: Int64? = nil
        while true {
            let page = try store.read { db in try AuditLog.page(before: before, limit: 10, in: db) }
            if page.isEmpty { break }
            seen += page.map(\.seq)
            before = page.last?.seq
        }
        #expect(seen == Array((1...25).reversed()).map(Int64.init))
    }
}
