import GRDB

extension Store {
    /// Numbered, append-only migrations. Never edit a shipped one: add the next number.
    /// Each runs in its own transaction, so a failure leaves the store as it was.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("0001-core", migrate: StoreSchema.v1Core)
        migrator.registerMigration("0002-audit", migrate: StoreSchema.v2Audit)
        migrator.registerMigration("0003-sync-run-counts", migrate: StoreSchema.v3SyncRunCounts)
        migrator.registerMigration("0004-posting-rules", migrate: StoreSchema.v4PostingRules)
        // 0005 is reserved for the rule versions (issue 5).
        migrator.registerMigration("0006-invoice-payments", migrate: StoreSchema.v6InvoicePayments)
        migrator.registerMigration("0007-engine-heartbeat", migrate: StoreSchema.v7EngineHeartbeat)
        return migrator
    }

    /// The identifiers of every migration this build knows, oldest first.
    public static var knownMigrations: [String] { migrator.migrations }

    /// Brings the schema up to date, or refuses a store that is not ours or is newer than us.
    func migrate(upTo target: String? = nil) throws(StoreError) {
        do {
            let migrator = Store.migrator
            // Checked on a reader: an up-to-date store (every `trace`, every console start) opens
            // without taking the write lock.
            let (applied, marked) = try pool.read { db in
                try checkIdentity(db)
                return (try migrator.appliedIdentifiers(db),
                        try Int32.fetchOne(db, sql: "PRAGMA application_id") == Store.applicationID)
            }
            let unknown = applied.subtracting(migrator.migrations)
            if !unknown.isEmpty {
                throw StoreError(code: .newerSchema(found: unknown.sorted(), known: migrator.migrations.count), path: path)
            }
            if let target {
                try migrator.migrate(pool, upTo: target)
            } else if !Set(migrator.migrations).isSubset(of: applied) {
                try migrator.migrate(pool)
            }
            if !marked {
                try pool.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA application_id = \(Store.applicationID)")
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Store.classify(error, path: path)
        }
    }

    /// A file with someone else's tables (and no FieldLedger mark) is not ours to migrate.
    private func checkIdentity(_ db: Database) throws {
        let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if appID == Store.applicationID { return }
        if appID != 0 { throw StoreError(code: .foreignDatabase, path: path) }
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'
            """)
        let ours: Set<String> = ["inbox", "work_items", "links", "sync_runs", "cursors", "reference_data",
                                 "audit_events", "sync_run_counts", "posting_rules", "invoice_payments",
                                 "engine_heartbeat"]
        if !Set(tables).isSubset(of: ours) { throw StoreError(code: .foreignDatabase, path: path) }
    }

    /// The migrations already applied to this store, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Store.migrator.appliedMigrations(db) }
    }
}
