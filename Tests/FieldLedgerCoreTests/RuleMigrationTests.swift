import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore

@Suite("Migration 0005-rule-versions: existing rules kept with their ids, also on stores that already ran 0006 and 0007")
struct RuleMigrationTests {
    @Test("a store migrated to 0004, 0006 and 0007 before rule versions existed gets 0005; its rules stay live with their ids")
    func lateRuleVersions() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("old.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try StoreSchema.v1Core(db)
            try StoreSchema.v2Audit(db)
            try StoreSchema.v3SyncRunCounts(db)
            try StoreSchema.v4PostingRules(db)
            try StoreSchema.v6InvoicePayments(db)
            try StoreSchema.v7EngineHeartbeat(db)
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            for id in ["0001-core", "0002-audit", "0003-sync-run-counts", "0004-posting-rules", "0006-invoice-payments", "0007-engine-heartbeat"] {
                try db.execute(sql: "INSERT INTO grdb_migrations VALUES (?)", arguments: [id])
            }
            try db.execute(sql: """
                INSERT INTO posting_rules (id, kind, item_type, service_line, branch, target, created_at, created_by)
                VALUES (17, 'gl_account', 'labor', 'HVAC', '*', '43100', 't', 'carol')
                """)
            try db.execute(sql: "PRAGMA application_id = \(Store.applicationID)")
        }
        try queue.close()

        let store = try Store.open(path: path)
        #expect(try store.appliedMigrations() == Store.knownMigrations)
        let rules = try store.read { db in try RuleBook.liveRules(db) }
        #expect(rules.map(\.id) == [17])
        #expect(rules.first?.version == nil && rules.first?.document == "*" && rules.first?.isLive == true)
        let resolver = try store.read { db in try PostingRuleResolver.load(db) }
        #expect(resolver.glAccount(itemType: "labor", serviceLine: "HVAC", branch: "Raleigh") == .init(value: "43100", ruleID: 17))
        // Versioning works on the migrated store.
        let carol = CommandContext(store: store, user: ActingUser(name: "carol"), role: .finance)
        let version = try carol.saveRules(RuleChangeSet(add: [RuleFixture.gl("49000", itemType: "labor", serviceLine: "HVAC")],
                                                        retire: [17], reason: "reclass"))
        #expect(version.version == 1 && version.retired.map(\.id) == [17])
    }
}
