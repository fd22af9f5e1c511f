import FieldLedgerCore
import Foundation
@testable import FieldLedgerTUI

/// A store with posted invoices in every payment state, written as the payments flow writes
/// them (`InvoicePayment.insert`), each over a real sales-invoice link.
func paymentsStore(_ folder: TempFolder) throws -> Store {
    let store = try Store.open(path: folder.file("payments.sqlite"))
    let rows: [(ref: String, status: String, total: String, remaining: String, state: InvoicePayment.State,
                st: String?, event: String?, at: String?)] = [
        ("INV-1000", "Open", "1250", "1250", .unpaid, "processed", nil, nil),
        ("INV-1001", "Open", "2480.5", "1000", .partial, "processed", "payment", "2026-11-27T07:41:09.000Z"),
        ("INV-1002", "Paid", "980", "0", .paid, "paid", "paid", "2026-11-27T07:30:00.000Z"),
        ("INV-1003", "Open", "15000", "15000", .reopened, "processed", "reopened", "2026-11-27T07:20:00.000Z"),
        ("INV-1004", "Canceled", "300", "0", .canceled, "void", "credited", "2026-11-27T07:10:00.000Z"),
        // A hostile reference (sanitised on the way in) and an amount that needs rounding.
        ("INV-\u{1B}]52;c;AAAA\u{07}1005", "Open", "1234567.891", "617283.945", .partial, nil, "payment", "2026-11-27T07:00:00.000Z"),
    ]
    try store.write { db in
        for (n, r) in rows.enumerated() {
            let sourceID = "\(1000 + n)"
            var link = Link(erpSystem: "businesscentral", kind: "salesInvoice", sourceSystem: "servicetrade",
                            sourceEntity: "invoice", sourceId: sourceID, sourceRef: r.ref,
                            erpId: "0a1b2c3d-0000-0000-0000-00000000100\(n)", erpNumber: "SI-\(1000 + n)", workItemId: nil)
            try link.insert(recordingBy: .engine, subject: "servicetrade:invoice:\(sourceID)", in: db)
            let payment = InvoicePayment(
                linkId: link.id!, sourceId: sourceID, sourceRef: r.ref, erpId: link.erpId, erpNumber: link.erpNumber,
                erpStatus: r.status, total: Decimal(string: r.total)!, remaining: Decimal(string: r.remaining)!,
                paymentState: r.state, stStatus: r.st, lastEvent: r.event, lastEventAt: r.at,
                updatedAt: "2026-11-27T07:5\(9 - n):00.000Z")
            try payment.insert(db)
        }
    }
    return store
}

/// `loadedState` on the Payments pane with the first page of `store` applied.
func paymentsState(_ store: Store, width: Int, height: Int, filter: InvoicePayment.State? = nil) throws -> AppState {
    var state = loadedState(width: width, height: height)
    state.session.currency = "USD"
    state.pane = .payments
    state.payments.filter = filter
    let page = try ConsoleData(store: store).payments(filter: filter, after: nil)
    _ = reduce(&state, .paymentsLoaded(filter: filter, after: nil, page: page, pageSize: Layout.paymentPageSize))
    return state
}
