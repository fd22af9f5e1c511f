import FieldLedgerCore

extension Reducer {
    /// A payments page arrived: the first page replaces the window (keeping the selected invoice
    /// selected when it is still there), a later page is appended. Pages for another filter, or
    /// after an anchor that is no longer the window's end, are stale and dropped.
    static func applyPaymentsPage(_ state: inout AppState, filter: InvoicePayment.State?, after: PaymentAnchor?,
                                  page: PaymentsPage, full: Bool) {
        guard filter == state.payments.filter else { return }
        var payments = state.payments
        if let after {
            guard payments.rows.last?.anchor == after else { return }
            payments.rows += page.rows
        } else {
            let selected = payments.selectedRow?.linkID
            payments.rows = page.rows
            if let selected, let index = page.rows.firstIndex(where: { $0.linkID == selected }) {
                payments.cursor.selected = index
            }
        }
        payments.counts = page.counts
        payments.hasMore = full
        payments.loading = false
        payments.loaded = true
        payments.cursor.select(payments.cursor.selected, count: payments.rows.count, visible: Layout.paymentRows(state.height))
        state.payments = payments
    }

    /// Shows one payment state (or all): a new window from the first page.
    static func filterPayments(_ filter: InvoicePayment.State?, _ state: inout AppState) -> [Effect] {
        var payments = PaymentsState(filter: filter)
        payments.counts = state.payments.counts
        payments.loading = true
        state.payments = payments
        return [.loadPayments(filter: filter, after: nil)]
    }

    /// Moves the payments selection; near the end of the window, asks for the next page.
    static func movePayments(_ delta: Int, _ state: inout AppState) -> [Effect] {
        let visible = Layout.paymentRows(state.height)
        state.payments.cursor.select(state.payments.cursor.selected + delta, count: state.payments.rows.count, visible: visible)
        let payments = state.payments
        guard payments.hasMore, !payments.loading, let last = payments.rows.last,
              payments.cursor.selected >= payments.rows.count - visible else { return [] }
        state.payments.loading = true
        return [.loadPayments(filter: payments.filter, after: last.anchor)]
    }

    /// Another process wrote: re-read the first page when only it is loaded (the operator has
    /// not paged on), so changes appear without moving a deep scroll position.
    static func reloadPaymentsIfFirstPage(_ state: inout AppState) -> [Effect] {
        guard state.payments.loaded, !state.payments.loading, state.payments.rows.count <= Layout.paymentPageSize else { return [] }
        state.payments.loading = true
        return [.loadPayments(filter: state.payments.filter, after: nil)]
    }
}
