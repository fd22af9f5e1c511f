import FieldLedgerHTTP
import Foundation

/// PartsManager vendor bills → posted Business Central purchase invoices, behind
/// `[procurement] ap_invoices` (off by default: many companies key AP in Business Central).
/// Bills are taken in only while the switch is on; turning it on later takes in every bill
/// changed since the flow's cursor (none yet: all of them). A posted bill is approved in
/// PartsManager; paid status does not flow back yet.
struct VendorBillFlow: SyncFlow {
    static let name = "vendor_bill.post"
    static let entity = "vendorBill"
    var name: String { Self.name }

    func run(_ cycle: SyncCycle) async throws -> FlowCounts {
        var counts = FlowCounts(flow: name)
        guard let pm = cycle.pm, cycle.settings.apInvoices else { return counts }
        let intake = ProcurementIntake(pm: pm, store: cycle.store, flow: name, entity: Self.entity, resource: .vendorBills)
        let (records, commit) = try await intake.changed()
        if !records.isEmpty {
            let directory = try await PartsManagerDirectory.load(pm)
            for record in records {
                guard let bill = VendorBill(pm: record, directory: directory) else { continue }
                if bill.voided, try !intake.knows(String(bill.id)) { continue }
                if try intake.accept(sourceID: String(bill.id), sourceRef: bill.vendorInvoiceNumber,
                                     version: ProcurementIntake.stamp(of: record), payload: bill.json) { counts.received += 1 }
            }
        }
        try commit()
        let processor = ProcurementProcessor(store: cycle.store, retry: cycle.settings.retry)
        let posting = VendorBillPosting(cycle: cycle, pm: pm)
        try await cycle.processDue(flow: name, blockedCodes: ProcurementProcessor.blockedCodes, into: &counts) { item, validator in
            let planner = PurchasePlanner(resolver: validator.resolver, reference: validator.reference)
            return await processor.process(item, rules: validator, plan: { json in
                guard let bill = VendorBill(json: json) else {
                    throw ProcurementStop.failed(SyncFailure(code: "MALFORMED_SOURCE", object: item.subject,
                                                             message: "The stored vendor bill is incomplete.", remedy: nil))
                }
                return try posting.plan(bill, planner: planner)
            }, post: { item, plan in try await posting.post(&item, plan: plan) })
        }
        return counts
    }
}
