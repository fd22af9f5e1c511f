import FieldLedgerHTTP
import Foundation

/// Posts one PartsManager stock adjustment to Business Central through the only inventory path
/// API v2.0 has: `PATCH items({id})` with a new `inventory`, which BC posts as a Positive or
/// Negative Adjmt. item ledger entry dated today, without location, lot or bin (reference §2.1,
/// §2.8 item 6), with its own G/L entries (inventory against inventory adjustment, from BC's
/// posting groups; no separate journal is posted, which would count the value twice). So the BC
/// item holds the company's total on hand across PartsManager warehouses and trucks; per-
/// warehouse stock stays in PartsManager.
///
/// The PATCH is **not idempotent** (it sets an absolute quantity computed from what was read),
/// so before sending, the work item records in its natural key the item's last ledger entry
/// number (`PM ADJ-7 after entry 123`). An attempt in doubt first reads the item's ledger entries
/// after that number: an adjustment entry of exactly this quantity means the PATCH landed (adopt);
/// none means it did not (send again, from a fresh read, with the item's `If-Match` etag so a
/// concurrent change makes it fail and retry rather than overwrite). Adjustments run one at a
/// time, so no other FieldLedger adjustment can sit between the watermark and the check.
struct StockAdjustmentPosting: Sendable {
    let cycle: SyncCycle

    static let linkKind = "itemAdjustment"

    struct Plan: Sendable {
        var adjustment: StockAdjustment
        var itemID: String
        var itemNumber: String
    }

    func plan(_ adjustment: StockAdjustment) throws -> Plan {
        guard let item = cycle.validator.reference.entry("items", code: adjustment.sku.uppercased()) else {
            throw ProcurementStop.blocked(FailureCatalog.itemNotLinked(sku: adjustment.sku, name: adjustment.itemName))
        }
        return Plan(adjustment: adjustment, itemID: item.id, itemNumber: item.code)
    }

    func post(_ item: inout WorkItem, plan: Plan) async throws {
        let delta = plan.adjustment.quantity
        if item.state == .posting || item.attempts > 0, let watermark = StockAdjustment.watermark(in: item.naturalKey) {
            if let entry = try await landedEntry(plan, after: watermark) {
                try cycle.audit(item, "erp.adopted", ["item": .string(plan.itemNumber), "entryNumber": .int(entry)])
                try cycle.link(&item, kind: Self.linkKind, erpID: plan.itemID, erpNumber: plan.itemNumber, details: [
                    "how": .string("adopted"), "quantity": .decimal(delta), "entryNumber": .int(entry)])
                return
            }
        }
        let watermark = try await lastEntry(plan.itemNumber)
        _ = try cycle.startPosting(&item, naturalKey: plan.adjustment.naturalKey(after: watermark))
        guard let current = try await cycle.bc.get("items(\(plan.itemID))"), let etag = current["@odata.etag"]?.stringValue else {
            throw ProcurementStop.blocked(FailureCatalog.itemNotLinked(sku: plan.adjustment.sku, name: plan.adjustment.itemName))
        }
        let before = current["inventory"]?.decimalValue ?? 0
        _ = try await cycle.bc.patch("items(\(plan.itemID))", etag: etag, body: ["inventory": .decimal(before + delta)])
        try cycle.audit(item, "erp.adjusted", ["item": .string(plan.itemNumber), "before": .decimal(before),
                                               "after": .decimal(before + delta)])
        try cycle.link(&item, kind: Self.linkKind, erpID: plan.itemID, erpNumber: plan.itemNumber, details: [
            "how": .string("adjusted"), "quantity": .decimal(delta), "reason": plan.adjustment.reason.map(JSONValue.string) ?? .null])
    }

    /// The item's highest ledger entry number (0 when it has none).
    private func lastEntry(_ itemNumber: String) async throws -> Int {
        try await cycle.bc.list("itemLedgerEntries", query: ODataQuery(
            filter: ODataQuery.equals("itemNumber", itemNumber), select: ["entryNumber"], orderBy: "entryNumber desc", top: 1))
            .first?["entryNumber"]?.intValue ?? 0
    }

    /// The number of an adjustment entry of exactly this quantity after `watermark`, if one landed.
    private func landedEntry(_ plan: Plan, after watermark: Int) async throws -> Int? {
        let entries = try await cycle.bc.list("itemLedgerEntries", query: ODataQuery(
            filter: ODataQuery.equals("itemNumber", plan.itemNumber) + " and entryNumber gt \(watermark)"))
        return entries.first {
            let type = $0["entryType"]?.stringValue ?? ""
            return (type == "Positive Adjmt." || type == "Negative Adjmt.") && $0["quantity"]?.decimalValue == plan.adjustment.quantity
        }?["entryNumber"]?.intValue
    }
}
