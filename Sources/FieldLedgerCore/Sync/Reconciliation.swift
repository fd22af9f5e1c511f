import FieldLedgerHTTP
import Foundation
import GRDB

/// Compares what ServiceTrade says was approved or processed with what Business Central holds
/// (ARCHITECTURE §2.9): by natural key (`externalDocumentNumber`, upper-cased the way BC stores
/// it) and by amount. Invoices Business Central does not have are enqueued through the inbox
/// (`InvoiceIntake.accept(…, channel: "reconcile")`) unless FieldLedger already holds a work item
/// for them; amount and status differences are reported with both sides' values. Each run is a
/// `reconciliation_runs` row and a `reconcile.run` audit event carrying the findings.
///
/// Reconciliation never posts and never changes a document: it only reports and enqueues.
public struct Reconciliation: Sendable {
    /// ServiceTrade statuses that mean "approved for accounting or beyond".
    public static let sourceStatuses = ["pending_accounting", "processed", "paid", "sent"]
    /// Also read: ServiceTrade `failed` (the integration said it could not post). Such an invoice
    /// is expected to be absent from Business Central; it is a difference only when Business
    /// Central has it posted after all.
    static let failedStatus = "failed"

    /// Which ServiceTrade invoices to compare: those whose `updated` time falls in the window
    /// (approval and processing both move it). Nil bounds are open.
    public struct Window: Sendable, Equatable {
        public var from: Date?
        public var to: Date?
        public init(from: Date? = nil, to: Date? = nil) {
            self.from = from
            self.to = to
        }
    }

    let store: Store
    let bc: BusinessCentralClient
    let st: ServiceTradeClient

    public init(store: Store, bc: BusinessCentralClient, st: ServiceTradeClient) {
        self.store = store
        self.bc = bc
        self.st = st
    }

    /// Runs one comparison. `trigger` is `cli` or `serve`. A system that cannot be reached ends
    /// the run as `failed` (recorded) and the error is rethrown.
    public func run(window: Window = Window(), trigger: String, by actor: ActingUser) async throws -> ReconciliationReport {
        let runID = try store.write { db -> Int64 in
            try db.execute(sql: """
                INSERT INTO reconciliation_runs (trigger, window_from, window_to, started_at, status) VALUES (?, ?, ?, ?, 'running')
                """, arguments: [trigger, window.from.map(Timestamp.string), window.to.map(Timestamp.string), Timestamp.now()])
            return db.lastInsertedRowID
        }
        do {
            var report = try await compare(window: window)
            report.runID = runID
            try finish(report, actor: actor)
            return report
        } catch {
            try? store.write { db in
                try db.execute(sql: "UPDATE reconciliation_runs SET finished_at = ?, status = 'failed', error = ? WHERE id = ?",
                               arguments: [Timestamp.now(), "\(error)", runID])
                try AuditLog.append(NewAuditEvent(actor: actor, action: "reconcile.run", subject: "reconciliation_run:\(runID)",
                                                  details: ["status": .string("failed"), "error": .string("\(error)")]), in: db)
            }
            throw error
        }
    }

    private func compare(window: Window) async throws -> ReconciliationReport {
        var filters = [("status", (Self.sourceStatuses + [Self.failedStatus]).joined(separator: ","))]
        // ServiceTrade's time filters are strict and in whole seconds.
        if let from = window.from { filters.append(("updatedAfter", String(Int(from.timeIntervalSince1970.rounded(.down)) - 1))) }
        if let to = window.to { filters.append(("updatedBefore", String(Int(to.timeIntervalSince1970.rounded(.up)) + 1))) }
        let sources = try await st.list("invoice", plural: "invoices", filters: filters)
        let documents = try await bc.list("salesInvoices", query: ODataQuery(select: [
            "id", "number", "externalDocumentNumber", "status", "totalAmountExcludingTax", "totalTaxAmount", "totalAmountIncludingTax",
        ]))
        var byKey: [String: [JSONObject]] = [:]
        for document in documents {
            guard let key = document["externalDocumentNumber"]?.stringValue, !key.isEmpty else { continue }
            byKey[key.uppercased(), default: []].append(document)
        }
        var report = ReconciliationReport(window: window)
        for invoice in sources {
            guard let number = invoice["invoiceNumber"]?.stringValue, !number.isEmpty,
                  let idValue = invoice["id"], let id = idValue.numberValue?.literal ?? idValue.stringValue else { continue }
            let source = ReconciliationFinding.Side(invoice: invoice)
            // A posted document wins over a stray draft with the same key.
            let matches = (byKey[number.uppercased()] ?? []).sorted { ($0["status"]?.stringValue == "Draft" ? 1 : 0) < ($1["status"]?.stringValue == "Draft" ? 1 : 0) }
            // ServiceTrade `failed` is expected to be absent from Business Central: compared only when BC posted it.
            if source.status == Self.failedStatus, matches.first.map({ Self.isDraft($0["status"]?.stringValue) }) ?? true { continue }
            report.compared += 1
            guard let document = matches.first else {
                report.findings.append(try missing(invoice, id: id, number: number, source: source))
                continue
            }
            let erp = ReconciliationFinding.Side(document: document)
            var agreed = true
            if let sourceTotal = source.total, let erpTotal = erp.total, sourceTotal != erpTotal {
                agreed = false
                let netAgrees = source.subtotal != nil && source.subtotal == erp.subtotal
                report.findings.append(ReconciliationFinding(
                    kind: .amount, detail: netAgrees ? "tax" : "lines", invoiceNumber: number, sourceID: id, source: source, erp: erp,
                    note: netAgrees
                        ? "Net amounts agree; only the tax differs (typically rounding: ServiceTrade rounds tax per line)."
                        : "The net amounts differ: the lines Business Central holds are not the lines ServiceTrade has."))
            }
            let erpPosted = erp.status != nil && !Self.isDraft(erp.status)
            if source.status == Self.failedStatus {
                agreed = false
                report.findings.append(ReconciliationFinding(
                    kind: .status, detail: "posted_source_failed", invoiceNumber: number, sourceID: id, source: source, erp: erp,
                    note: "Business Central has it posted but ServiceTrade says failed; set the ServiceTrade invoice to processed (failed → pending_accounting → processed)."))
            } else if erpPosted, source.status == "pending_accounting" {
                agreed = false
                report.findings.append(ReconciliationFinding(
                    kind: .status, detail: "posted_source_pending", invoiceNumber: number, sourceID: id, source: source, erp: erp,
                    note: "Business Central has it posted but ServiceTrade still says pending_accounting; if FieldLedger shows it posted and this persists, set it to processed in ServiceTrade."))
            } else if !erpPosted {
                agreed = false
                report.findings.append(ReconciliationFinding(
                    kind: .status, detail: "draft_in_erp", invoiceNumber: number, sourceID: id, source: source, erp: erp,
                    note: "Business Central holds only a draft; the posting was interrupted. The engine posts it when it retries the record."))
            }
            if agreed { report.matched += 1 }
        }
        return report
    }

