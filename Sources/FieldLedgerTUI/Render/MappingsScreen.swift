import FieldLedgerCore

/// Mappings: one rule table at a time (←/→ walk the tables), each rule with what it matches, its
/// target, and a flagged problem when Business Central no longer supports it; the rule editor
/// (`RuleEditorScreen`) takes the pane while it is open.
enum MappingsScreen {
    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        if state.mappings.editor != nil {
            RuleEditorScreen.draw(&grid, state)
            return
        }
        let g = state.glyphs
        let top = Layout.contentTop()
        let width = grid.width
        let mappings = state.mappings
        let kinds = PostingRule.Kind.allCases
        let position = (kinds.firstIndex(of: mappings.kind) ?? 0) + 1
        let count = mappings.visible.count
        let table = StyledLine([(" Table ", .header), ("\(g.collapsed) \(mappings.kind.title) ", .accent),
                                ("(\(count) rule\(count == 1 ? "" : "s"), table \(position) of \(kinds.count); \(Key.left.label(state.ascii))/\(Key.right.label(state.ascii)) change tables)", .dim)])
        table.draw(into: &grid, x: 0, y: top, width: width, marker: g.ellipsis)
        let idWidth = 6
        let targetWidth = width >= 120 ? 24 : 14
        let problemWidth = width >= 120 ? 30 : 14
        let buttonWidth = canEdit(state) ? 7 : 0
        let matchWidth = max(10, width - 1 - idWidth - targetWidth - problemWidth - buttonWidth - 5)
        grid.put(TextLayout.fit(" " + TextLayout.rightAlign("Rule", idWidth) + " " + TextLayout.fit("Matches", matchWidth) + " "
            + TextLayout.fit("\(g.arrow) Target", targetWidth) + " " + TextLayout.fit("Problem", problemWidth), width),
                 x: 0, y: top + 1, role: .header)
        let rows = mappings.visible
        guard !rows.isEmpty else {
            let text = !mappings.loaded ? "Loading…"
                : "The \(mappings.kind.title) table is empty. a adds a rule (finance role)."
            grid.put(TextLayout.truncate(" " + text, to: width, marker: g.ellipsis), x: 0, y: top + 2, role: .dim)
            drawDetail(&grid, state)
            return
        }
        for i in 0..<Layout.ruleRows(grid.height) {
            let index = mappings.cursor.top + i
            guard rows.indices.contains(index) else { break }
            let row = rows[index]
            let y = top + 2 + i
            let selected = index == mappings.cursor.selected
            let problem: (String, StyleRole) = row.problem.map { ("\(g.failed) \($0.code)", .error) } ?? ("\(g.ok) ok", .ok)
            var spans: [(text: String, role: StyleRole)] = [
                (" " + TextLayout.rightAlign(String(row.id), idWidth) + " ", .dim),
                (TextLayout.fit(row.match, matchWidth, marker: g.ellipsis) + " ", .text),
                (TextLayout.fit("\(g.arrow) " + row.target, targetWidth, marker: g.ellipsis) + " ", .accent),
                (TextLayout.fit(problem.0, problemWidth, marker: g.ellipsis), problem.1),
            ]
            if selected {
                spans = spans.map { ($0.text, .selection) }
                grid.fill(x: 0, y: y, width: width, height: 1, role: .selection)
            }
            StyledLine(spans).draw(into: &grid, x: 0, y: y, width: width, marker: g.ellipsis)
            if selected { grid.put(">", x: 0, y: y, role: .selection, attributes: .bold) }
            grid.addRegion(HitRegion(x: 0, y: y, width: width, command: .selectRow(index)))
            if buttonWidth > 0 {
                let button = "[Edit]"
                let x = width - TextLayout.width(of: button) - 1
                grid.put(button, x: x, y: y, role: selected ? .selection : .accent, attributes: .bold)
                grid.addRegion(HitRegion(x: x, y: y, width: TextLayout.width(of: button), command: .editRow(index)))
            }
        }
        drawDetail(&grid, state)
    }

    /// Whether the session may change rules (the core decides; this only hides the buttons).
    static func canEdit(_ state: AppState) -> Bool {
        KeyTable.standard.bindings.first { $0.command == .editRule }.map { KeyTable.standard.isPermitted($0, in: state) } ?? false
    }

    /// The selected rule's authorship and problem, and who may change rules.
    private static func drawDetail(_ grid: inout CellGrid, _ state: AppState) {
        let g = state.glyphs
        var y = Layout.contentTop() + Layout.contentHeight(grid.height) - Layout.ruleDetailLines
        grid.put(String(repeating: g.horizontal, count: grid.width), x: 0, y: y, role: .dim)
        y += 1
        var lines: [StyledLine] = []
        if let row = state.mappings.selectedRule {
            lines.append(StyledLine([("Rule \(row.id)        ", .header), (RuleIssue.describe(row.rule).isEmpty ? "" : Sanitizer.clean(RuleIssue.describe(row.rule)), .text),
                                     ("  \(g.dot) v\(row.rule.version.map(String.init) ?? "-") by \(row.author) at \(Format.time(row.createdAt, long: true))", .dim)]))
            if let problem = row.problem {
                lines.append(StyledLine([("Problem        ", .header), ("\(g.failed) \(problem.code): \(problem.reason) (affects \(problem.affected) open record\(problem.affected == 1 ? "" : "s"))", .error)]))
            } else {
                lines.append(StyledLine([("Problem        ", .header), ("\(g.ok) none: Business Central supports this rule", .ok)]))
            }
        } else {
            lines.append(StyledLine([("Rules          ", .header), (state.mappings.kind.spec.summary, .dim)]))
            lines.append(StyledLine(""))
        }
        if canEdit(state) {
            lines.append(StyledLine([("Keys           ", .header), ("e or Enter edits \(g.dot) a adds \(g.dot) d retires \(g.dot) every change is previewed and kept in the history", .dim)]))
        } else {
            let role = state.session.role?.rawValue ?? "no role"
            let why = state.session.readOnly ? "the console is read-only" : "changing rules needs the finance role; you are \(state.session.user) (\(role))"
            lines.append(StyledLine([("Read-only      ", .header), (why, .warn)]))
        }
        for line in lines {
            line.draw(into: &grid, x: 1, y: y, width: grid.width - 2, marker: g.ellipsis)
            y += 1
        }
    }
}

extension Key {
    func label(_ ascii: Bool) -> String { ascii ? asciiLabel : label }
}
