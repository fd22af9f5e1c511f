import Foundation

/// ServiceTrade voids → the offsetting Business Central documents (or nothing, when nothing was
/// posted). Runs after the posting flows, so a void never races the posting of its own invoice in
/// one cycle. See `InvoiceVoidProcessor` for the policy.
struct InvoiceVoidFlow: SyncFlow {
    static let name = "invoice.void"
    var name: String { Self.name }

    func run(_ cycle: SyncCycle) async throws -> FlowCounts {
        var counts = FlowCounts(flow: name)
        counts.received = try await InvoiceVoidIntake(st: cycle.st, store: cycle.store).run()
        let processor = InvoiceVoidProcessor(store: cycle.store, bc: cycle.bc, st: cycle.st, companies: cycle.companies,
                                             retry: cycle.settings.retry)
        try await cycle.processDue(flow: name, into: &counts) { await processor.process($0, validator: $1) }
        return counts
    }
}
