import FieldLedgerHTTP
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore

@Suite("Command layer: roles checked before any change, refusals and changes audited")
struct CommandContextTests {
    @Test("a viewer is refused a retry with the role message, the refusal is audited, nothing changes")
    func viewerRefused() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("c.sqlite"))
        let id = try seedInvoice(store, number: "INV-1", sourceId: "1", posted: false)
        let alice = ActingUser(name: "alice", groups: ["ar"])
        let context = CommandContext(store: store, user: alice, role: .viewer)
        #expect { try context.retry(workItemIDs: [id]) } throws: { error in
            "\(error)".contains("needs role operator; you are alice (viewer)")
        }
        let (state, denial) = try store.read { db in
            (try WorkItem.fetchOne(db, key: id)!.state,
             try AuditEvent.fetchOne(db, sql: "SELECT * FROM audit_events WHERE action = 'access.denied'"))
        }
        #expect(state == .failed)
        let event = try #require(denial)
        #expect(event.actor == "alice")
        #expect(event.detailsJSON["needed"]?.stringValue == "operator")
        #expect(event.detailsJSON["attempted"]?.stringValue == "retry work item \(id)")
    }

    @Test("finance may do what operators may (roles are ordered)")
    func financeIncludesOperator() throws {
        #expect(Role.finance > .operator && Role.operator > .viewer)
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("c.sqlite"))
        let id = try seedInvoice(store, number: "INV-1", sourceId: "1", posted: false)
        let outcomes = try CommandContext(store: store, user: ActingUser(name: "carol"), role: .finance).retry(workItemIDs: [id])
        #expect(outcomes == [RetryOutcome(workItemID: id, result: .queued(from: .failed))])
    }

    @Test("--read-only refuses changes even for an operator")
    func readOnly() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("c.sqlite"))
        let id = try seedInvoice(store, number: "INV-1", sourceId: "1", posted: false)
        let context = CommandContext(store: store, user: ActingUser(name: "bob"), role: .operator, readOnly: true)
        #expect { try context.retry(workItemIDs: [id]) } throws: { "\($0)".contains("you are bob (viewer)") }
    }

    @Test("no role at all is refused and says so")
    func noRole() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("c.sqlite"))
        let context = CommandContext(store: store, user: ActingUser(name: "eve"), role: nil)
        #expect { try context.require(.viewer, to: "read the sync log") } throws: { "\($0)".contains("you are eve (no role)") }
    }

    @Test("retry moves failed items to ready with an audit event naming the user; posted ones are skipped")
    func retryAudited() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("c.sqlite"))
        let failed = try seedInvoice(store, number: "INV-1", sourceId: "1", posted: false)
        let posted = try seedInvoice(store, number: "INV-2", sourceId: "2", posted: true, erpNumber: "PS-1")
        let bob = CommandContext(store: store, user: ActingUser(name: "bob"), role: .operator)
        let outcomes = try bob.retry(workItemIDs: [failed, posted, 999])
        #expect(outcomes.map(\.result) == [.queued(from: .failed), .skipped("already posted; nothing to retry"), .notFound])
        let event = try store.read { db in
            try AuditEvent.fetchOne(db, sql: "SELECT * FROM audit_events WHERE action = 'work_item.retry'")
        }
        #expect(event?.actor == "bob")
        #expect(event?.workItemId == failed)
        #expect(try store.read { db in try AuditVerifier.verify(db) }.isIntact)
    }

    @Test("retry --cause retries only that group; failures are grouped by code and object")
    func retryByCause() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("c.sqlite"))
        try seedInvoice(store, number: "INV-1", sourceId: "1", posted: false)
        try seedInvoice(store, number: "INV-2", sourceId: "2", posted: false)
        let other = try store.write { db -> Int64 in
            var item = WorkItem(flow: "invoice.post", sourceSystem: "servicetrade", sourceEntity: "invoice", sourceId: "3", sourceRef: "INV-3")
            try item.insert(recordingBy: .engine, in: db)
            try item.move(to: .failed, failure: SyncFailure(code: "MISSING_CUSTOMER", object: "company 77", message: "m"), by: .engine, in: db)
            return item.id!
        }
        let groups = try store.read { db in try FailureGroup.all(in: db) }
        #expect(groups.map(\.code) == ["UNMAPPED_GL_ACCOUNT", "MISSING_CUSTOMER"])
        #expect(groups[0].count == 2)
        #expect(groups[0].remedy == "Add one under Mappings › GL accounts.")
        let ctx = CommandContext(store: store, user: ActingUser(name: "bob"), role: .operator)
        let outcomes = try ctx.retryAllFailed(cause: "UNMAPPED_GL_ACCOUNT")
        #expect(outcomes.count == 2)
        #expect(try store.read { db in try WorkItem.fetchOne(db, key: other)!.state } == .failed)
    }
}
