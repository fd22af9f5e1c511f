import Foundation

/// Approved ServiceTrade invoices → posted Business Central sales invoices.
struct InvoicePostFlow: SyncFlow {
    static let name = "invoice.post"
    var name: String { Self.name }

    func run(_ cycle: SyncCycle) async throws -> FlowCounts {
        var counts = FlowCounts(flow: name)
        counts.received = try await InvoiceIntake(st: cycle.st, store: cycle.store).run()
        let processor = InvoiceProcessor(store: cycle.store, bc: cycle.bc, st: cycle.st, companies: cycle.companies,
                                         retry: cycle.settings.retry,
                                         customers: cycle.settings.createMissingCustomers
                                             ? CustomerProvisioning(bc: cycle.bc, store: cycle.store) : nil)
        try await cycle.processDue(flow: name, blockedCodes: ["MISSING_CUSTOMER"], into: &counts) {
            await processor.process($0, validator: $1)
        }
        return counts
    }
}
