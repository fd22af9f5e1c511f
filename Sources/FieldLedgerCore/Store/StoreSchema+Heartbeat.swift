import GRDB

extension StoreSchema {
    /// One row per running engine process (`serve`, `demo`, `sync --once`), rewritten on every
    /// beat, so the console can say whether an engine is alive and how its connectors are doing.
    static func v7EngineHeartbeat(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE engine_heartbeat (
                process     TEXT PRIMARY KEY,            -- host:pid
                mode        TEXT NOT NULL,               -- serve | demo | once
                started_at  TEXT NOT NULL,
                beat_at     TEXT NOT NULL,
                last_run_id INTEGER,
                connectors  TEXT NOT NULL DEFAULT '[]'   -- JSON array of ConnectorHealth
            );
            """)
    }
}
