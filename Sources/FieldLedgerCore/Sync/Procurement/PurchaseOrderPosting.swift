import FieldLedgerHTTP
import Foundation

/// Writes one PartsManager purchase order into Business Central exactly once (ARCHITECTURE §2.4),
/// and keeps it in step with later versions until something is received.
///
/// API v2.0 orders have no external document number (reference §2.7), so the natural key is on
/// the lines: each carries `PM <PO number> line <PartsManager line id>` in `description2`. The
/// work item goes to `posting` with key `PM <PO number>` before anything is sent; then the order
/// is found — by the link of an earlier version, else among the vendor's orders by those line
/// marks — and only created (one deep insert) when absent. A found order is brought in line with
/// the version: lines added, changed or deleted by mark (lines added by hand in BC are left
/// alone). A void deletes the order. Either is refused once Business Central has received
/// against a line that would change (PURCHASE_ORDER_RECEIVED): that needs a person.
struct PurchaseOrderPosting: Sendable {
    let cycle: SyncCycle

    static let linkKind = "purchaseOrder"

    func post(_ item: inout WorkItem, plan: PurchaseOrderPlan) async throws {
        let inDoubt = try cycle.startPosting(&item, naturalKey: plan.naturalKey)
            || ProcurementIntake.earlierVersionAttempted(item, in: cycle.store)
        let existing = try await find(item, plan: plan, inDoubt: inDoubt)
        if plan.order.voided {
            try await void(&item, plan: plan, existing: existing)
            return
        }
        var how = "adopted"
        let document: PurchaseOrderDocument
        if let existing {
            if try await reconcile(existing, with: plan) { how = "updated" }
            document = existing
        } else {
            let created = try await cycle.bc.create("purchaseOrders", body: plan.body)
            guard let order = PurchaseOrderDocument(created) else {
                throw cycle.bc.shapeError("POST purchaseOrders", "the created order has no id")
            }
            how = "created"
            document = order
        }
        try cycle.audit(item, "erp.\(how)", ["id": .string(document.id), "number": .string(document.number),
                                             "naturalKey": .string(plan.naturalKey)])
        try cycle.link(&item, kind: Self.linkKind, erpID: document.id, erpNumber: document.number, details: [
            "naturalKey": .string(plan.naturalKey), "how": .string(how), "lines": .int(plan.lines.count)])
    }

    /// The order of an earlier version (by its link), else — only when an earlier attempt may have
    /// created it — the vendor's order carrying our marks. A first attempt without a link creates
    /// directly: reading the vendor's orders for every new PO would grow with the vendor's history.
    func find(_ item: WorkItem, plan: PurchaseOrderPlan, inDoubt: Bool) async throws -> PurchaseOrderDocument? {
        if let linked = try cycle.linkedID(kind: Self.linkKind, entity: item.sourceEntity, sourceID: item.sourceId),
           let order = try await cycle.bc.purchaseOrder(id: linked.id) {
            return order
        }
        let ids = Set(plan.order.lines.map(\.lineID))
        guard inDoubt, !ids.isEmpty else { return nil }
        return try await cycle.bc.purchaseOrders(vendorNumber: plan.vendorNumber).first { $0.carries(anyOf: ids) }
    }

    /// Adds, changes and deletes lines so the order matches the plan; true when anything changed.
    private func reconcile(_ order: PurchaseOrderDocument, with plan: PurchaseOrderPlan) async throws -> Bool {
        let wanted = Dictionary(plan.lines.map { ($0.lineID, $0) }, uniquingKeysWith: { first, _ in first })
        var changed = false
        for line in order.lines {
            guard let pmLine = line.pmLineID else { continue }
            if let target = wanted[pmLine], target.itemNumber.uppercased() == line.itemNumber.uppercased() { continue }
            guard line.receivedQuantity == 0 else {
                throw ProcurementStop.failed(FailureCatalog.purchaseOrderAlreadyReceived(number: plan.order.number, change: "changed"))
            }
            try await cycle.bc.delete("purchaseOrderLines(\(line.id))", etag: line.etag)
            changed = true
        }
        for target in plan.lines {
            if let line = order.line(pmLineID: target.lineID), target.itemNumber.uppercased() == line.itemNumber.uppercased() {
                var patch: JSONObject = [:]
                if line.quantity != target.quantity {
                    guard target.quantity >= line.receivedQuantity else {
                        throw ProcurementStop.failed(FailureCatalog.purchaseOrderAlreadyReceived(number: plan.order.number, change: "reduced below what was received"))
                    }
                    patch["quantity"] = .decimal(target.quantity)
                }
                if line.unitCost != target.unitCost { patch["directUnitCost"] = .decimal(target.unitCost) }
                if line.description != target.description { patch["description"] = .string(target.description) }
                guard !patch.isEmpty else { continue }
                _ = try await cycle.bc.patch("purchaseOrderLines(\(line.id))", etag: line.etag, body: patch)
            } else {
                _ = try await cycle.bc.create("purchaseOrders(\(order.id))/purchaseOrderLines", body: plan.lineBody(target, sequence: nil))
            }
            changed = true
        }
        if let date = plan.order.deliveryDate, date != order.requestedReceiptDate {
            // Re-read for a fresh etag: the line changes above may have changed the header's.
            if let fresh = try await cycle.bc.purchaseOrder(id: order.id) {
                _ = try await cycle.bc.patch("purchaseOrders(\(order.id))", etag: fresh.etag, body: ["requestedReceiptDate": .string(date)])
                changed = true
            }
        }
        return changed
    }

    /// Deletes the order of a voided PO (nothing to do when it never reached Business Central).
    private func void(_ item: inout WorkItem, plan: PurchaseOrderPlan, existing: PurchaseOrderDocument?) async throws {
        guard let existing else {
            try cycle.store.write { db in
                try item.move(to: .posted, by: .engine, details: ["how": .string("void: no order in Business Central")], in: db)
            }
            return
        }
        if existing.lines.contains(where: { $0.receivedQuantity > 0 }) {
            throw ProcurementStop.failed(FailureCatalog.purchaseOrderAlreadyReceived(number: plan.order.number, change: "voided"))
        }
        try await cycle.bc.delete("purchaseOrders(\(existing.id))", etag: existing.etag)
        try cycle.audit(item, "erp.deleted", ["id": .string(existing.id), "number": .string(existing.number)])
        try cycle.link(&item, kind: Self.linkKind, erpID: existing.id, erpNumber: existing.number, details: [
            "naturalKey": .string(plan.naturalKey), "how": .string("deleted (voided in PartsManager)")])
    }
}
