/// Sync log: the audit trail newest first, filtered, keyset-paged.
enum SyncLogScreen {
    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        let g = state.glyphs
        let long = grid.width >= 120
        let timeWidth = long ? 19 : 8
        let columns = [timeWidth, long ? 10 : 8, long ? 18 : 17, long ? 12 : 10]
        let top = Layout.contentTop()
        let header = ["Time", "Actor", "Action", "State"].enumerated().map { TextLayout.fit($1, columns[$0]) + " " }.joined()
            + "Record / details"
        grid.put(TextLayout.fit(" " + header, grid.width), x: 0, y: top, role: .header)
        let log = state.log
        if log.rows.isEmpty {
            let text = !log.loaded ? "Loading…" : log.filter.isEmpty ? "No events yet." : "No event matches \"\(log.filter)\"; / changes the filter, / then Enter on an empty line clears it."
            grid.put(" " + text, x: 0, y: top + 1, role: .dim)
            return
        }
        let rows = Layout.logRows(grid.height)
        for i in 0..<rows {
            let index = log.cursor.top + i
            guard log.rows.indices.contains(index) else { break }
            let row = log.rows[index]
            let y = top + 1 + i
            let selected = index == log.cursor.selected
            let state: (text: String, role: StyleRole) = row.state.map { Format.state($0, g) } ?? (text: "", role: .text)
            var spans: [(text: String, role: StyleRole)] = [
                (" " + TextLayout.fit(Format.time(row.at, long: long), columns[0]) + " ", .dim),
                (TextLayout.fit(row.actor, columns[1], marker: g.ellipsis) + " ", .text),
                (TextLayout.fit(row.action, columns[2], marker: g.ellipsis) + " ", .accent),
                (TextLayout.fit(state.text, columns[3], marker: g.ellipsis) + " ", state.role),
                (short(row.subject) + (row.summary.isEmpty ? "" : "  " + row.summary), .text),
            ]
            if selected { spans = spans.map { ($0.text, .selection) } }
            if selected { grid.fill(x: 0, y: y, width: grid.width, height: 1, role: .selection) }
            StyledLine(spans).draw(into: &grid, x: 0, y: y, width: grid.width, marker: g.ellipsis)
            if selected { grid.put(">", x: 0, y: y, role: .selection, attributes: .bold) }
            grid.addRegion(HitRegion(x: 0, y: y, width: grid.width, command: .selectRow(index)))
        }
    }

    /// `servicetrade:invoice:1001` → `st:invoice:1001`, the prefixes `:trace` accepts, to leave
    /// room for the details on 80 columns.
    static func short(_ subject: String) -> String {
        for (long, short) in [("servicetrade:", "st:"), ("partsmanager:", "pm:"), ("businesscentral:", "bc:")]
        where subject.hasPrefix(long) {
            return short + subject.dropFirst(long.count)
        }
        return subject
    }
}
