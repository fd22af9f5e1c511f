/// Failures: groups by cause with count and remedy; expanded groups list their records, each
/// with a `[Retry]` button.
enum FailuresScreen {
    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        let g = state.glyphs
        let top = Layout.contentTop()
        let width = grid.width
        let countWidth = 7
        let stateWidth = 10
        let causeWidth = max(20, (width - 4 - countWidth - stateWidth) / 2)
        let objectWidth = width - 4 - countWidth - stateWidth - causeWidth - 3
        grid.put(TextLayout.fit("   " + TextLayout.fit("Cause", causeWidth) + " " + TextLayout.fit("Object", objectWidth)
            + " " + TextLayout.fit("State", stateWidth) + " " + TextLayout.rightAlign("Count", countWidth), width),
                 x: 0, y: top, role: .header)
        let failures = state.failures
        guard !failures.groups.isEmpty else {
            let text = failures.loaded ? "\(g.ok) No failed or blocked records." : "Loading…"
            grid.put(" " + text, x: 0, y: top + 1, role: failures.loaded ? .ok : .dim)
            return
        }
        let canRetry = KeyTable.standard.bindings.first { $0.command == .retrySelected }
            .map { KeyTable.standard.isPermitted($0, in: state) } ?? false
        let lines = failures.lines
        let rows = Layout.failureRows(grid.height)
        for i in 0..<rows {
            let index = failures.cursor.top + i
            guard lines.indices.contains(index) else { break }
            let y = top + 1 + i
            let selected = index == failures.cursor.selected
            var spans: [(text: String, role: StyleRole)]
            switch lines[index] {
            case .group(let gi):
                let group = failures.groups[gi]
                let open = failures.expanded.contains(group.key)
                let st = Format.state(group.state.rawValue, g)
                spans = [(" \(open ? g.expanded : g.collapsed) ", .accent),
                         (TextLayout.fit(group.code, causeWidth, marker: g.ellipsis) + " ", .error),
                         (TextLayout.fit(group.object ?? "", objectWidth, marker: g.ellipsis) + " ", .text),
                         (TextLayout.fit(st.text, stateWidth) + " ", st.role),
                         (Format.count(group.count, countWidth), .text)]
            case .record(let gi, let ri):
                let record = failures.groups[gi].records[ri]
                spans = [("     " + TextLayout.fit("wi:\(record.id)", 10) + " ", .dim),
                         (TextLayout.fit(record.ref, max(10, width - 28), marker: g.ellipsis), .text)]
            }
            if selected {
                spans = spans.map { ($0.text, .selection) }
                grid.fill(x: 0, y: y, width: width, height: 1, role: .selection)
            }
            StyledLine(spans).draw(into: &grid, x: 0, y: y, width: width, marker: g.ellipsis)
            if selected { grid.put(">", x: 0, y: y, role: .selection, attributes: .bold) }
            grid.addRegion(HitRegion(x: 0, y: y, width: width, command: .selectRow(index)))
            if case .record = lines[index], canRetry {
                let button = "[Retry]"
                let x = width - TextLayout.width(of: button) - 2
                grid.put(button, x: x, y: y, role: selected ? .selection : .accent, attributes: .bold)
                grid.addRegion(HitRegion(x: x, y: y, width: TextLayout.width(of: button), command: .retryRow(index)))
            }
        }
        drawDetail(&grid, state)
    }

    /// The selected group's message and remedy, under the list.
    private static func drawDetail(_ grid: inout CellGrid, _ state: AppState) {
        guard let line = state.failures.selectedLine else { return }
        let g = state.glyphs
        let group = state.failures.groups[line.groupIndex]
        var y = Layout.contentTop() + Layout.contentHeight(grid.height) - Layout.failureDetailLines
        grid.put(String(repeating: g.horizontal, count: grid.width), x: 0, y: y, role: .dim)
        y += 1
        let shown = group.records.count < group.count ? " (first \(group.records.count) listed)" : ""
        let lines: [StyledLine] = [
            StyledLine([("What happened  ", .header), (group.message ?? "no message recorded", .text)]),
            StyledLine([("What to do     ", .header), (group.remedy ?? "no remedy recorded; see the trace", .warn)]),
            StyledLine([("Records        ", .header),
                        ("\(group.count)\(shown) \(g.dot) Enter opens \(g.dot) r retries a record \(g.dot) R retries all", .dim)]),
        ]
        for l in lines {
            l.draw(into: &grid, x: 1, y: y, width: grid.width - 2, marker: g.ellipsis)
            y += 1
        }
    }

    /// One text per selectable line, for `/` search and `n`/`N`.
    static func searchableLines(_ state: AppState) -> [String] {
        state.failures.lines.map { line in
            switch line {
            case .group(let gi):
                let group = state.failures.groups[gi]
                return [group.code, group.object ?? "", group.message ?? "", group.remedy ?? ""].joined(separator: " ")
            case .record(let gi, let ri):
                let record = state.failures.groups[gi].records[ri]
                return "wi:\(record.id) \(record.ref)"
            }
        }
    }
}
