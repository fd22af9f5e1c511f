import GRDB

/// The SQL of each migration. The README's "Store schema" section documents these tables for
/// admins who open the file with the sqlite3 CLI; keep the two in step.
enum StoreSchema {
    static func v1Core(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE inbox (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                source_system   TEXT NOT NULL,   -- servicetrade | partsmanager | businesscentral
                channel         TEXT NOT NULL,   -- webhook | poll | reconcile | manual
                entity          TEXT NOT NULL,   -- invoice, company, salesInvoice, …
                source_id       TEXT NOT NULL,
                source_version  TEXT,            -- the source's modification time or etag
                payload         TEXT NOT NULL,   -- the change exactly as received (JSON)
                payload_sha256  TEXT NOT NULL,
                received_at     TEXT NOT NULL,
                processed_at    TEXT,
                UNIQUE (source_system, entity, source_id, payload_sha256)
            );
            CREATE INDEX inbox_pending ON inbox(processed_at, id);

            CREATE TABLE work_items (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                flow            TEXT NOT NULL,   -- invoice.post, void.credit, payment.back, customer.push, …
                source_system   TEXT NOT NULL,
                source_entity   TEXT NOT NULL,
                source_id       TEXT NOT NULL,
                source_ref      TEXT,            -- the reference people use: invoice number, PO number
                source_version  TEXT,
                inbox_id        INTEGER REFERENCES inbox(id),
                natural_key     TEXT,            -- what the ERP document carries, as the ERP stores it
                state           TEXT NOT NULL CHECK (state IN
                                  ('received','ready','posting','posted','failed','retry_wait','blocked','superseded')),
                attempts        INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT,
                error_code      TEXT,
                error_object    TEXT,
                error_message   TEXT,
                error_remedy    TEXT,
                blocked_by      INTEGER REFERENCES work_items(id),
                superseded_by   INTEGER REFERENCES work_items(id),
                payload         TEXT,
                created_at      TEXT NOT NULL,
                updated_at      TEXT NOT NULL
            );
            CREATE INDEX work_items_source      ON work_items(source_id, source_system);  -- also serves trace by id alone
            CREATE INDEX work_items_source_ref  ON work_items(source_ref);
            CREATE INDEX work_items_natural_key ON work_items(natural_key);
            CREATE INDEX work_items_state       ON work_items(state, updated_at, id);
            CREATE INDEX work_items_due         ON work_items(state, next_attempt_at);
            CREATE INDEX work_items_blocked_by  ON work_items(blocked_by) WHERE blocked_by IS NOT NULL;
            CREATE INDEX work_items_errors      ON work_items(error_code, error_object) WHERE error_code IS NOT NULL;
            CREATE INDEX work_items_updated     ON work_items(updated_at, id);

            CREATE TABLE links (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                erp_system      TEXT NOT NULL,   -- businesscentral | intacct
                kind            TEXT NOT NULL,   -- customer, salesInvoice, salesCreditMemo, …
                source_system   TEXT NOT NULL,
                source_entity   TEXT NOT NULL,   -- invoice, company, …
                source_id       TEXT NOT NULL,
                source_ref      TEXT,
                erp_id          TEXT NOT NULL,   -- lower-case GUID for Business Central
                erp_number      TEXT,            -- document or master-data number
                work_item_id    INTEGER REFERENCES work_items(id),
                created_at      TEXT NOT NULL,
                updated_at      TEXT NOT NULL,
                UNIQUE (erp_system, kind, source_system, source_entity, source_id)
            );
            CREATE INDEX links_source     ON links(source_system, source_entity, source_id);
            CREATE INDEX links_source_ref ON links(source_ref);
            CREATE INDEX links_erp_id     ON links(erp_id);
            CREATE INDEX links_erp_number ON links(erp_number);

            CREATE TABLE sync_runs (
                id           INTEGER PRIMARY KEY AUTOINCREMENT,
                trigger      TEXT NOT NULL,      -- once | serve | demo | retry
                started_at   TEXT NOT NULL,
                finished_at  TEXT,
                status       TEXT NOT NULL CHECK (status IN ('running','ok','failed')),
                error        TEXT
            );
            CREATE INDEX sync_runs_started ON sync_runs(started_at, id);

            CREATE TABLE cursors (
                system      TEXT NOT NULL,
                entity      TEXT NOT NULL,
                position    TEXT NOT NULL,       -- e.g. the last lastModifiedDateTime / updatedAfter seen
                updated_at  TEXT NOT NULL,
                PRIMARY KEY (system, entity)
            );

            CREATE TABLE reference_data (
                erp_system     TEXT NOT NULL,
                entity         TEXT NOT NULL,    -- account, dimension, dimensionValue, taxGroup, …
                erp_id         TEXT NOT NULL,
                code           TEXT,
                name           TEXT,
                blocked        INTEGER NOT NULL DEFAULT 0,
                data           TEXT NOT NULL,    -- the entity as the ERP returned it (JSON)
                last_modified  TEXT,
                refreshed_at   TEXT NOT NULL,
                PRIMARY KEY (erp_system, entity, erp_id)
            );
            CREATE INDEX reference_data_code ON reference_data(erp_system, entity, code);
            """)
    }

    static func v2Audit(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE audit_events (
                seq           INTEGER PRIMARY KEY AUTOINCREMENT,
                at            TEXT NOT NULL,
                actor         TEXT NOT NULL,     -- OS user, or 'engine'
                action        TEXT NOT NULL,     -- work_item.state, access.denied, mapping.set, …
                subject       TEXT,              -- what it is about, e.g. 'servicetrade:invoice:1234'
                work_item_id  INTEGER,
                details       TEXT NOT NULL,     -- canonical JSON (sorted keys)
                prev_hash     TEXT NOT NULL,
                hash          TEXT NOT NULL      -- SHA-256 of the canonical encoding + prev_hash
            );
            CREATE INDEX audit_events_work_item ON audit_events(work_item_id, seq) WHERE work_item_id IS NOT NULL;
            CREATE INDEX audit_events_subject   ON audit_events(subject, seq);
            CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
            BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: an event cannot be changed'); END;
            CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
            BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: an event cannot be deleted'); END;
            """)
    }

    static func v3SyncRunCounts(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE sync_run_counts (
                run_id    INTEGER NOT NULL REFERENCES sync_runs(id),
                flow      TEXT NOT NULL,
                received  INTEGER NOT NULL DEFAULT 0,
                posted    INTEGER NOT NULL DEFAULT 0,
                failed    INTEGER NOT NULL DEFAULT 0,
                retried   INTEGER NOT NULL DEFAULT 0,
                skipped   INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (run_id, flow)
            );
            """)
    }

    static func v4PostingRules(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE posting_rules (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                kind            TEXT NOT NULL CHECK (kind IN ('gl_account','dimension','tax_group','tax_area','payment_terms')),
                item_type       TEXT NOT NULL DEFAULT '*',   -- gl_account: labor | material | other | *
                service_line    TEXT NOT NULL DEFAULT '*',   -- gl_account: ServiceTrade service line name | *
                branch          TEXT NOT NULL DEFAULT '*',   -- gl_account: ServiceTrade region name | *
                source_kind     TEXT NOT NULL DEFAULT '*',   -- dimension: service_line | branch | job | technician;
                                                             -- tax_area: location | company
                source_value    TEXT NOT NULL DEFAULT '*',   -- the ServiceTrade value matched (name, number, id)
                dimension_code  TEXT NOT NULL DEFAULT '',    -- dimension: the Business Central dimension code
                target          TEXT NOT NULL,               -- account number, dimension value, tax group, tax area or terms code
                created_at      TEXT NOT NULL,
                created_by      TEXT NOT NULL,
                UNIQUE (kind, item_type, service_line, branch, source_kind, source_value, dimension_code)
            );
            """)
    }
}
