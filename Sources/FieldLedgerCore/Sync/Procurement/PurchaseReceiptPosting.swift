import FieldLedgerHTTP
import Foundation

/// Posts one PartsManager shipment receipt as Business Central purchase receipts, exactly once
/// per receipt line, through `receiveAndInvoice` with every `invoiceQuantity` at 0 (receipt only:
/// the BC simulator's documented choice for the reference's open question §8 item 8).
///
/// `receiveAndInvoice` has no key of its own, so the engine compares quantities instead of
/// remembering requests: for each PartsManager PO line of the receipt, the quantity PartsManager
/// received on it by this receipt and every earlier one is the target, and Business Central is
/// asked to receive only `target − receivedQuantity`. A repeat after a lost answer finds nothing
/// left to receive and adopts what is there; a receipt spanning several orders posts one BC
/// receipt per order, each idempotent on its own. Receipts run one at a time (one worker), so
/// two never set the same order's `receiveQuantity` at once.
struct PurchaseReceiptPosting: Sendable {
    let cycle: SyncCycle
    let pm: PartsManagerClient

    static let linkKind = "purchaseReceipt"

    /// The BC orders of the receipt's POs; blocks while one has not been synced.
    func orders(for receipt: PurchaseReceipt) throws -> [(poID: Int, orderID: String)] {
        try receipt.orderIDs.map { poID in
            guard let link = try cycle.linkedID(kind: PurchaseOrderPosting.linkKind, entity: PurchaseOrderFlow.entity,
                                                sourceID: String(poID)) else {
                throw ProcurementStop.blocked(FailureCatalog.purchaseOrderNotSynced(number: try poNumber(poID)))
            }
            return (poID, link.id)
        }
    }

    func post(_ item: inout WorkItem, receipt: PurchaseReceipt, orders: [(poID: Int, orderID: String)]) async throws {
        _ = try cycle.startPosting(&item, naturalKey: receipt.naturalKey)
        let targets = try await cumulativeReceived(receipt)
        var received: [JSONValue] = []
        var numbers: [String] = []
        for (poID, orderID) in orders {
            guard let order = try await cycle.bc.purchaseOrder(id: orderID) else {
                throw ProcurementStop.failed(SyncFailure(code: "PURCHASE_ORDER_MISSING_IN_ERP", object: "purchase order \(try poNumber(poID))",
                    message: "The Business Central order of PartsManager purchase order \(try poNumber(poID)) no longer exists.",
                    remedy: "Find out who deleted it in Business Central; recreate it by retrying the purchase order, then retry this receipt."))
            }
            numbers.append(order.number)
            for line in receipt.lines where line.poID == poID && order.line(pmLineID: line.poLineID) == nil {
                throw ProcurementStop.blocked(FailureCatalog.purchaseOrderNotSynced(number: try poNumber(poID)))
            }
            var toReceiveAny = false
            for line in order.lines {
                let target = line.pmLineID.flatMap { targets[$0] }
                let want = target.map { max(0, $0 - line.receivedQuantity) } ?? 0
                if want > line.quantity - line.receivedQuantity {
                    throw ProcurementStop.failed(SyncFailure(code: "RECEIPT_EXCEEDS_ORDER", object: "purchase order \(order.number)",
                        message: "PartsManager has received \(target?.plainString ?? "?") on a line of \(order.number) ordered for \(line.quantity.plainString) in Business Central.",
                        remedy: "Bring the Business Central order line up to the PartsManager quantity (or correct the receipt), then retry."))
                }
                if want > 0 { toReceiveAny = true }
                if line.receiveQuantity != want || line.invoiceQuantity != 0 {
                    _ = try await cycle.bc.patch("purchaseOrderLines(\(line.id))", etag: line.etag,
                                                 body: ["receiveQuantity": .decimal(want), "invoiceQuantity": .int(0)])
                }
                if want > 0 {
                    received.append(.object(["order": .string(order.number), "line": .string(line.id), "quantity": .decimal(want)]))
                }
            }
            if toReceiveAny {
                try await cycle.bc.action("purchaseOrders(\(order.id))", "receiveAndInvoice")
            }
        }
        let how = received.isEmpty ? "adopted" : "received"
        try cycle.audit(item, "erp.\(how)", ["orders": .array(numbers.map(JSONValue.string)), "received": .array(received)])
        try cycle.link(&item, kind: Self.linkKind, erpID: orders.first?.orderID ?? "", erpNumber: numbers.joined(separator: ", "),
                       details: ["naturalKey": .string(receipt.naturalKey), "how": .string(how), "orders": .int(orders.count)])
    }

    /// Per PartsManager PO line of `receipt`: what this receipt and the vendor's earlier ones received.
    private func cumulativeReceived(_ receipt: PurchaseReceipt) async throws -> [Int: Decimal] {
        let lineIDs = Set(receipt.lines.map(\.poLineID))
        var totals: [Int: Decimal] = [:]
        var sawItself = false
        for record in try await pm.list(.shipmentReceipts, filters: [("VendorId", String(receipt.vendorID))], pageSize: 1_000) {
            guard let other = PurchaseReceipt(pm: record), other.id <= receipt.id else { continue }
            if other.id == receipt.id { sawItself = true }
            for line in other.lines where lineIDs.contains(line.poLineID) { totals[line.poLineID, default: 0] += line.quantity }
        }
        // The receipt itself always counts, even if PartsManager's list lags behind.
        if !sawItself {
            for line in receipt.lines { totals[line.poLineID, default: 0] += line.quantity }
        }
        return totals
    }

    /// The PO number FieldLedger took in for a PartsManager PO id (for messages).
    private func poNumber(_ poID: Int) throws -> String {
        try cycle.store.read { db in
            try String.fetchOne(db, sql: """
                SELECT source_ref FROM work_items WHERE source_system = 'partsmanager' AND source_entity = ? AND source_id = ?
                ORDER BY id DESC LIMIT 1
                """, arguments: [PurchaseOrderFlow.entity, String(poID)])
        } ?? "#\(poID)"
    }
}
