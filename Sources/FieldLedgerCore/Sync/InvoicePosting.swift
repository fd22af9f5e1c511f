import FieldLedgerHTTP
import Foundation
import GRDB

/// Posts one validated sales document — invoice or credit memo, as `plan.document` says — into
/// Business Central exactly once (ARCHITECTURE §2.4):
/// the work item goes to `posting` with its natural key *before* anything is sent; a retry or an
/// item found in `posting` (timeout, crash, lost answer) first looks the document up by that key
/// and adopts it — posting it if it is still a draft — and creates it only when it is absent.
/// The document is created with its lines in one deep insert, then posted; the link and the
/// audit events are written in one transaction. Two store transactions per document (one
/// before sending, one after): each is a commit the engine waits on. The link carries no number yet: the payments
/// watch writes the posted number to it once ServiceTrade has it too (`erp.number_assigned`).
struct InvoicePosting: Sendable {
    let bc: BusinessCentralClient
    let store: Store

    /// What Business Central holds under a natural key.
    struct Found: Sendable {
        var id: String
        var number: String?
        var status: String
        var total: Decimal?
        var isDraft: Bool { status == "Draft" || status == "In Review" }
    }

    /// Runs the protocol for `item` (already validated into `plan`); returns the posted document.
    func post(_ item: inout WorkItem, plan: InvoicePlan, ruleIDs: [Int64?]) async throws -> Found {
        let set = plan.document.entitySet
        let inDoubt = try store.write { db -> Bool in
            // In doubt: this item may have reached Business Central before (a retry, a crash, a
            // lost answer) — or another version of the same source record did. Then the natural
            // key is looked up before anything is created.
            let inDoubt = try item.state == .posting || item.attempts > 0 || Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM work_items WHERE source_system = ? AND source_id = ? AND id != ?
                                 AND flow IN ('invoice.post', 'creditmemo.post') AND state IN ('posting', 'posted'))
                """), arguments: [item.sourceSystem, item.sourceId, item.id]) ?? false
            // Validated: new, blocked or failed items pass through `ready` (audited) on the way.
            if [.received, .blocked, .failed].contains(item.state) { try item.move(to: .ready, by: .engine, in: db) }
            item.naturalKey = plan.naturalKey
            try item.move(to: .posting, by: .engine,
                          details: ["naturalKey": .string(plan.naturalKey), "inDoubt": .bool(inDoubt)], in: db)
            return inDoubt
        }
        // What happened in Business Central, audited with the outcome (or on its own if the post fails).
        var erpEvent: (action: String, details: JSONObject)
        var document: Found
        if inDoubt, let existing = try await lookUp(plan.naturalKey, in: set) {
            document = existing
            erpEvent = ("erp.adopted", ["id": .string(existing.id), "status": .string(existing.status)])
        } else {
            let created = try await bc.create(set, body: plan.body)
            guard let id = created["id"]?.stringValue else { throw bc.shapeError("POST \(set)", "the created document has no id") }
            document = Found(id: id, number: created["number"]?.stringValue, status: created["status"]?.stringValue ?? "Draft",
                             total: created["totalAmountIncludingTax"]?.decimalValue)
            erpEvent = ("erp.created", ["id": .string(id), "number": document.number.map(JSONValue.string) ?? .null])
        }
        do {
            try await finishInBusinessCentral(&document, plan: plan)
        } catch {
            // The document exists: say so in the audit trail before the failure is handled.
            try? audit(item, erpEvent.action, erpEvent.details)
            throw error
        }
        let final = document
        let event = erpEvent
        do {
            try store.write { db in
                try AuditLog.append(NewAuditEvent(actor: .engine, action: event.action, subject: item.subject, workItemId: item.id,
                                                  details: event.details), in: db)
                try record(&item, final, plan: plan, ruleIDs: ruleIDs, in: db)
            }
        } catch {
            try? audit(item, event.action, event.details)
            throw error
        }
        return final
    }

    /// Header dimension overrides and the post of a draft; for a credit memo, the posted number.
    private func finishInBusinessCentral(_ document: inout Found, plan: InvoicePlan) async throws {
        let set = plan.document.entitySet
        if document.isDraft {
            for override in plan.headerOverrides {
                _ = try await bc.patch("\(set)(\(document.id))/dimensionSetLines(\(override.dimensionID))", etag: "*",
                                       body: ["valueCode": .string(override.value)])
            }
        }
        if document.isDraft {
            try await bc.action("\(set)(\(document.id))", "post")
            if plan.document == .salesInvoice {
                // No read-back: the id survives posting (reference §2.3) and the posted number, which
                // differs from the draft's, is learned in bulk by the payments watch
                // (`PaymentWatchFlow`), so posting an invoice costs exactly two requests: create and post.
                document.number = nil
                document.status = "Open"
            } else if let posted = try await bc.get("\(set)(\(document.id))",
                                                     query: ODataQuery(select: ["id", "number", "status", "totalAmountIncludingTax"])) {
                // Credit memos are few and nothing watches them in bulk: read the posted number back.
                document.number = posted["number"]?.stringValue
                document.status = posted["status"]?.stringValue ?? "Open"
                document.total = posted["totalAmountIncludingTax"]?.decimalValue
            }
        }
    }

    /// The link (unless another version of the record made it) and the move to `posted`.
    private func record(_ item: inout WorkItem, _ final: Found, plan: InvoicePlan, ruleIDs: [Int64?], in db: Database) throws {
        var link = Link(erpSystem: "businesscentral", kind: plan.document.linkKind, sourceSystem: item.sourceSystem,
                        sourceEntity: item.sourceEntity, sourceId: item.sourceId, sourceRef: item.sourceRef, erpId: final.id,
                        erpNumber: final.number, workItemId: item.id)
        // Another version of this record may have linked the same document already.
        let linked = try String.fetchOne(db.cachedStatement(sql: """
            SELECT erp_id FROM links WHERE erp_system = 'businesscentral' AND kind = ? AND source_system = ?
              AND source_entity = ? AND source_id = ?
            """), arguments: [link.kind, link.sourceSystem, link.sourceEntity, link.sourceId])
        if linked == nil {
            try link.insert(recordingBy: .engine, subject: item.subject, in: db)
        } else if linked?.lowercased() != final.id.lowercased() {
            throw RemoteError(system: .businessCentral, operation: "link \(item.subject)", status: nil, code: "LinkedElsewhere",
                              message: "\(item.subject) is already linked to Business Central document \(linked ?? "") but the natural key found \(final.id); two documents carry its key — check Business Central",
                              isTransient: false)
        }
        var details: JSONObject = ["erpId": .string(final.id), "erpNumber": final.number.map(JSONValue.string) ?? .null,
                                   "glRules": .array(ruleIDs.map { $0.map { .number(JSONNumber($0)) } ?? .null }),
                                   "sourceTotal": .decimal(plan.sourceTotal)]
        if let total = final.total { details["erpTotal"] = .decimal(total) }
        try item.move(to: .posted, by: .engine, details: details, in: db)
    }

    /// `salesInvoices?$filter=externalDocumentNumber eq 'KEY'` (or `salesCreditMemos`) — drafts and
    /// posted documents share the set, so this finds both (reference §7).
    func lookUp(_ naturalKey: String, in entitySet: String = "salesInvoices") async throws -> Found? {
        let matches = try await bc.list(entitySet, query: ODataQuery(
            filter: ODataQuery.equals("externalDocumentNumber", naturalKey),
            select: ["id", "number", "status", "totalAmountIncludingTax"]))
        // Prefer a posted document over a stray draft with the same key.
        let sorted = matches.sorted { ($0["status"]?.stringValue == "Draft" ? 1 : 0) < ($1["status"]?.stringValue == "Draft" ? 1 : 0) }
        guard let first = sorted.first, let id = first["id"]?.stringValue else { return nil }
        return Found(id: id, number: first["number"]?.stringValue, status: first["status"]?.stringValue ?? "Draft",
                     total: first["totalAmountIncludingTax"]?.decimalValue)
    }

    private func audit(_ item: WorkItem, _ action: String, _ details: JSONObject) throws {
        try store.write { db in
            try AuditLog.append(NewAuditEvent(actor: .engine, action: action, subject: item.subject, workItemId: item.id,
                                              details: details), in: db)
        }
    }
}
