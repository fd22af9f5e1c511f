import Crypto
import FieldLedgerHTTP
import Foundation
import GRDB

/// Polls ServiceTrade for approved invoices (`pending_accounting`) changed since the cursor and
/// turns each new version into an inbox row and an `invoice.post` work item — or a
/// `creditmemo.post` one when its total is negative (a ServiceTrade credit memo: same intake, same
/// cursor, its own flow) — superseding older versions that have not posted. A `void` invoice
/// handed to `accept` (a webhook) goes to `InvoiceVoidIntake`. Intake never calls the ERP. Re-reading the same version is
/// harmless: the inbox refuses an identical payload.
struct InvoiceIntake: Sendable {
    let st: ServiceTradeClient
    let store: Store

    static let cursorEntity = "invoice.pending_accounting"

    /// Returns how many new work items were created.
    func run() async throws -> Int {
        let cursor = try SyncCursor.position(system: "servicetrade", entity: Self.cursorEntity, in: store)
        var filters = [("status", "pending_accounting")]
        // One second of overlap: ServiceTrade's times are whole seconds and its filter is strict.
        if let cursor, let seconds = Int(cursor) { filters.append(("updatedAfter", String(seconds - 1))) }
        var created = 0
        var newest: Int?
        // Page by page: however many invoices are waiting, one page is held in memory.
        try await st.forEachPage("invoice", plural: "invoices", filters: filters) { invoices in
            created += try acceptPage(invoices, channel: "poll")
            for invoice in invoices {
                if let updated = invoice["updated"]?.intValue { newest = max(newest ?? updated, updated) }
            }
        }
        if let newest, newest > Int(cursor ?? "") ?? Int.min {
            try store.write { db in
                try SyncCursor.set(system: "servicetrade", entity: Self.cursorEntity, to: String(newest), in: db)
            }
        }
        return created
    }

    /// What changed for the ledger between the posted version and a new one (total, lines,
    /// customer, number), in words; nil when nothing that posting used changed.
    static func ledgerChange(from postedPayload: String?, to invoice: JSONObject) -> String? {
        guard let postedPayload, let posted = (try? JSONValue(parsing: postedPayload))?.objectValue else { return nil }
        var changes: [String] = []
        let total = { (o: JSONObject) in o["totalPrice"]?.decimalValue.map { "\($0)" } ?? "?" }
        if total(posted) != total(invoice) { changes.append("total \(total(posted)) → \(total(invoice))") }
        if posted["items"] != invoice["items"] { changes.append("its lines") }
        if posted["company"]?["id"] != invoice["company"]?["id"] { changes.append("its company") }
        if posted["invoiceNumber"] != invoice["invoiceNumber"] { changes.append("its number") }
        return changes.isEmpty ? nil : changes.joined(separator: ", ")
    }

    /// Stores one invoice version; true when it became a new work item.
    func accept(_ invoice: JSONObject, channel: String) throws -> Bool {
        try acceptPage([invoice], channel: channel) == 1
    }

    /// Stores a page of invoice versions in one store transaction (a void goes to
    /// `InvoiceVoidIntake`, on its own); returns how many became new work items.
    func acceptPage(_ invoices: [JSONObject], channel: String) throws -> Int {
        var created = 0
        var versions: [(invoice: JSONObject, payload: String, hash: String)] = []
        for invoice in invoices {
            if invoice["status"]?.stringValue == "void" {
                if try InvoiceVoidIntake(st: st, store: store).accept(invoice, channel: channel) { created += 1 }
                continue
            }
            let payload = JSONValue.object(invoice).serialized()
            versions.append((invoice, payload, SHA256.hash(data: Data(payload.utf8)).hexString))
        }
        guard !versions.isEmpty else { return created }
        return try created + store.write { db in
            try versions.reduce(0) { $0 + (try accept($1.invoice, payload: $1.payload, hash: $1.hash, channel: channel, in: db) ? 1 : 0) }
        }
    }

    /// One version, inside the page's transaction.
    private func accept(_ invoice: JSONObject, payload: String, hash: String, channel: String, in db: Database) throws -> Bool {
        let flow = CreditMemoPostFlow.isCreditMemo(invoice) ? CreditMemoPostFlow.name : InvoicePostFlow.name
        guard let idValue = invoice["id"], let id = idValue.numberValue?.literal ?? idValue.stringValue else { return false }
        let version = invoice["updated"]?.numberValue?.literal
        let number = invoice["invoiceNumber"]?.stringValue
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO inbox (source_system, channel, entity, source_id, source_version, payload, payload_sha256, received_at)
            VALUES ('servicetrade', ?, 'invoice', ?, ?, ?, ?, ?)
            """).execute(arguments: [channel, id, version, payload, hash, Timestamp.now()])
        guard db.changesCount > 0 else { return false }
        let inboxID = db.lastInsertedRowID
        var item = WorkItem(flow: flow, sourceSystem: "servicetrade", sourceEntity: "invoice", sourceId: id,
                            sourceRef: number, sourceVersion: version, naturalKey: number?.uppercased(), payload: payload)
        item.inboxId = inboxID
        // A version of an invoice that is already posted is never posted again.
        if let posted = try WorkItem.fetchOne(db.cachedStatement(sql: """
            SELECT * FROM work_items WHERE source_system = 'servicetrade' AND source_id = ?
              AND flow IN ('invoice.post', 'creditmemo.post') AND state = 'posted' ORDER BY id DESC LIMIT 1
            """), arguments: [id]) {
            try db.cachedStatement(sql: "UPDATE inbox SET processed_at = ? WHERE id = ?").execute(arguments: [Timestamp.now(), inboxID])
            guard let change = Self.ledgerChange(from: posted.payload, to: invoice) else {
                // Only its status or payment state moved (e.g. ServiceTrade's failed →
                // pending_accounting → processed path): nothing for the ledger.
                try AuditLog.append(NewAuditEvent(actor: .engine, action: "invoice.seen_after_posting", subject: item.subject,
                                                  workItemId: posted.id, details: ["inbox": .number(JSONNumber(inboxID)),
                                                                                   "channel": .string(channel)]), in: db)
                return false
            }
            try item.insert(recordingBy: .engine, in: db)
            try item.move(to: .failed, failure: FailureCatalog.postedInvoiceChanged(number: number ?? id, change: change),
                          by: .engine, details: ["posted": .number(JSONNumber(posted.id ?? 0))], in: db)
            return true
        }
        try item.insert(recordingBy: .engine, in: db)
        // Older versions that have not reached the ERP are replaced by this one.
        let older = try WorkItem.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM work_items WHERE source_system = 'servicetrade' AND source_id = ? AND flow IN ('invoice.post', 'creditmemo.post')
              AND id != ? AND state IN ('received', 'ready', 'failed', 'retry_wait', 'blocked')
            """), arguments: [id, item.id])
        for var old in older {
            old.supersededBy = item.id
            try old.move(to: .superseded, by: .engine, details: ["by": .number(JSONNumber(item.id ?? 0))], in: db)
        }
        try db.cachedStatement(sql: "UPDATE inbox SET processed_at = ? WHERE id = ?").execute(arguments: [Timestamp.now(), inboxID])
        return true
    }
}
