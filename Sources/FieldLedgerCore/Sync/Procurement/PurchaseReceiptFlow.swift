import FieldLedgerHTTP
import Foundation

/// PartsManager shipment receipts → received quantities on the Business Central orders, posted as
/// purchase receipts (three-way match: order, receipt, invoice). Runs after the purchase order
/// flow; a receipt whose order has not landed waits (PURCHASE_ORDER_NOT_SYNCED).
struct PurchaseReceiptFlow: SyncFlow {
    static let name = "purchase_receipt.post"
    static let entity = "shipmentReceipt"
    var name: String { Self.name }

    func run(_ cycle: SyncCycle) async throws -> FlowCounts {
        var counts = FlowCounts(flow: name)
        guard let pm = cycle.pm else { return counts }
        let intake = ProcurementIntake(pm: pm, store: cycle.store, flow: name, entity: Self.entity, resource: .shipmentReceipts)
        let (records, commit) = try await intake.changed()
        for record in records {
            guard let receipt = PurchaseReceipt(pm: record) else { continue }
            if try intake.accept(sourceID: String(receipt.id), sourceRef: receipt.reference ?? "receipt \(receipt.id)",
                                 version: ProcurementIntake.stamp(of: record), payload: receipt.json) { counts.received += 1 }
        }
        try commit()
        let serial = cycle.serial()
        let processor = ProcurementProcessor(store: cycle.store, retry: cycle.settings.retry)
        let posting = PurchaseReceiptPosting(cycle: serial, pm: pm)
        try await serial.processDue(flow: name, blockedCodes: ProcurementProcessor.blockedCodes, into: &counts) { item, _ in
            await processor.process(item, plan: { json in
                guard let receipt = PurchaseReceipt(json: json) else {
                    throw ProcurementStop.failed(SyncFailure(code: "MALFORMED_SOURCE", object: item.subject,
                                                             message: "The stored shipment receipt is incomplete.", remedy: nil))
                }
                return (receipt, try posting.orders(for: receipt))
            }, post: { item, planned in try await posting.post(&item, receipt: planned.0, orders: planned.1) })
        }
        return counts
    }
}
