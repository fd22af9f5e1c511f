import FieldLedgerHTTP
import Foundation
import GRDB

extension InvoiceVoidProcessor {
    /// A Business Central sales document as the void policy needs it.
    struct ERPDocument: Sendable {
        /// What to `$select`: only invoices have `remainingAmount` (credit memos do not expose it).
        static func fields(_ document: InvoicePlan.Document) -> [String] {
            ["id", "number", "status", "totalAmountIncludingTax", "totalAmountExcludingTax"]
                + (document == .salesInvoice ? ["remainingAmount"] : [])
        }

        var id: String
        var number: String?
        var status: String
        var total: Decimal?
        var net: Decimal?
        var remaining: Decimal?
        var etag: String?

        init?(_ json: JSONObject) {
            guard let id = json["id"]?.stringValue else { return nil }
            self.id = id
            number = json["number"]?.stringValue
            status = json["status"]?.stringValue ?? "Draft"
            total = json["totalAmountIncludingTax"]?.decimalValue
            net = json["totalAmountExcludingTax"]?.decimalValue
            remaining = json["remainingAmount"]?.decimalValue
            etag = json["@odata.etag"]?.stringValue
        }

        var isDraft: Bool { status == "Draft" || status == "In Review" }
        /// Posted, and nothing paid or credited against it: Business Central's `cancel` accepts it.
        var isUntouched: Bool { status == "Open" && remaining != nil && remaining == total }
    }

    /// What Business Central holds for the voided invoice: by its link, else by its natural key
    /// (a posting in doubt, or one that stopped half-way, has no link). Settles the invoice's
    /// posting items left in `posting` in the same step: adopted as posted when a posted document
    /// exists, superseded by the void otherwise — so the posting flow never resumes them.
    func originalDocument(of item: inout WorkItem, invoice: SourceInvoice,
                          in document: InvoicePlan.Document) async throws -> ERPDocument? {
        let set = document.entitySet
        let linked = try store.read { db in
            try Link.fetchOne(db, sql: """
                SELECT * FROM links WHERE erp_system = 'businesscentral' AND kind = ? AND source_system = ?
                  AND source_entity = ? AND source_id = ?
                """, arguments: [document.linkKind, item.sourceSystem, item.sourceEntity, item.sourceId])
        }
        var found: ERPDocument?
        if let linked {
            found = try await bc.get("\(set)(\(linked.erpId))", query: ODataQuery(select: ERPDocument.fields(document))).flatMap(ERPDocument.init)
        }
        if found == nil {
            let matches = try await bc.list(set, query: ODataQuery(
                filter: ODataQuery.equals("externalDocumentNumber", invoice.number.uppercased()), select: ERPDocument.fields(document)))
            // A posted document wins over a stray draft with the same key.
            found = matches.compactMap(ERPDocument.init).sorted { !$0.isDraft && $1.isDraft }.first
        }
        try settlePostingItems(of: item, found: found, linked: linked != nil, document: document)
        return found
    }

    private func settlePostingItems(of void: WorkItem, found: ERPDocument?, linked: Bool, document: InvoicePlan.Document) throws {
        try store.write { db in
            let flows = InvoiceVoidIntake.postingFlows
            let items = try WorkItem.fetchAll(db, sql: """
                SELECT * FROM work_items WHERE source_system = ? AND source_id = ? AND flow IN (?, ?) ORDER BY id DESC
                """, arguments: [void.sourceSystem, void.sourceId, flows[0], flows[1]])
            if let found, !found.isDraft, !linked {
                var link = Link(erpSystem: "businesscentral", kind: document.linkKind, sourceSystem: void.sourceSystem,
                                sourceEntity: void.sourceEntity, sourceId: void.sourceId, sourceRef: void.sourceRef,
                                erpId: found.id, erpNumber: found.number,
                                workItemId: (items.first { $0.state == .posting } ?? items.first)?.id)
                try link.insert(recordingBy: .engine, subject: void.subject, in: db)
            }
            for var posting in items where posting.state == .posting {
                if let found, !found.isDraft {
                    try posting.move(to: .posted, by: .engine, details: [
                        "erpId": .string(found.id), "erpNumber": found.number.map(JSONValue.string) ?? .null,
                        "resolvedBy": .number(JSONNumber(void.id ?? 0)), "reason": "in doubt; found posted while resolving its void"], in: db)
                } else {
                    posting.supersededBy = void.id
                    try posting.move(to: .superseded, by: .engine, details: [
                        "by": .number(JSONNumber(void.id ?? 0)), "reason": "voided in ServiceTrade before it posted"], in: db)
                }
            }
        }
    }

    /// The corrective credit memo Business Central's `cancel` made for `invoiceID`.
    func correctiveCreditMemo(of invoiceID: String) async throws -> ERPDocument? {
        guard Self.isGUID(invoiceID) else { throw bc.shapeError("GET salesInvoices", "the invoice id '\(invoiceID)' is not a GUID") }
        // GUIDs are unquoted OData literals (reference §3).
        let memos = try await bc.list(InvoicePlan.Document.salesCreditMemo.entitySet, query: ODataQuery(
            filter: "invoiceId eq \(invoiceID)", select: ERPDocument.fields(.salesCreditMemo))).compactMap(ERPDocument.init)
        return memos.first { $0.status == "Corrective" } ?? memos.first { !$0.isDraft }
    }

    static func isGUID(_ value: String) -> Bool {
        value.count == 36 && value.allSatisfy { $0.isHexDigit || $0 == "-" }
    }
}
