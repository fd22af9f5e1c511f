import FieldLedgerCore

/// Conflicts: master-data fields changed in both systems, newest first — the record, the field,
/// the value that won and the one that lost, which system won, the rule that decided it and
/// when. `/` narrows the list; Enter shows one conflict whole.
enum ConflictsScreen {
    struct Columns {
        var at, record, field, won, lost, winner, rule: Int

        init(width: Int) {
            let wide = width >= 120
            at = wide ? 19 : 11
            winner = wide ? 16 : 4
            rule = wide ? 20 : 0
            field = wide ? 16 : 12
            let rest = width - 1 - at - winner - rule - field - (wide ? 7 : 6)
            record = wide ? rest * 2 / 6 : rest * 2 / 5
            won = (rest - record) / 2
            lost = rest - record - won
        }
    }

    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        if state.conflicts.showDetail, let row = state.conflicts.selected {
            drawDetail(&grid, state, row)
            return
        }
        let g = state.glyphs
        let top = Layout.contentTop()
        let conflicts = state.conflicts
        let visible = conflicts.visible
        let filter = conflicts.filter.isEmpty ? "none (/ filters)" : "\"\(conflicts.filter)\" (/ with nothing clears)"
        StyledLine([(" Conflicts ", .header), ("\(visible.count) of \(conflicts.rows.count), newest first \(g.dot) filter: \(filter)", .dim)])
            .draw(into: &grid, x: 0, y: top, width: grid.width, marker: g.ellipsis)
        let c = Columns(width: grid.width)
        var header = " " + TextLayout.fit("Decided", c.at) + " " + TextLayout.fit("Record", c.record) + " " + TextLayout.fit("Field", c.field)
            + " " + TextLayout.fit("Won", c.winner) + " " + TextLayout.fit("Winning value", c.won) + " " + TextLayout.fit("Losing value", c.lost)
        if c.rule > 0 { header += " " + TextLayout.fit("Rule", c.rule) }
        grid.put(TextLayout.fit(header, grid.width), x: 0, y: top + 1, role: .header)
        guard !visible.isEmpty else {
            let text = !conflicts.loaded ? "Loading…"
                : conflicts.rows.isEmpty ? "\(g.ok) No master-data conflicts: no field was changed in both systems."
                : "No conflict matches \"\(conflicts.filter)\"."
            grid.put(TextLayout.truncate(" " + text, to: grid.width, marker: g.ellipsis), x: 0, y: top + 2, role: conflicts.loaded ? .ok : .dim)
            return
        }
        for i in 0..<Layout.conflictRows(grid.height) {
            let index = conflicts.cursor.top + i
            guard visible.indices.contains(index) else { break }
            let row = visible[index]
            let y = top + 2 + i
            let selected = index == conflicts.cursor.selected
            let at = Format.time(row.decidedAt, long: c.at > 11)
            var spans: [(text: String, role: StyleRole)] = [
                (" " + TextLayout.fit(at, c.at) + " ", .dim),
                (TextLayout.fit(shortRef(row.stRef), c.record, marker: g.ellipsis) + " ", .text),
                (TextLayout.fit(row.field, c.field, marker: g.ellipsis) + " ", .accent),
                (TextLayout.fit(systemName(row.winner, short: c.winner < 10), c.winner) + " ", .ok),
                (TextLayout.fit(row.winningValue, c.won, marker: g.ellipsis) + " ", .text),
                (TextLayout.fit(row.losingValue, c.lost, marker: g.ellipsis), .dim),
            ]
            if c.rule > 0 { spans.append((" " + TextLayout.fit(ruleName(row.rule), c.rule, marker: g.ellipsis), .dim)) }
            if selected {
                spans = spans.map { ($0.text, .selection) }
                grid.fill(x: 0, y: y, width: grid.width, height: 1, role: .selection)
            }
            StyledLine(spans).draw(into: &grid, x: 0, y: y, width: grid.width, marker: g.ellipsis)
            if selected { grid.put(">", x: 0, y: y, role: .selection, attributes: .bold) }
            grid.addRegion(HitRegion(x: 0, y: y, width: grid.width, command: .selectRow(index)))
        }
        if let row = conflicts.selected {
            var y = top + Layout.contentHeight(grid.height) - Layout.conflictDetailLines
            grid.put(String(repeating: g.horizontal, count: grid.width), x: 0, y: y, role: .dim)
            for line in [StyledLine([("Records        ", .header), ("\(row.stRef) \(g.arrow) \(row.bcRef)", .text)]),
                         StyledLine([("Decided        ", .header), (row.explanation, .text)]),
                         StyledLine([("Keys           ", .header), ("Enter shows every field \(g.dot) / filters by record, field or value", .dim)])] {
                y += 1
                line.draw(into: &grid, x: 1, y: y, width: grid.width - 2, marker: g.ellipsis)
            }
        }
    }

    /// One conflict, every field on its own line (Enter or q goes back).
    private static func drawDetail(_ grid: inout CellGrid, _ state: AppState, _ row: ConflictRow) {
        let g = state.glyphs
        var y = Layout.contentTop()
        grid.put(TextLayout.fit(" Conflict \(row.id) \(g.dot) \(row.entity) \(row.field) (Enter or q goes back)", grid.width, marker: g.ellipsis),
                 x: 0, y: y, role: .header, attributes: .bold)
        let winnerMark = { (system: String) in row.winner == system ? "\(g.ok) won" : "\(g.failed) lost" }
        let lines: [StyledLine] = [
            StyledLine([("ServiceTrade     ", .header), (row.stRef, .text)]),
            StyledLine([("  value          ", .header), (row.stValue, .text), ("  \(winnerMark("servicetrade"))", row.winner == "servicetrade" ? .ok : .warn)]),
            StyledLine([("  modified       ", .header), (Format.time(row.stModified, long: true), .dim)]),
            StyledLine([("Business Central ", .header), (row.bcRef, .text)]),
            StyledLine([("  value          ", .header), (row.bcValue, .text), ("  \(winnerMark("businesscentral"))", row.winner == "businesscentral" ? .ok : .warn)]),
            StyledLine([("  modified       ", .header), (Format.time(row.bcModified, long: true), .dim)]),
            StyledLine(""),
            StyledLine([("Rule             ", .header), (ruleName(row.rule), .text)]),
            StyledLine([("Decided at       ", .header), (Format.time(row.decidedAt, long: true), .dim)]),
            StyledLine([("Why              ", .header), (row.explanation, .text)]),
        ]
        for line in lines {
            y += 1
            line.draw(into: &grid, x: 1, y: y, width: grid.width - 2, marker: g.ellipsis)
        }
    }

    /// `servicetrade:company:5` as `company:5`: the list names ServiceTrade records; the
    /// detail shows both systems' full references.
    static func shortRef(_ ref: String) -> String {
        ref.hasPrefix("servicetrade:") ? String(ref.dropFirst("servicetrade:".count)) : ref
    }

    static func systemName(_ system: String, short: Bool) -> String {
        switch system {
        case "servicetrade": short ? "ST" : "ServiceTrade"
        case "businesscentral": short ? "BC" : "Business Central"
        default: system
        }
    }

    static func ruleName(_ rule: String) -> String {
        switch rule {
        case "newest": "newest change wins"
        case "servicetrade": "ServiceTrade owns it"
        case "businesscentral": "BC owns it"
        default: rule
        }
    }
}
