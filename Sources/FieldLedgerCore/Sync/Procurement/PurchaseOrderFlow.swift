import FieldLedgerHTTP
import Foundation

/// Issued PartsManager purchase orders → Business Central `purchaseOrders` with their lines;
/// later versions (edited after un-issuing, or voided) update or delete the order.
struct PurchaseOrderFlow: SyncFlow {
    static let name = "purchase_order.post"
    static let entity = "purchaseOrder"
    var name: String { Self.name }

    func run(_ cycle: SyncCycle) async throws -> FlowCounts {
        var counts = FlowCounts(flow: name)
        guard let pm = cycle.pm else { return counts }
        counts.received = try await intake(pm, cycle)
        let processor = ProcurementProcessor(store: cycle.store, retry: cycle.settings.retry)
        let posting = PurchaseOrderPosting(cycle: cycle)
        try await cycle.processDue(flow: name, blockedCodes: ProcurementProcessor.blockedCodes, into: &counts) { item, validator in
            let planner = PurchasePlanner(resolver: validator.resolver, reference: validator.reference)
            return await processor.process(item, rules: validator, plan: { json in
                guard let order = PurchaseOrder(json: json) else {
                    throw ProcurementStop.failed(SyncFailure(code: "MALFORMED_SOURCE", object: item.subject,
                                                             message: "The stored purchase order is incomplete.", remedy: nil))
                }
                return try PurchaseOrderPlan(order: order, planner: planner)
            }, post: { item, plan in try await posting.post(&item, plan: plan) })
        }
        return counts
    }

    /// New versions of issued or voided orders. A void of an order FieldLedger never took in
    /// (voided while still a draft) is ignored.
    private func intake(_ pm: PartsManagerClient, _ cycle: SyncCycle) async throws -> Int {
        let intake = ProcurementIntake(pm: pm, store: cycle.store, flow: name, entity: Self.entity, resource: .purchaseOrders)
        let (records, commit) = try await intake.changed()
        var created = 0
        if !records.isEmpty {
            let directory = try await PartsManagerDirectory.load(pm)
            for record in records {
                guard let order = PurchaseOrder(pm: record, directory: directory) else { continue }
                if order.voided, try !intake.knows(String(order.id)) { continue }
                if try intake.accept(sourceID: String(order.id), sourceRef: order.number,
                                     version: ProcurementIntake.stamp(of: record), payload: order.json) { created += 1 }
            }
        }
        try commit()
        return created
    }
}
