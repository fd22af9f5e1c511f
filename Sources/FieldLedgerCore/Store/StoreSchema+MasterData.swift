import GRDB

extension StoreSchema {
    /// Two-way master data (issue 6).
    ///
    /// - `master_data_base`: per coupled record (a `links` row) and mapped field, the value each
    ///   system held when FieldLedger last brought them into agreement, with both systems'
    ///   modification times. A field counts as changed on a side only when that side's value
    ///   differs from its base — so a value FieldLedger wrote itself never comes back as a change.
    /// - `master_data_conflicts`: fields changed in both systems, decided by a rule; the loser is
    ///   kept here (and in the audit chain) with both values, systems and times.
    /// - `master_data_matches`: first-sync matches a person must decide (`ambiguous`), and pairs a
    ///   person uncoupled (`uncoupled`), which automatic matching must not couple again.
    static func v10MasterData(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE master_data_base (
                link_id      INTEGER NOT NULL REFERENCES links(id) ON DELETE CASCADE,
                field        TEXT NOT NULL,     -- displayName, addressLine1, phoneNumber, taxArea, status, …
                st_value     TEXT,              -- ServiceTrade's value after the last sync (NULL: empty)
                bc_value     TEXT,              -- Business Central's value after the last sync
                st_modified  TEXT,              -- ServiceTrade `updated` of that version (ISO-8601 UTC)
                bc_modified  TEXT,              -- Business Central lastModifiedDateTime of that version
                synced_at    TEXT NOT NULL,
                PRIMARY KEY (link_id, field)
            );

            CREATE TABLE master_data_conflicts (
                id               INTEGER PRIMARY KEY AUTOINCREMENT,
                entity           TEXT NOT NULL,  -- customer
                link_id          INTEGER REFERENCES links(id) ON DELETE SET NULL,
                st_ref           TEXT NOT NULL,  -- servicetrade:company:5
                bc_ref           TEXT NOT NULL,  -- businesscentral:customer:C10005
                field            TEXT NOT NULL,
                st_value         TEXT,
                bc_value         TEXT,
                st_modified      TEXT,
                bc_modified      TEXT,
                rule             TEXT NOT NULL CHECK (rule IN ('servicetrade','businesscentral','newest')),
                winner           TEXT NOT NULL CHECK (winner IN ('servicetrade','businesscentral')),
                decided_at       TEXT NOT NULL,
                audit_event_id   INTEGER
            );
            CREATE INDEX master_data_conflicts_st ON master_data_conflicts (st_ref, id);
            CREATE INDEX master_data_conflicts_bc ON master_data_conflicts (bc_ref, id);
            CREATE INDEX master_data_conflicts_field ON master_data_conflicts (field, id);

            CREATE TABLE master_data_matches (
                id             INTEGER PRIMARY KEY AUTOINCREMENT,
                entity         TEXT NOT NULL,    -- customer
                status         TEXT NOT NULL CHECK (status IN ('ambiguous','uncoupled','resolved')),
                source_system  TEXT NOT NULL,    -- servicetrade
                source_id      TEXT NOT NULL,
                source_ref     TEXT,             -- customer code or name
                erp_id         TEXT,             -- uncoupled: the ERP record not to couple again
                candidates     TEXT NOT NULL,    -- JSON array of {id, number, displayName}
                reason         TEXT NOT NULL,
                created_at     TEXT NOT NULL,
                resolved_at    TEXT,
                resolved_by    TEXT
            );
            CREATE INDEX master_data_matches_source ON master_data_matches (entity, source_system, source_id, status);
            CREATE INDEX master_data_matches_status ON master_data_matches (status, id);
            """)
    }
}
