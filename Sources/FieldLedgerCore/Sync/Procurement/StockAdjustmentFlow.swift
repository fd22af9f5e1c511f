import FieldLedgerHTTP
import Foundation

/// PartsManager stock adjustments (counts, damage, consumption not tied to a receipt) → Business
/// Central item inventory adjustments. Receipts' own `receive` movements are not adjustments:
/// they reach BC through the receipt flow. Runs one at a time (see `StockAdjustmentPosting`).
struct StockAdjustmentFlow: SyncFlow {
    static let name = "stock_adjustment.post"
    static let entity = "stockAdjustment"
    var name: String { Self.name }

    func run(_ cycle: SyncCycle) async throws -> FlowCounts {
        var counts = FlowCounts(flow: name)
        guard let pm = cycle.pm else { return counts }
        let intake = ProcurementIntake(pm: pm, store: cycle.store, flow: name, entity: Self.entity, resource: .stockAdjustments)
        let (records, commit) = try await intake.changed(filters: [("type", "adjustment")])
        if !records.isEmpty {
            let directory = try await PartsManagerDirectory.load(pm)
            for record in records {
                guard let adjustment = StockAdjustment(pm: record, directory: directory) else { continue }
                if try intake.accept(sourceID: String(adjustment.id), sourceRef: "ADJ-\(adjustment.id) \(adjustment.sku)",
                                     version: ProcurementIntake.stamp(of: record), payload: adjustment.json) { counts.received += 1 }
            }
        }
        try commit()
        let serial = cycle.serial()
        let processor = ProcurementProcessor(store: cycle.store, retry: cycle.settings.retry)
        let posting = StockAdjustmentPosting(cycle: serial)
        try await serial.processDue(flow: name, blockedCodes: ProcurementProcessor.blockedCodes, into: &counts) { item, _ in
            await processor.process(item, plan: { json in
                guard let adjustment = StockAdjustment(json: json) else {
                    throw ProcurementStop.failed(SyncFailure(code: "MALFORMED_SOURCE", object: item.subject,
                                                             message: "The stored stock adjustment is incomplete.", remedy: nil))
                }
                return try posting.plan(adjustment)
            }, post: { item, plan in try await posting.post(&item, plan: plan) })
        }
        return counts
    }
}
