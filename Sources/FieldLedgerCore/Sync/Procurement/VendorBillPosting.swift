import FieldLedgerHTTP
import Foundation

/// Posts one PartsManager vendor bill as a Business Central purchase invoice exactly once (G/L
/// account lines to the category's `purchase_gl` account, see `PurchasePlanner`), keyed
/// by `vendorInvoiceNumber` per vendor (reference §7: the purchase invoice's natural key).
///
/// The work item goes to `posting` with the key first; then the invoice is looked up (link, else
/// `vendorNumber` + `vendorInvoiceNumber`): a draft is posted, a posted one is adopted — when its
/// amount matches the bill; another amount under the same number is a different invoice
/// (DUPLICATE_VENDOR_INVOICE, caught before posting). Only when nothing is found is the invoice
/// created (one deep insert) and posted. If `post` is refused because the vendor already has that
/// number posted ("Purchase Invoice X already exists for this vendor."), the posted one is
/// adopted under the same amount check and the new draft deleted, so nothing half-built remains.
/// Once posted, the PartsManager bill is approved. Paid status does not flow back yet.
struct VendorBillPosting: Sendable {
    let cycle: SyncCycle
    let pm: PartsManagerClient

    static let linkKind = "purchaseInvoice"

    struct Plan: Sendable {
        var bill: VendorBill
        var vendorNumber: String
        var lines: [JSONObject]
    }

    func plan(_ bill: VendorBill, planner: PurchasePlanner) throws -> Plan {
        let vendor = try planner.vendorNumber(code: bill.vendorCode, name: bill.vendorName)
        let lines = try bill.lines.map { line -> JSONObject in
            let target = try planner.line(sku: line.sku, itemName: line.itemName, category: line.category,
                                          vendorCode: bill.vendorCode, requireItem: false)
            var body: JSONObject = ["description": .string(PurchasePlanner.text(line.description.isEmpty ? line.sku ?? "" : line.description, 100)),
                                    "quantity": .decimal(line.quantity), "unitCost": .decimal(line.unitCost)]
            body["lineType"] = "Account"
            body["lineObjectNumber"] = .string(target.account)
            return body
        }
        return Plan(bill: bill, vendorNumber: vendor, lines: lines)
    }

    func post(_ item: inout WorkItem, plan: Plan) async throws {
        let key = plan.bill.naturalKey
        _ = try cycle.startPosting(&item, naturalKey: key)
        let linked = try cycle.linkedID(kind: Self.linkKind, entity: item.sourceEntity, sourceID: item.sourceId)
        var invoice = try await find(linked: linked?.id, plan: plan)
        if plan.bill.voided {
            try await void(&item, plan: plan, invoice: invoice)
            return
        }
        var how = "adopted"
        if invoice == nil {
            var body: JSONObject = ["vendorNumber": .string(plan.vendorNumber), "vendorInvoiceNumber": .string(key)]
            if let date = plan.bill.invoiceDate { body["invoiceDate"] = .string(date) }
            if let date = plan.bill.dueDate { body["dueDate"] = .string(date) }
            body["purchaseInvoiceLines"] = .array(plan.lines.map(JSONValue.object))
            invoice = try await cycle.bc.create("purchaseInvoices", body: body)
            how = "created"
            try cycle.audit(item, "erp.created", ["id": invoice?["id"] ?? .null, "vendorInvoiceNumber": .string(key)])
        }
        guard var current = invoice, let id = current["id"]?.stringValue else {
            throw cycle.bc.shapeError("POST purchaseInvoices", "the invoice has no id")
        }
        if current["status"]?.stringValue == "Draft" {
            do {
                try await cycle.bc.action("purchaseInvoices(\(id))", "post")
                if how == "adopted" { how = "posted draft" }
            } catch let error as RemoteError where !error.isTransient && error.message.contains("already exists for this vendor") {
                guard let posted = try await postedInvoice(plan: plan, key: key, excluding: id) else { throw error }
                try await checkAmount(posted, plan: plan)
                if let draft = try await cycle.bc.get("purchaseInvoices(\(id))"), let etag = draft["@odata.etag"]?.stringValue {
                    try await cycle.bc.delete("purchaseInvoices(\(id))", etag: etag)
                }
                current = posted
                how = "adopted"
            }
        } else if linked == nil {
            try await checkAmount(current, plan: plan)
        }
        let erpID = current["id"]?.stringValue ?? id
        let fresh = try await cycle.bc.get("purchaseInvoices(\(erpID))") ?? current
        let number = fresh["number"]?.stringValue
        try cycle.audit(item, "erp.posted", ["id": .string(erpID), "number": number.map(JSONValue.string) ?? .null])
        try await markApproved(item, billID: plan.bill.id)
        try cycle.link(&item, kind: Self.linkKind, erpID: erpID.lowercased(), erpNumber: number, details: [
            "naturalKey": .string(key), "how": .string(how), "amount": .decimal(plan.bill.total)])
    }

