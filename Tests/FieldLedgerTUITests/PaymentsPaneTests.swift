import FieldLedgerCore
import Foundation
import Testing
@testable import FieldLedgerTUI

@Suite("Payments pane")
struct PaymentsPaneTests {
    @Test("80×24: every state as a word with its share, amounts right-aligned with currency, the hostile reference sanitised")
    func render80() throws {
        let folder = TempFolder()
        let store = try paymentsStore(folder)
        var state = try paymentsState(store, width: 80, height: 24)
        _ = reduce(&state, .key(.down))
        expectScreen(render(state, width: 80, height: 24), PaymentSnapshots.payments80, "payments80")
    }

    @Test("132×43: BC number, last event and its time as columns")
    func render132() throws {
        let folder = TempFolder()
        let store = try paymentsStore(folder)
        let state = try paymentsState(store, width: 132, height: 43)
        expectScreen(render(state, width: 132, height: 43), PaymentSnapshots.payments132, "payments132")
    }

    @Test("a filter shows one state and brackets it in the filter line")
    func filtered() throws {
        let folder = TempFolder()
        let store = try paymentsStore(folder)
        let state = try paymentsState(store, width: 80, height: 24, filter: .partial)
        #expect(state.payments.rows.map(\.invoice) == ["INV-1001", "INV-1005"])
        let grid = render(state, width: 80, height: 24)
        #expect(grid.line(1).contains("[Partial 2]"))
        #expect(grid.line(1).contains(" All 6 "))
    }

    @Test("money is exact: rounding half away from zero, grouping, negatives with a sign")
    func money() {
        #expect(Format.money(Decimal(string: "1234567.891")!, "USD") == "1,234,567.89 USD")
        #expect(Format.money(Decimal(string: "0.005")!, "USD") == "0.01 USD")
        #expect(Format.money(Decimal(string: "-12")!, "EUR") == "-12.00 EUR")
        #expect(Format.money(Decimal(string: "100.1")!, "") == "100.10")
        #expect(Format.money(Decimal(string: "99999999999999999.99")!, "USD") == "99,999,999,999,999,999.99 USD")
    }

    @Test("filter keys come from the key table, reload from the first page and show in the key bar")
    func filterKeys() {
        var state = loadedState()
        state.pane = .payments
        #expect(reduce(&state, .key(.char("t"))) == [.loadPayments(filter: .partial, after: nil)])
        #expect(state.payments.filter == .partial)
        #expect(state.payments.loading)
        #expect(reduce(&state, .key(.char("a"))) == [.loadPayments(filter: nil, after: nil)])
        let bar = render(state, width: 80, height: 24).line(23)
        for label in ["aAll", "uUnpaid", "tPartial", "pPaid", "oReopened", "cCanceled", "EnterOpen"] {
            #expect(bar.contains(label), "key bar lacks \(label): \(bar)")
        }
        // Elsewhere the letters do nothing.
        state.pane = .overview
        #expect(reduce(&state, .key(.char("p"))) == [])
    }

    @Test("a click on a filter in the filter line applies it")
    func clickFilter() {
        var state = loadedState()
        state.pane = .payments
        let grid = render(state, width: 80, height: 24)
        let line = grid.line(1)
        let x = line.range(of: "Paid")!.lowerBound.utf16Offset(in: line)
        #expect(reduce(&state, .mouse(MouseEvent(x: x, y: 1, kind: .release))) == [.loadPayments(filter: .paid, after: nil)])
    }

    static func row(_ n: Int64) -> PaymentRow {
        PaymentRow(linkID: n, invoice: "INV-\(n)", sourceID: "\(n)", erpNumber: "SI-\(n)", erpStatus: "Open", stStatus: nil,
                   total: 10, remaining: 10, state: .unpaid, paidPercent: 0, lastEvent: nil, lastEventAt: nil,
                   updatedAt: "2026-11-27T07:00:\(String(format: "%02d", n % 60)).000Z")
    }

    @Test("keyset paging: scrolling near the end asks for the page after the last row; stale pages are dropped")
    func paging() {
        var state = loadedState()
        state.pane = .payments
        let first = (0..<Int64(Layout.paymentPageSize)).map { Self.row(1000 - $0) }
        _ = reduce(&state, .paymentsLoaded(filter: nil, after: nil, page: PaymentsPage(rows: first, counts: [.unpaid: 300]),
                                           pageSize: Layout.paymentPageSize))
        #expect(state.payments.hasMore)
        var effects: [Effect] = []
        while effects.isEmpty, state.payments.cursor.selected < first.count - 1 { effects = reduce(&state, .key(.pageDown)) }
        #expect(effects == [.loadPayments(filter: nil, after: first.last!.anchor)])
        #expect(state.payments.loading)
        // A page for another anchor (the window moved on) is dropped.
        _ = reduce(&state, .paymentsLoaded(filter: nil, after: PaymentAnchor(updatedAt: "x", linkID: 1),
                                           page: PaymentsPage(rows: [Self.row(1)], counts: [:]), pageSize: Layout.paymentPageSize))
        #expect(state.payments.rows.count == first.count)
        let second = (0..<Int64(100)).map { Self.row(800 - $0) }
        _ = reduce(&state, .paymentsLoaded(filter: nil, after: first.last!.anchor, page: PaymentsPage(rows: second, counts: [.unpaid: 300]),
                                           pageSize: Layout.paymentPageSize))
        #expect(state.payments.rows.count == 300)
        #expect(state.payments.hasMore == false)
        #expect(state.payments.loading == false)
        // A page for another filter is dropped too.
        _ = reduce(&state, .paymentsLoaded(filter: .paid, after: nil, page: PaymentsPage(rows: [], counts: [:]), pageSize: 200))
        #expect(state.payments.rows.count == 300)
    }

    @Test("Enter traces the selected invoice; a store change re-reads the first page keeping the selection")
    func enterAndLiveReload() {
        var state = loadedState()
        state.pane = .payments
        let rows = [Self.row(3), Self.row(2), Self.row(1)]
        _ = reduce(&state, .paymentsLoaded(filter: nil, after: nil, page: PaymentsPage(rows: rows, counts: [.unpaid: 3]), pageSize: 200))
        _ = reduce(&state, .key(.down))
        let effects = reduce(&state, .storeChanged)
        #expect(effects.contains(.loadPayments(filter: nil, after: nil)))
        // A new invoice arrives on top: the selection stays on INV-2.
        _ = reduce(&state, .paymentsLoaded(filter: nil, after: nil, page: PaymentsPage(rows: [Self.row(4)] + rows, counts: [.unpaid: 4]),
                                           pageSize: 200))
        #expect(state.payments.selectedRow?.invoice == "INV-2")
        let trace = reduce(&state, .key(.enter))
        #expect(trace.first == .loadTrace("st:invoice:2"))
        #expect(state.overlay == .trace)
    }
}
