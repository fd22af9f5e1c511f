/// Help: every key the current user may use, generated from the key table.
enum HelpScreen {
    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        let g = state.glyphs
        let top = Layout.contentTop()
        grid.put(TextLayout.fit(" Help \(g.dot) keys (q closes)", grid.width), x: 0, y: top, role: .header)
        let lines = self.lines(state)
        for i in 0..<Layout.textRows(grid.height) {
            let index = state.helpScroll + i
            guard lines.indices.contains(index) else { break }
            lines[index].draw(into: &grid, x: 1, y: top + 1 + i, width: grid.width - 2, marker: g.ellipsis)
        }
    }

    /// One line per permitted binding, plus notes on mode and mouse.
    static func lines(_ state: AppState) -> [StyledLine] {
        let table = KeyTable.standard
        var out: [StyledLine] = []
        // The editor's keys lead the table (they win while it is open) but are read last.
        let editor: (KeyBinding) -> Bool = { $0.scope == .ruleForm || $0.scope == .rulePreview }
        let ordered = table.bindings.filter { !editor($0) } + table.bindings.filter(editor)
        for binding in ordered where table.isPermitted(binding, in: state) {
            let scope: String = switch binding.scope {
            case .global: ""
            case .panes(let panes): " (" + Pane.allCases.filter { panes.contains($0) }.map(\.title).joined(separator: ", ") + ")"
            case .trace: " (Trace)"
            case .help: " (Help)"
            case .ruleForm: " (rule editor)"
            case .rulePreview: " (rule preview)"
            }
            out.append(StyledLine([(text: TextLayout.fit(binding.keyLabel(ascii: state.ascii), 22), role: .accent),
                                   (text: binding.description + scope, role: .text)]))
        }
        out.append(StyledLine(""))
        if state.session.readOnly {
            out.append(StyledLine("Read-only: keys that change records are hidden and refused.", .warn))
        } else if let hidden = hiddenForRole(state) {
            out.append(StyledLine(hidden, .warn))
        }
        out.append(StyledLine("Mouse: click a tab, a key-bar entry, a row or [Retry]; the wheel scrolls. "
            + (state.mouseEnabled ? "On (hold Shift to select text)." : "Off."), .dim))
        return out
    }

    private static func hiddenForRole(_ state: AppState) -> String? {
        let hidden = KeyTable.standard.bindings.filter { !KeyTable.standard.isPermitted($0, in: state) }
        guard let needed = hidden.compactMap(\.needsRole).min() else { return nil }
        return "Your role (\(state.session.role?.rawValue ?? "none")) hides keys that need \(needed.rawValue): "
            + hidden.map { $0.keyLabel(ascii: state.ascii) }.joined(separator: ", ")
    }
}
