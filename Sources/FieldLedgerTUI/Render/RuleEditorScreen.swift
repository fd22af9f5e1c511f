import FieldLedgerCore

/// The rule editor: the form (one field per column the kind uses, the problems of each field
/// as typed, the picker's Business Central values), then the preview of what the change fixes
/// and changes, the reason, and the `[Apply]` / `[Apply & retry]` buttons.
enum RuleEditorScreen {
    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        guard let editor = state.mappings.editor else { return }
        switch editor.stage {
        case .form: drawForm(&grid, state, editor)
        case .preview: drawPreview(&grid, state, editor)
        }
    }

    private static func title(_ editor: RuleEditor) -> String {
        let kind = editor.kind.rawValue
        if editor.retireOnly { return "Retire \(kind) rule \(editor.replacing.map(String.init) ?? "?")" }
        if let id = editor.replacing { return "Edit \(kind) rule \(id) (saved as a new version that replaces it)" }
        return "Add a \(kind) rule"
    }

    private static func drawForm(_ grid: inout CellGrid, _ state: AppState, _ editor: RuleEditor) {
        let g = state.glyphs
        let width = grid.width
        var y = Layout.contentTop()
        grid.put(TextLayout.fit(" " + title(editor), width, marker: g.ellipsis), x: 0, y: y, role: .header, attributes: .bold)
        y += 1
        grid.put(TextLayout.truncate(" " + editor.kind.spec.summary, to: width, marker: g.ellipsis), x: 0, y: y, role: .dim)
        y += 1
        let labelWidth = 16
        let boxWidth = width >= 120 ? 34 : 24
        for (index, column) in editor.fields.enumerated() {
            y += 1
            let focused = index == editor.focus
            let value = editor.values[column] ?? ""
            let shown = focused ? Chrome.tail(value, boxWidth - 1) + "_" : TextLayout.fit(value, boxWidth, marker: g.ellipsis)
            grid.put(focused ? ">" : " ", x: 0, y: y, role: .accent, attributes: .bold)
            grid.put(TextLayout.fit(column.rawValue, labelWidth - 2), x: 2, y: y, role: focused ? .accent : .header)
            grid.put("[" + TextLayout.fit(shown, boxWidth) + "]", x: labelWidth, y: y, role: focused ? .input : .text)
            grid.addRegion(HitRegion(x: 0, y: y, width: labelWidth + boxWidth + 2, command: .editorFocus(index)))
            let x = labelWidth + boxWidth + 3
            let note: (String, StyleRole)
            if let issue = editor.issues(for: column).first {
                note = ("\(g.failed) \(issue.code): \(issue.message)", .error)
            } else if let allowed = editor.kind.spec.allowed[column] {
                note = (allowed.joined(separator: " | "), .dim)
            } else if RuleEditing.referenceEntity(for: column, of: editor.rule) != nil {
                note = ("picker: Ctrl-N / Ctrl-P", .dim)
            } else {
                note = (column == .target || editor.kind.spec.required.contains(column) ? "" : "* = any", .dim)
            }
            grid.put(TextLayout.truncate(note.0, to: max(0, width - x), marker: g.ellipsis), x: x, y: y, role: note.1)
        }
        y += 2
        let general = editor.issues(for: nil)
        let problems = editor.issues.filter { $0.code != "MISSING_REASON" }
        let focusedIssue = editor.focusedColumn.flatMap { editor.issues(for: $0).first }
        let status: StyledLine
        if !editor.checked {
            status = StyledLine(" Checking…", .dim)
        } else if problems.isEmpty {
            status = StyledLine(" \(g.ok) No problems: F2 previews what it fixes before anything is saved.", .ok)
        } else {
            let first = focusedIssue ?? general.first ?? problems[0]
            status = StyledLine([(" \(g.failed) \(problems.count) problem\(problems.count == 1 ? "" : "s"): ", .error),
                                 (first.description, .text)])
        }
        status.draw(into: &grid, x: 0, y: y, width: width, marker: g.ellipsis)
        y += 1
        if let entity = editor.pickerEntity {
            y += 1
            let heading = editor.suggestions.isEmpty ? " Business Central \(entity): nothing matches what is typed"
                : " Business Central \(entity) (Ctrl-N/Ctrl-P or a click picks, Enter takes):"
            grid.put(TextLayout.truncate(heading, to: width, marker: g.ellipsis), x: 0, y: y, role: .header)
            let room = Layout.contentTop() + Layout.contentHeight(grid.height) - 2 - y
            for (index, hit) in editor.suggestions.prefix(max(0, room)).enumerated() {
                y += 1
                let picked = index == editor.suggestion
                let blocked = hit.blocked ? "  \(g.failed) blocked" : ""
                let text = (picked ? " > " : "   ") + TextLayout.fit(hit.code, 16) + " " + hit.name + blocked
                if picked { grid.fill(x: 0, y: y, width: width, height: 1, role: .selection) }
                grid.put(TextLayout.truncate(text, to: width, marker: g.ellipsis), x: 0, y: y,
                         role: picked ? .selection : (hit.blocked ? .warn : .text))
                grid.addRegion(HitRegion(x: 0, y: y, width: width, command: .editorPick(index)))
            }
        }
        buttons(&grid, state, [("[Preview]", .editorPreview), ("[Cancel]", .editorBack)],
                hint: "Tab/\(Key.down.label(state.ascii)) next field \(g.dot) F2 preview \(g.dot) Esc cancels")
    }

    private static func drawPreview(_ grid: inout CellGrid, _ state: AppState, _ editor: RuleEditor) {
        let g = state.glyphs
        let width = grid.width
        var y = Layout.contentTop()
        grid.put(TextLayout.fit(" Preview \(g.dot) " + title(editor), width, marker: g.ellipsis), x: 0, y: y, role: .header, attributes: .bold)
        y += 1
        let change = editor.retireOnly ? "retires rule \(editor.replacing.map(String.init) ?? "?")"
            : Sanitizer.clean(RuleIssue.describe(editor.rule)).replacingOccurrences(of: "→", with: g.arrow)
                + (editor.replacing.map { " (replaces rule \($0))" } ?? "")
        grid.put(TextLayout.truncate(" Change: " + change, to: width, marker: g.ellipsis), x: 0, y: y, role: .text)
        y += 1
        var lines: [StyledLine] = []
        if let preview = editor.preview {
            lines = previewLines(preview, g)
        } else {
            lines = [StyledLine(" Computing the preview: re-validating failed, pending and posted records with the change…", .dim)]
        }
        let reasonRows = 4
        let room = Layout.contentTop() + Layout.contentHeight(grid.height) - reasonRows - y
        for line in lines.prefix(max(0, room)) {
            y += 1
            line.draw(into: &grid, x: 0, y: y, width: width, marker: g.ellipsis)
        }
        if lines.count > room, room > 0 {
            grid.put(TextLayout.truncate(" \(g.ellipsis) (\(lines.count - room + 1) more lines; fieldledger mapping preview lists them all)", to: width, marker: g.ellipsis),
                     x: 0, y: y, role: .dim)
        }
        y = Layout.contentTop() + Layout.contentHeight(grid.height) - reasonRows + 1
        let label = " Reason (kept in the history): "
        let x = grid.put(label, x: 0, y: y, role: .accent)
        grid.put(Chrome.tail(editor.reason, width - x - 2) + "_", x: x, y: y, role: .input)
        let fixes = editor.preview?.fixes.count ?? 0
        let hint = editor.busy && editor.preview != nil ? "saving…"
            : "type the reason \(g.dot) F6 applies \(g.dot) F7 applies and retries the \(fixes) fixed record\(fixes == 1 ? "" : "s") \(g.dot) Esc back"
        buttons(&grid, state, [("[Apply]", .editorApply), ("[Apply & retry]", .editorApplyRetry), ("[Back]", .editorBack)], hint: hint)
    }

    /// What the preview found, one section per kind of effect.
    static func previewLines(_ preview: RuleChangePreview, _ g: Glyphs) -> [StyledLine] {
        var out: [StyledLine] = []
        func list(_ items: [RuleChangePreview.Item], _ describe: (RuleChangePreview.Item) -> String) {
            for item in items.prefix(6) { out.append(StyledLine("     " + describe(item), .text)) }
            if items.count > 6 { out.append(StyledLine("     \(g.ellipsis) and \(items.count - 6) more", .dim)) }
        }
        let n = preview.fixes.count
        out.append(StyledLine([(" \(n > 0 ? g.ok : g.dot) Fixes \(n) failed or blocked record\(n == 1 ? "" : "s")", n > 0 ? .ok : .text)]))
        list(preview.fixes) { "\($0.sourceRef) (wi:\($0.workItemID)) was \($0.before ?? "-")" }
        if !preview.failingDifferently.isEmpty {
            let k = preview.failingDifferently.count
            out.append(StyledLine(" ! \(k) still fail\(k == 1 ? "s" : ""), for another reason (the next thing to fix)", .warn))
            list(preview.failingDifferently) { "\($0.sourceRef) (wi:\($0.workItemID)): \($0.before ?? "-") \(g.arrow) \($0.after ?? "-")" }
        }
        let p = preview.changesPending.count
        out.append(StyledLine(" \(g.dot) Changes \(p) pending posting\(p == 1 ? "" : "s")", .text))
        list(preview.changesPending) { item in item.after.map { "\(item.sourceRef) (wi:\(item.workItemID)) would fail: \($0)" } ?? "\(item.sourceRef) (wi:\(item.workItemID))" }
        let posted = preview.postedDifferently.count
        out.append(StyledLine(" \(g.dot) \(posted) posted record\(posted == 1 ? "" : "s") would have mapped differently (information only; nothing is reposted)", .dim))
        // The reason is typed below; every other issue stops the change.
        let issues = preview.issues.filter { $0.code != "MISSING_REASON" }
        if !issues.isEmpty {
            out.append(StyledLine(" \(g.failed) This change cannot be saved as it is (Esc goes back to the form):", .error))
            for issue in issues { out.append(StyledLine("     " + issue.description, .error)) }
        }
        return out
    }

    /// The buttons and a key hint on the pane's last line.
    private static func buttons(_ grid: inout CellGrid, _ state: AppState, _ buttons: [(String, Command)], hint: String) {
        let y = Layout.contentTop() + Layout.contentHeight(grid.height) - 1
        var x = 1
        for (label, command) in buttons {
            let w = grid.put(label, x: x, y: y, role: .accent, attributes: .bold)
            grid.addRegion(HitRegion(x: x, y: y, width: w, command: command))
            x += w + 2
        }
        grid.put(TextLayout.truncate(hint, to: max(0, grid.width - x - 1), marker: state.glyphs.ellipsis), x: x, y: y, role: .dim)
    }
}
