import GRDB

extension StoreSchema {
    /// Business Central webhook subscriptions `serve` keeps alive (one per watched entity set),
    /// and one row per reconciliation run with its counts (the findings are in its audit event).
    static func v9Subscriptions(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE bc_subscriptions (
                resource          TEXT PRIMARY KEY,   -- salesInvoices | customers
                subscription_id   TEXT NOT NULL,
                notification_url  TEXT NOT NULL,
                expires_at        TEXT NOT NULL,      -- expirationDateTime as Business Central sent it
                etag              TEXT,               -- for the renewal PATCH (If-Match)
                created_at        TEXT NOT NULL,
                renewed_at        TEXT
            );

            CREATE TABLE reconciliation_runs (
                id                INTEGER PRIMARY KEY AUTOINCREMENT,
                trigger           TEXT NOT NULL,      -- cli | serve
                window_from       TEXT,
                window_to         TEXT,
                started_at        TEXT NOT NULL,
                finished_at       TEXT,
                status            TEXT NOT NULL,      -- running | agreed | differences | failed
                compared          INTEGER NOT NULL DEFAULT 0,
                matched           INTEGER NOT NULL DEFAULT 0,
                missing           INTEGER NOT NULL DEFAULT 0,
                amount_differences INTEGER NOT NULL DEFAULT 0,
                status_differences INTEGER NOT NULL DEFAULT 0,
                enqueued          INTEGER NOT NULL DEFAULT 0,
                error             TEXT
            );
            CREATE INDEX reconciliation_runs_started ON reconciliation_runs(started_at, id);
            """)
    }
}
