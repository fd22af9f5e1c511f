import GRDB

extension StoreSchema {
    /// Where each posted invoice stands in Business Central's receivables, as last seen by the
    /// payments flow: one row per sales-invoice link. `payment_state` is decided by the writer
    /// (so the console filters on an index, not on decimal text).
    static func v6InvoicePayments(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE invoice_payments (
                link_id          INTEGER PRIMARY KEY REFERENCES links(id),
                source_id        TEXT NOT NULL,                 -- ServiceTrade invoice id
                source_ref       TEXT,                          -- ServiceTrade invoice number
                erp_id           TEXT NOT NULL,                 -- Business Central salesInvoice id
                erp_number       TEXT,                          -- posted number
                erp_status       TEXT NOT NULL,                 -- Open | Paid | Canceled | Corrective
                total            TEXT NOT NULL,                 -- decimal text, currency precision
                remaining        TEXT NOT NULL,                 -- decimal text
                payment_state    TEXT NOT NULL CHECK (payment_state IN ('unpaid','partial','paid','reopened','canceled')),
                st_status        TEXT,                          -- the status FieldLedger last set in ServiceTrade
                last_event       TEXT,                          -- payment | paid | reopened | canceled | credited
                last_event_at    TEXT,
                erp_modified_at  TEXT,                          -- Business Central lastModifiedDateTime seen
                updated_at       TEXT NOT NULL
            );
            CREATE INDEX invoice_payments_state ON invoice_payments (payment_state, updated_at);
            CREATE INDEX invoice_payments_source ON invoice_payments (source_id);
            """)
    }
}
