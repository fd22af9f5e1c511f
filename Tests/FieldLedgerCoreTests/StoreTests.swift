import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore

@Suite("Store: opening, permissions, migrations")
struct StoreTests {
    @Test("a new store file is created mode 0600 with WAL and foreign keys on")
    func createsPrivateFile() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("s.sqlite")
        let store = try Store.open(path: path)
        let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        let (journal, fk) = try store.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(journal == "wal")
        #expect(fk == 1)
        #expect(try store.appliedMigrations() == Store.knownMigrations)
    }

    @Test("a shared group that does not exist is refused before anything is written")
    func unknownSharedGroup() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("s.sqlite")
        #expect { try Store.open(path: path, sharedGroup: "no-such-group-fl") } throws: { error in
            "\(error)".contains("not a group on this machine")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a shared group makes the file 0660 and owned by that group")
    func sharedGroup() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("s.sqlite")
        // root's primary group always exists where the tests run as root; otherwise the user's own group.
        let group = String(cString: getgrgid(getegid()).pointee.gr_name)
        _ = try Store.open(path: path, sharedGroup: group)
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attrs[.posixPermissions] as? Int == 0o660)
        #expect(attrs[.groupOwnerAccountName] as? String == group)
    }

    @Test("a file that is not SQLite is refused with what to do")
    func notADatabase() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("junk.sqlite")
        try Data("this is a spreadsheet, not a database........".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try Store.open(path: path) } throws: { error in
            let e = error as? StoreError
            return e?.isNotADatabase == true && "\(error)".contains("not an SQLite database")
        }
    }

    @Test("another application's SQLite database is not migrated")
    func foreignDatabase() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("other.sqlite")
        try sqlite3(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'x');")
        #expect { try Store.open(path: path) } throws: { ($0 as? StoreError)?.isForeign == true }
        // Untouched: still only the foreign table.
        #expect(try sqlite3(path, "SELECT group_concat(name) FROM sqlite_master WHERE type='table'").output.trimmingCharacters(in: .whitespacesAndNewlines) == "customers")
    }

    @Test("a store from a newer schema version is refused, not downgraded")
    func newerSchema() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("s.sqlite")
        _ = try Store.open(path: path)
        try sqlite3(path, "INSERT INTO grdb_migrations (identifier) VALUES ('0099-from-the-future')")
        #expect { try Store.open(path: path) } throws: { error in
            (error as? StoreError)?.isNewerSchema == true && "\(error)".contains("0099-from-the-future") && "\(error)".contains("upgrade")
        }
    }

    @Test("migrations run from empty and from each earlier version, keeping the data", arguments: Store.knownMigrations.indices)
    func migratesFromEachVersion(index: Int) throws {
        let dir = TemporaryDirectory()
        let path = dir.file("s.sqlite")
        let target = Store.knownMigrations[index]
        let old = try Store.open(path: path, sharedGroup: nil, migratingUpTo: target)
        #expect(try old.appliedMigrations() == Array(Store.knownMigrations[...index]))
        // Data written at the old version.
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO work_items (flow, source_system, source_entity, source_id, state, created_at, updated_at)
                VALUES ('invoice.post', 'servicetrade', 'invoice', '1', 'ready', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')
                """)
        }
        let hadAudit = Store.knownMigrations[...index].contains("0002-audit")
        if hadAudit {
            try old.write { db in try AuditLog.append(NewAuditEvent(actor: .engine, action: "test"), in: db) }
        }
        let upgraded = try Store.open(path: path)
        #expect(try upgraded.appliedMigrations() == Store.knownMigrations)
        #expect(try upgraded.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM work_items") } == 1)
        let verification = try upgraded.read { db in try AuditVerifier.verify(db) }
        #expect(verification.isIntact)
        #expect(verification.count == (hadAudit ? 1 : 0))
    }

    @Test("a work item in an unknown state is refused by the schema")
    func stateCheck() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("s.sqlite"))
        #expect(throws: DatabaseError.self) {
            try store.write { db in
                try db.execute(sql: """
                    INSERT INTO work_items (flow, source_system, source_entity, source_id, state, created_at, updated_at)
                    VALUES ('f', 's', 'e', '1', 'done-ish', 'x', 'x')
                    """)
            }
        }
    }
}