    static func isDraft(_ status: String?) -> Bool { status == "Draft" || status == "In Review" }

    /// A ServiceTrade invoice Business Central does not have: enqueue it unless FieldLedger
    /// already holds it (pending, failed or posted), and say which.
    private func missing(_ invoice: JSONObject, id: String, number: String,
                         source: ReconciliationFinding.Side) throws -> ReconciliationFinding {
        let kind: ReconciliationFinding.Kind = source.status == "pending_accounting" ? .missing : .status
        let detail = kind == .missing ? "absent_in_erp" : "processed_source_absent_in_erp"
        var finding = ReconciliationFinding(kind: kind, detail: detail, invoiceNumber: number, sourceID: id, source: source,
                                            erp: ReconciliationFinding.Side(), note: "")
        let existing = try store.read { db in
            try Row.fetchOne(db, sql: """
                SELECT id, state, error_code FROM work_items WHERE source_system = 'servicetrade' AND source_id = ?
                  AND flow = 'invoice.post' AND state != 'superseded' ORDER BY id DESC LIMIT 1
                """, arguments: [id])
        }
        if let existing {
            let itemID: Int64 = existing["id"]
            let state: String = existing["state"]
            finding.workItem = "wi:\(itemID)"
            finding.workItemState = state
            switch state {
            case "failed":
                let code: String? = existing["error_code"]
                finding.note = "FieldLedger holds it as failed (\(code ?? "no code")): see `fieldledger failures`, fix the cause and retry it."
            case "posted":
                finding.note = "FieldLedger posted it, but Business Central no longer has a document with this external document number (deleted there?). Not re-posted automatically: check Business Central, then retry wi:\(itemID) if it must be posted again."
            default:
                finding.note = "FieldLedger already has it queued (\(state)); it posts with the next cycles."
            }
            return finding
        }
        finding.enqueued = try InvoiceIntake(st: st, store: store).accept(invoice, channel: "reconcile")
        finding.note = finding.enqueued
            ? "Enqueued for posting (channel reconcile)."
            : "This version is already in the inbox; nothing new to enqueue."
        return finding
    }

    private func finish(_ report: ReconciliationReport, actor: ActingUser) throws {
        try store.write { db in
            try db.execute(sql: """
                UPDATE reconciliation_runs SET finished_at = ?, status = ?, compared = ?, matched = ?, missing = ?,
                    amount_differences = ?, status_differences = ?, enqueued = ? WHERE id = ?
                """, arguments: [Timestamp.now(), report.inAgreement ? "agreed" : "differences", report.compared, report.matched,
                                 report.count(.missing), report.count(.amount), report.count(.status), report.enqueued, report.runID])
            // The findings go into the audit event (bounded: a run over a broken year must not
            // produce a multi-megabyte event; the counts are always complete).
            var details = report.countsJSON
            details["findings"] = .array(report.findings.prefix(500).map(\.json))
            if report.findings.count > 500 { details["findingsTruncated"] = .bool(true) }
            try AuditLog.append(NewAuditEvent(actor: actor, action: "reconcile.run", subject: "reconciliation_run:\(report.runID)",
                                              details: details), in: db)
        }
    }
}