    /// Tells PartsManager the bill is in the books: `open` → `approve`. Read first, so a repeat
    /// (the bill already approved, or paid meanwhile) sends nothing; a failure leaves the item to
    /// retry, and the retry adopts the posted invoice before trying again.
    private func markApproved(_ item: WorkItem, billID: Int) async throws {
        guard try await pm.get(.vendorBills, id: billID)?["status"]?.stringValue == "open" else { return }
        try await pm.action(.vendorBills, id: billID, "approve")
        try cycle.audit(item, "source.updated", ["vendorBill": .int(billID), "status": "approved"])
    }

    /// The linked invoice, else the vendor's invoice under the key (a posted one before a draft).
    private func find(linked: String?, plan: Plan) async throws -> JSONObject? {
        if let linked, TimecardPosting.isGUID(linked), let invoice = try await cycle.bc.get("purchaseInvoices(\(linked))") {
            return invoice
        }
        let found = try await invoices(plan: plan, key: plan.bill.naturalKey)
        return found.first { $0["status"]?.stringValue != "Draft" } ?? found.first
    }

    private func invoices(plan: Plan, key: String) async throws -> [JSONObject] {
        try await cycle.bc.list("purchaseInvoices", query: ODataQuery(filter: ODataQuery.equals("vendorNumber", plan.vendorNumber)
            + " and " + ODataQuery.equals("vendorInvoiceNumber", key)))
    }

    private func postedInvoice(plan: Plan, key: String, excluding id: String) async throws -> JSONObject? {
        try await invoices(plan: plan, key: key).first {
            $0["status"]?.stringValue != "Draft" && $0["id"]?.stringValue?.lowercased() != id.lowercased()
        }
    }

    /// An invoice FieldLedger did not create (no link) is adopted only when its amount is the bill's.
    private func checkAmount(_ invoice: JSONObject, plan: Plan) async throws {
        let amount = invoice["totalAmountExcludingTax"]?.decimalValue
        guard amount == plan.bill.total else {
            throw ProcurementStop.failed(FailureCatalog.duplicateVendorInvoice(
                number: plan.bill.vendorInvoiceNumber, vendor: plan.vendorNumber, existing: invoice["number"]?.stringValue ?? "?"))
        }
    }

    /// A voided bill: a draft is deleted; a posted invoice needs a person (a credit memo).
    private func void(_ item: inout WorkItem, plan: Plan, invoice: JSONObject?) async throws {
        guard let invoice, let id = invoice["id"]?.stringValue else {
            try cycle.store.write { db in
                try item.move(to: .posted, by: .engine, details: ["how": .string("void: no invoice in Business Central")], in: db)
            }
            return
        }
        guard invoice["status"]?.stringValue == "Draft" else {
            throw ProcurementStop.failed(FailureCatalog.vendorBillVoidedAfterPosting(
                number: plan.bill.vendorInvoiceNumber, erpNumber: invoice["number"]?.stringValue ?? id))
        }
        try await cycle.bc.delete("purchaseInvoices(\(id))", etag: invoice["@odata.etag"]?.stringValue ?? "*")
        try cycle.audit(item, "erp.deleted", ["id": .string(id)])
        try cycle.store.write { db in
            try item.move(to: .posted, by: .engine, details: ["how": .string("void: draft deleted")], in: db)
        }
    }
}
