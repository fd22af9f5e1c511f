import FieldLedgerHTTP
import Foundation
import GRDB
import Logging

/// Lists Business Central sales invoices changed since the cursor (`lastModifiedDateTime gt …`,
/// reference §3 and §4 "fallback"), matches them to FieldLedger's sales-invoice links by id, and
/// records each receivable in `invoice_payments`. A change of status or remaining amount becomes an
/// `invoice.payments` work item that tells ServiceTrade; the first sight of an unpaid invoice only
/// records the row (its posted number goes to ServiceTrade through `PaymentWatchNumbers`).
///
/// Replaying a state already recorded changes nothing: rows are compared before anything is
/// written, so a cursor reset or a repeated notification costs reads only.
struct PaymentWatchIntake: Sendable {
    let bc: BusinessCentralClient
    let store: Store
    let logger: Logger

    static let cursorEntity = "salesInvoices.payments"
    /// Re-read this much before the cursor: `lastModifiedDateTime` is stamped when a transaction
    /// starts, so a long one can become visible after a later-stamped one was already listed.
    static let overlap: TimeInterval = 60
    /// Entities per page (`Prefer: odata.maxpagesize`).
    static let pageSize = 1000
    /// Rows written per store transaction.
    static let batchSize = 500

    /// Returns how many work items it created.
    func run() async throws -> Int {
        let cursor = try SyncCursor.position(system: "businesscentral", entity: Self.cursorEntity, in: store)
        let since = cursor.flatMap(Timestamp.date).map { Timestamp.string($0.addingTimeInterval(-Self.overlap)) }
        var newest: (date: Date, text: String)? = cursor.flatMap { text in Timestamp.date(text).map { (date: $0, text: text) } }
        var created = 0
        // A page at a time: the first run after a backlog lists every posted invoice.
        try await bc.forEachPage("salesInvoices", query: ODataQuery(
            filter: since.map { "lastModifiedDateTime gt \($0)" }, select: PaymentWatchSnapshot.fields), pageSize: Self.pageSize) { entities in
            var snapshots: [PaymentWatchSnapshot] = []
            for entity in entities {
                if let text = entity["lastModifiedDateTime"]?.stringValue, let date = Timestamp.date(text), date > newest?.date ?? .distantPast {
                    newest = (date, text)
                }
                do {
                    if let snapshot = try PaymentWatchSnapshot(entity) { snapshots.append(snapshot) }
                } catch {
                    logger.warning("payments watch skipped an entry: \(error)")
                }
            }
            var start = 0
            while start < snapshots.count {
                let batch = snapshots[start..<min(start + Self.batchSize, snapshots.count)]
                start += Self.batchSize
                created += try store.write { db in try batch.reduce(0) { $0 + (try accept($1, in: db) ? 1 : 0) } }
            }
        }
        if let newest, newest.text != cursor {
            try store.write { db in
                try SyncCursor.set(system: "businesscentral", entity: Self.cursorEntity, to: newest.text, in: db)
            }
        }
        return created
    }

    /// Records one snapshot; true when it became a work item. Call inside `Store.write`.
    func accept(_ snapshot: PaymentWatchSnapshot, in db: Database) throws -> Bool {
        guard let link = try Link.fetchOne(db.cachedStatement(sql: """
            SELECT * FROM links WHERE erp_system = 'businesscentral' AND kind = 'salesInvoice' AND erp_id = ? ORDER BY id LIMIT 1
            """), arguments: [snapshot.erpID]), let linkID = link.id else { return false }
        let now = Timestamp.now()
        let needsServiceTrade: Bool
        if var row = try InvoicePayment.fetchOne(db, key: linkID) {
            let moved = snapshot.movedMoney(since: row)
            guard moved || row.erpNumber != snapshot.number else { return false }
            if moved {
                row.paymentState = InvoicePayment.State.of(total: snapshot.total, remaining: snapshot.remaining,
                                                           erpStatus: snapshot.status, rose: snapshot.remaining > row.remainingAmount)
            }
            row.erpNumber = snapshot.number
            row.erpStatus = snapshot.status
            row.total = snapshot.total.plainString
            row.remaining = snapshot.remaining.plainString
            row.erpModifiedAt = snapshot.modifiedAt
            row.updatedAt = now
            try row.update(db)
            needsServiceTrade = moved && row.paymentState != .canceled
        } else {
            let state = InvoicePayment.State.of(total: snapshot.total, remaining: snapshot.remaining,
                                                erpStatus: snapshot.status, rose: false)
            let row = InvoicePayment(linkId: linkID, sourceId: link.sourceId, sourceRef: link.sourceRef, erpId: snapshot.erpID,
                                     erpNumber: snapshot.number, erpStatus: snapshot.status, total: snapshot.total,
                                     remaining: snapshot.remaining, paymentState: state, erpModifiedAt: snapshot.modifiedAt,
                                     updatedAt: now)
            try row.insert(db)
            needsServiceTrade = state != .unpaid && state != .canceled
        }
        guard needsServiceTrade else { return false }
        var item = WorkItem(flow: PaymentWatchFlow.name, sourceSystem: link.sourceSystem, sourceEntity: link.sourceEntity,
                            sourceId: link.sourceId, sourceRef: link.sourceRef, sourceVersion: snapshot.modifiedAt,
                            payload: JSONValue.object(snapshot.json).serialized(), at: now)
        try item.insert(recordingBy: .engine, in: db)
        // One open item per invoice: ServiceTrade is brought to the row's latest state, so an older
        // item (even one in doubt) has nothing left to do that the new one will not do.
        let older = try WorkItem.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM work_items WHERE flow = ? AND source_system = ? AND source_entity = ? AND source_id = ? AND id != ?
              AND state IN ('received', 'ready', 'posting', 'failed', 'retry_wait', 'blocked')
            """), arguments: [PaymentWatchFlow.name, link.sourceSystem, link.sourceEntity, link.sourceId, item.id])
        for var old in older {
            old.supersededBy = item.id
            try old.move(to: .superseded, by: .engine, details: ["by": .number(JSONNumber(item.id ?? 0))], in: db)
        }
        return true
    }
}
