import Foundation

/// Payments back (ARCHITECTURE §2.7): Business Central's receivables onto ServiceTrade invoices.
///
/// Each cycle: list the sales invoices Business Central changed since the cursor and record them
/// (`PaymentWatchIntake`), give newly posted numbers to ServiceTrade and the links
/// (`PaymentWatchNumbers`), then move the due `invoice.payments` items (`PaymentWatchProcessor`).
/// The listing is one request per 1,000 changed invoices, so watching costs well under 0.1
/// Business Central request per posted invoice.
///
/// A Business Central subscription notification for `salesInvoices` needs nothing of its own:
/// `SyncEngine.runOnce(trigger: "webhook")` runs this flow, and the cursor finds the change.
///
/// Counts: `received` = payment changes taken in, `posted` = changes ServiceTrade now shows,
/// `retrying` = changes (and posted numbers) ServiceTrade could not take yet.
struct PaymentWatchFlow: SyncFlow {
    static let name = "invoice.payments"
    var name: String { Self.name }

    func run(_ cycle: SyncCycle) async throws -> FlowCounts {
        var counts = FlowCounts(flow: name)
        counts.received = try await PaymentWatchIntake(bc: cycle.bc, store: cycle.store, logger: cycle.logger).run()
        let numbers = try await PaymentWatchNumbers(st: cycle.st, store: cycle.store, logger: cycle.logger,
                                                    workers: cycle.settings.workers).run()
        counts.retrying += numbers.failed
        let items = try cycle.dueItems(flow: name)
        let processor = PaymentWatchProcessor(store: cycle.store, st: cycle.st, retry: cycle.settings.retry)
        await cycle.process(items, into: &counts) { await processor.process($0) }
        return counts
    }
}
