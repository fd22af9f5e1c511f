import FieldLedgerCore

/// Payments: posted invoices with their ServiceTrade and Business Central status, total,
/// remaining and paid share, filtered by payment state, newest change first.
enum PaymentsScreen {
    /// Column widths: 80 columns leave the last event to the detail box; 120 and more show it.
    struct Columns {
        var invoice, erpNumber, stStatus, erpStatus, amount, paid, event, at: Int

        init(width: Int) {
            let wide = width >= 120
            invoice = wide ? 12 : 11
            erpNumber = wide ? 12 : 0
            stStatus = wide ? 14 : 10
            erpStatus = wide ? 10 : 9
            amount = 16
            paid = wide ? 13 : 12
            event = wide ? 10 : 0
            at = wide ? 16 : 0
        }
    }

    static let filters: [InvoicePayment.State?] = [nil, .unpaid, .partial, .paid, .reopened, .canceled]

    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        let g = state.glyphs
        let top = Layout.contentTop()
        let payments = state.payments
        drawFilterLine(&grid, state, y: top)
        let c = Columns(width: grid.width)
        var header = " " + TextLayout.fit("Invoice", c.invoice) + " "
        if c.erpNumber > 0 { header += TextLayout.fit("BC number", c.erpNumber) + " " }
        header += TextLayout.fit("ST status", c.stStatus) + " " + TextLayout.fit("BC status", c.erpStatus) + " "
            + TextLayout.rightAlign("Total", c.amount) + " " + TextLayout.rightAlign("Remaining", c.amount) + " "
            + TextLayout.fit("Paid", c.paid)
        if c.event > 0 { header += " " + TextLayout.fit("Last event", c.event) + " " + TextLayout.fit("At", c.at) }
        grid.put(TextLayout.fit(header, grid.width), x: 0, y: top + 1, role: .header)
        guard !payments.rows.isEmpty else {
            let which = payments.filter.map { " \($0.rawValue)" } ?? ""
            let text = !payments.loaded ? "Loading…"
                : "No\(which) invoices yet: the payments flow lists an invoice here once it is posted to Business Central."
            grid.put(TextLayout.truncate(" " + text, to: grid.width, marker: g.ellipsis), x: 0, y: top + 2, role: .dim)
            return
        }
        let rows = Layout.paymentRows(grid.height)
        for i in 0..<rows {
            let index = payments.cursor.top + i
            guard payments.rows.indices.contains(index) else { break }
            let row = payments.rows[index]
            let y = top + 2 + i
            let selected = index == payments.cursor.selected
            var spans = self.spans(row, c, state)
            if selected {
                spans = spans.map { ($0.text, .selection) }
                grid.fill(x: 0, y: y, width: grid.width, height: 1, role: .selection)
            }
            StyledLine(spans).draw(into: &grid, x: 0, y: y, width: grid.width, marker: g.ellipsis)
            if selected { grid.put(">", x: 0, y: y, role: .selection, attributes: .bold) }
            grid.addRegion(HitRegion(x: 0, y: y, width: grid.width, command: .selectRow(index)))
        }
        drawDetail(&grid, state)
    }

    /// "Show: [All 120]  Unpaid 40 …": the active filter in brackets; each entry is clickable.
    private static func drawFilterLine(_ grid: inout CellGrid, _ state: AppState, y: Int) {
        var x = grid.put(" Show: ", x: 0, y: y, role: .header)
        let counts = state.payments.counts
        for filter in filters {
            let count = filter.map { counts[$0] ?? 0 } ?? counts.values.reduce(0, +)
            let active = filter == state.payments.filter
            let body = "\(Format.paymentFilterLabel(filter)) \(Format.grouped(String(count)))"
            let label = active ? "[\(body)]" : " \(body) "
            guard x + TextLayout.width(of: label) <= grid.width else { break }
            let w = grid.put(label, x: x, y: y, role: active ? .selection : .text, attributes: active ? .bold : [])
            grid.addRegion(HitRegion(x: x, y: y, width: w, command: .paymentFilter(filter)))
            x += w + 1
        }
        if state.payments.hasMore {
            let more = " more below"
            if x + TextLayout.width(of: more) <= grid.width { grid.put(more, x: x, y: y, role: .dim) }
        }
    }

    private static func spans(_ row: PaymentRow, _ c: Columns, _ state: AppState) -> [(text: String, role: StyleRole)] {
        let g = state.glyphs
        let currency = state.session.currency
        let share = Format.paidShare(row)
        var spans: [(text: String, role: StyleRole)] = [(" " + TextLayout.fit(row.invoice, c.invoice, marker: g.ellipsis) + " ", .text)]
        if c.erpNumber > 0 { spans.append((TextLayout.fit(row.erpNumber ?? "-", c.erpNumber, marker: g.ellipsis) + " ", .text)) }
        spans += [
            (TextLayout.fit(row.stStatus ?? "-", c.stStatus, marker: g.ellipsis) + " ", .dim),
            (TextLayout.fit(row.erpStatus, c.erpStatus, marker: g.ellipsis) + " ", .text),
            (TextLayout.rightAlign(Format.withCurrency(row.totalText, currency), c.amount, marker: g.ellipsis) + " ", .text),
            (TextLayout.rightAlign(Format.withCurrency(row.remainingText, currency), c.amount, marker: g.ellipsis) + " ",
             row.remaining > 0 ? .text : .dim),
            (TextLayout.fit(share.text, c.paid, marker: g.ellipsis), share.role),
        ]
        if c.event > 0 {
            spans.append((" " + TextLayout.fit(row.lastEvent ?? "-", c.event, marker: g.ellipsis) + " ", .accent))
            spans.append((TextLayout.fit(row.lastEventAt.map { String(Format.time($0, long: true).prefix(16)) } ?? "", c.at), .dim))
        }
        return spans
    }

    /// The selected invoice's documents and last payment event, under the list.
    private static func drawDetail(_ grid: inout CellGrid, _ state: AppState) {
        guard let row = state.payments.selectedRow else { return }
        let g = state.glyphs
        var y = Layout.contentTop() + Layout.contentHeight(grid.height) - Layout.paymentDetailLines
        grid.put(String(repeating: g.horizontal, count: grid.width), x: 0, y: y, role: .dim)
        y += 1
        let event = row.lastEvent.map { event in
            "\(event)" + (row.lastEventAt.map { " at \(Format.time($0, long: true))" } ?? "")
        } ?? "none seen yet"
        let lines: [StyledLine] = [
            StyledLine([("Invoice        ", .header),
                        ("\(row.invoice) (ServiceTrade \(row.sourceID)) \(g.arrow) Business Central \(row.erpNumber ?? "unnumbered") \(g.dot) \(row.erpStatus)", .text)]),
            StyledLine([("Last event     ", .header), (event, .text),
                        (" \(g.dot) ServiceTrade status \(row.stStatus ?? "not set by FieldLedger")", .dim)]),
            StyledLine([("Keys           ", .header),
                        ("Enter traces the invoice \(g.dot) a u t p o c filter by state \(g.dot) / searches", .dim)]),
        ]
        for l in lines {
            l.draw(into: &grid, x: 1, y: y, width: grid.width - 2, marker: g.ellipsis)
            y += 1
        }
    }

    /// One text per row, for `/` search and `n`/`N`.
    static func searchableLines(_ state: AppState) -> [String] {
        state.payments.rows.map { row in
            [row.invoice, row.sourceID, row.erpNumber ?? "", row.erpStatus, row.stStatus ?? "", row.state.rawValue,
             row.lastEvent ?? ""].joined(separator: " ")
        }
    }
}
