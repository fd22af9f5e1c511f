import GRDB

extension StoreSchema {
    /// Versioned posting rules (issue 5). `posting_rules` rows become immutable versions: a change
    /// inserts a new row and retires the old one, so a rule id recorded with a posted line names
    /// exactly the rule that decided it. The table is rebuilt (SQLite cannot drop a CHECK or a
    /// UNIQUE constraint in place); ids are kept, so earlier audit events still point at their rules.
    static func v5RuleVersions(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE rule_changes (
                version      INTEGER PRIMARY KEY AUTOINCREMENT,
                at           TEXT NOT NULL,
                author       TEXT NOT NULL,      -- the OS user (or 'engine')
                reason       TEXT NOT NULL CHECK (length(trim(reason)) > 0),
                added        TEXT NOT NULL,      -- JSON array of posting_rules ids inserted
                retired      TEXT NOT NULL,      -- JSON array of posting_rules ids retired
                rollback_of  INTEGER             -- the version this change restored, if it is a rollback
            );

            CREATE TABLE posting_rules_v5 (
                id                  INTEGER PRIMARY KEY AUTOINCREMENT,
                kind                TEXT NOT NULL CHECK (kind IN ('gl_account','purchase_gl','stock_adjustment_gl','timecard_gl',
                                        'dimension','tax_group','tax_area','payment_terms','cost_code','field_authority')),
                document            TEXT NOT NULL DEFAULT '*',   -- gl_account: invoice | credit_memo | *
                item_type           TEXT NOT NULL DEFAULT '*',   -- gl_account: labor | material | other | *
                service_line        TEXT NOT NULL DEFAULT '*',   -- gl_account, timecard_gl: ServiceTrade service line | *
                branch              TEXT NOT NULL DEFAULT '*',   -- gl_account, stock_adjustment_gl, timecard_gl: region | *
                job_type            TEXT NOT NULL DEFAULT '*',   -- gl_account, timecard_gl: ServiceTrade job type | *
                category            TEXT NOT NULL DEFAULT '*',   -- purchase_gl, stock_adjustment_gl: PartsManager item category | *
                vendor              TEXT NOT NULL DEFAULT '*',   -- purchase_gl: PartsManager vendor code | *
                source_kind         TEXT NOT NULL DEFAULT '*',   -- dimension, tax_area, cost_code; field_authority: entity
                source_value        TEXT NOT NULL DEFAULT '*',   -- the ServiceTrade value matched; field_authority: field
                dimension_code      TEXT NOT NULL DEFAULT '',    -- dimension: the Business Central dimension code
                target              TEXT NOT NULL,               -- account, dimension value, tax group/area, terms, job task, authority
                work_type           TEXT NOT NULL DEFAULT '',    -- cost_code: the Business Central work type
                created_at          TEXT NOT NULL,
                created_by          TEXT NOT NULL,
                version             INTEGER REFERENCES rule_changes(version),  -- the change that added it (NULL: before versioning)
                retired_at          TEXT,                        -- NULL while live
                retired_by_version  INTEGER REFERENCES rule_changes(version)
            );
            INSERT INTO posting_rules_v5 (id, kind, item_type, service_line, branch, source_kind, source_value,
                                          dimension_code, target, created_at, created_by)
                SELECT id, kind, item_type, service_line, branch, source_kind, source_value, dimension_code, target,
                       created_at, created_by FROM posting_rules;
            DROP TABLE posting_rules;
            ALTER TABLE posting_rules_v5 RENAME TO posting_rules;
            -- One live rule per match: an exact duplicate is the plainest tie.
            CREATE UNIQUE INDEX posting_rules_live ON posting_rules(kind, document, item_type, service_line, branch, job_type,
                category, vendor, source_kind, source_value, dimension_code) WHERE retired_at IS NULL;
            CREATE INDEX posting_rules_version ON posting_rules(version);
            CREATE INDEX posting_rules_retired_by ON posting_rules(retired_by_version) WHERE retired_by_version IS NOT NULL;

            CREATE TABLE rule_problems (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                rule_id       INTEGER NOT NULL REFERENCES posting_rules(id),
                code          TEXT NOT NULL,     -- BLOCKED_GL_ACCOUNT, UNKNOWN_DIMENSION_VALUE, …
                reason        TEXT NOT NULL,     -- what is wrong and what to do
                affected      TEXT NOT NULL,     -- JSON array of open work item ids the rule would decide
                detected_at   TEXT NOT NULL,
                resolved_at   TEXT               -- NULL while the problem stands
            );
            CREATE UNIQUE INDEX rule_problems_open ON rule_problems(rule_id, code) WHERE resolved_at IS NULL;
            """)
    }
}
