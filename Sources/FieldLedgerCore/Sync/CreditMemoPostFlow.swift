import FieldLedgerHTTP
import Foundation

/// ServiceTrade credit memos → posted Business Central sales credit memos.
///
/// ServiceTrade has no credit memo record: a credit is an invoice whose total is negative. It is
/// approved like any invoice (`pending_accounting`), so it arrives through the same intake and
/// cursor (`InvoiceIntake`), which files it under this flow instead of `invoice.post`. From there
/// it is an invoice in every respect but the document: the same validation (`InvoiceValidator`,
/// with the lines turned into positive credit lines), the same exactly-once protocol
/// (`InvoicePosting` on `salesCreditMemos`, natural key = the ServiceTrade invoice number) and the
/// same answer to ServiceTrade (`processed`, or `failed` with a comment saying why).
struct CreditMemoPostFlow: SyncFlow {
    static let name = "creditmemo.post"
    var name: String { Self.name }

    /// A ServiceTrade invoice with a negative total is a credit memo.
    static func isCreditMemo(_ invoice: JSONObject) -> Bool {
        (invoice["totalPrice"]?.decimalValue ?? 0) < 0
    }

    func run(_ cycle: SyncCycle) async throws -> FlowCounts {
        var counts = FlowCounts(flow: name)
        // Intake is `InvoicePostFlow`'s (one poll of approved invoices), and it counts what it takes in.
        let processor = InvoiceProcessor(store: cycle.store, bc: cycle.bc, st: cycle.st, companies: cycle.companies,
                                         retry: cycle.settings.retry, document: .salesCreditMemo,
                                         customers: cycle.settings.createMissingCustomers
                                             ? CustomerProvisioning(bc: cycle.bc, store: cycle.store) : nil)
        try await cycle.processDue(flow: name, blockedCodes: ["MISSING_CUSTOMER"], into: &counts) {
            await processor.process($0, validator: $1)
        }
        return counts
    }
}
