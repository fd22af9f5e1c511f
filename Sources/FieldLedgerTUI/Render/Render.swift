import FieldLedgerCore
import Foundation

/// Draws the whole console for `state` into a `width × height` grid. Pure: the same state and
/// size always give the same grid, which is what the snapshot tests compare.
public func render(_ state: AppState, width: Int, height: Int) -> CellGrid {
    var grid = CellGrid(width: width, height: height)
    if Layout.isTooSmall(width: width, height: height) {
        Chrome.tooSmall(&grid, state)
        return grid
    }
    Chrome.tabs(&grid, state)
    switch state.overlay {
    case .help: HelpScreen.draw(&grid, state)
    case .trace: TraceScreen.draw(&grid, state)
    case nil:
        switch state.pane {
        case .overview: OverviewScreen.draw(&grid, state)
        case .syncLog: SyncLogScreen.draw(&grid, state)
        case .failures: FailuresScreen.draw(&grid, state)
        case .payments: PaymentsScreen.draw(&grid, state)
        case .mappings: MappingsScreen.draw(&grid, state)
        case .conflicts: ConflictsScreen.draw(&grid, state)
        }
    }
    Chrome.messageLine(&grid, state)
    Chrome.statusBar(&grid, state)
    Chrome.keyBar(&grid, state)
    return grid
}

/// The parts every screen shares: tabs, message line, status bar, key bar.
enum Chrome {
    static func tooSmall(_ grid: inout CellGrid, _ state: AppState) {
        let dash = state.ascii ? "-" : "—"
        let times = state.ascii ? "x" : "×"
        let lines = ["Terminal too small \(dash) need \(Layout.minimumWidth)\(times)\(Layout.minimumHeight)",
                     "(now \(grid.width)\(times)\(grid.height)); enlarge the window. Q quits."]
        let top = max(0, grid.height / 2 - 1)
        for (n, line) in lines.enumerated() {
            let text = TextLayout.truncate(line, to: grid.width, marker: state.glyphs.ellipsis)
            let x = max(0, (grid.width - TextLayout.width(of: text)) / 2)
            grid.put(text, x: x, y: top + n, role: n == 0 ? .warn : .text)
        }
    }

    static func tabs(_ grid: inout CellGrid, _ state: AppState) {
        grid.fill(x: 0, y: 0, width: grid.width, height: 1, role: .title)
        // The product name only where it leaves room for every tab.
        var x = grid.width >= 100 ? grid.put(" FieldLedger ", x: 0, y: 0, role: .title, attributes: .bold) : 0
        for pane in Pane.allCases {
            let active = state.overlay == nil && state.pane == pane
            let label = active ? "[\(pane.rawValue) \(pane.title)]" : " \(pane.rawValue) \(pane.title) "
            let w = grid.put(label, x: x, y: 0, role: active ? .selection : .title, attributes: active ? .bold : [])
            grid.addRegion(HitRegion(x: x, y: 0, width: w, command: .showPane(pane)))
            x += w
        }
        let crumb: String? = switch state.overlay {
        case .help: "\(state.glyphs.collapsed) Help"
        case .trace: "\(state.glyphs.collapsed) Trace \(state.trace.reference)"
        case nil: nil
        }
        // The overlay names itself in its heading too; the crumb is shown only where it fits whole.
        if let crumb, x + 1 + TextLayout.width(of: crumb) <= grid.width {
            grid.put(" " + crumb, x: x, y: 0, role: .title, attributes: .bold)
        }
    }

    static func messageLine(_ grid: inout CellGrid, _ state: AppState) {
        let y = Layout.messageRow(grid.height)
        let marker = state.glyphs.ellipsis
        switch state.mode {
        case .filter(let text):
            let label = state.overlay == nil && state.pane == .syncLog
                ? "Filter (words, action:X, state:failed, actor:NAME; Enter applies, Esc cancels): "
                : state.overlay == nil && state.pane == .conflicts ? "Filter conflicts (record, field, value; Enter applies): " : "Search: "
            let x = grid.put(label, x: 0, y: y, role: .accent)
            grid.put(tail(text, grid.width - x - 1) + "_", x: x, y: y, role: .input)
        case .command(let text):
            grid.put(":" + tail(text, grid.width - 2) + "_", x: 0, y: y, role: .input)
        case .confirm(let prompt, _):
            grid.put(TextLayout.truncate("? " + prompt, to: grid.width, marker: marker), x: 0, y: y, role: .warn, attributes: .bold)
        case .normal:
            guard let message = state.message else { return }
            let text = message.isError ? "\(state.glyphs.failed) \(message.text)" : message.text
            grid.put(TextLayout.truncate(text, to: grid.width, marker: marker), x: 0, y: y,
                     role: message.isError ? .error : .accent)
        }
    }

    /// The end of a long input, so the cursor stays visible.
    static func tail(_ text: String, _ columns: Int) -> String {
        var out = ""
        for c in text.reversed() {
            if TextLayout.width(of: out) + TextLayout.width(of: c) > max(0, columns) { break }
            out.insert(c, at: out.startIndex)
        }
        return out
    }

    static func statusBar(_ grid: inout CellGrid, _ state: AppState) {
        let y = Layout.statusRow(grid.height)
        grid.fill(x: 0, y: y, width: grid.width, height: 1, role: .status)
        let dot = " \(state.glyphs.dot) "
        let s = state.session
        var parts = [" \(s.user)", s.role?.rawValue ?? "no role", s.readOnly ? "RO" : "RW"]
        var engine = "engine: ?"
        var sync = "last sync: ?"
        if let overview = state.overview {
            let g = state.glyphs
            switch EngineHealthModel.liveness(overview.engine, at: state.now) {
            case .alive:
                let running = overview.lastRun.flatMap { $0.status == "running" ? " (run \($0.id))" : nil } ?? ""
                engine = "engine \(g.ok) alive" + running
            case .stale(let age): engine = "engine \(g.failed) stale \(Format.duration(age))"
            case .never: engine = "engine: never seen"
            }
            sync = overview.lastFinishedAt.map { "last sync \(Format.duration(state.now.timeIntervalSince($0))) ago" }
                ?? "last sync: never"
        }
        parts += [engine, sync]
        // A filter that matches little reads far into a long trail: say so while it does.
        if !state.log.filter.isEmpty { parts.append("filter: \(state.log.filter)" + (state.log.loading ? " (searching)" : "")) }
        if state.overlay == nil {
            switch state.pane {
            case .syncLog where !state.log.rows.isEmpty:
                parts.append("row \(state.log.cursor.selected + 1)/\(state.log.rows.count)\(state.log.hasOlder ? "+" : "")"
                             + (state.log.newEvents ? " new above" : ""))
            case .failures where !state.failures.groups.isEmpty:
                parts.append("\(state.failures.cursor.selected + 1)/\(state.failures.lines.count)")
            default: break
            }
        }
        let left = parts.joined(separator: dot)
        let store = "store: \(s.storePath) "
        let room = grid.width - TextLayout.width(of: left) - 3
        grid.put(TextLayout.truncate(left, to: grid.width, marker: state.glyphs.ellipsis), x: 0, y: y, role: .status)
        if room >= 16 {
            let shown = TextLayout.width(of: store) <= room ? store
                : "store: " + state.glyphs.ellipsis + String(s.storePath.suffix(max(1, room - 9))) + " "
            grid.put(shown, x: grid.width - TextLayout.width(of: shown), y: y, role: .status)
        }
    }

    /// The clickable function-key bar: the visible bindings of the key table for this view.
    static func keyBar(_ grid: inout CellGrid, _ state: AppState) {
        let y = Layout.keyBarRow(grid.height)
        grid.fill(x: 0, y: y, width: grid.width, height: 1, role: .keybar)
        var x = 0
        var entries = KeyTable.standard.barEntries(in: state)
        let needed = entries.reduce(0) { sum, binding in
            sum + TextLayout.width(of: binding.keys.first.map { state.ascii ? $0.asciiLabel : $0.label } ?? "")
                + TextLayout.width(of: binding.barLabel ?? "") + 1
        } - 1
        // When the view's own keys would not fit, the pane jumps go first: the tabs are clickable too.
        if needed > grid.width {
            entries.removeAll { if case .showPane = $0.command { return true }; return false }
        }
        for binding in entries {
            guard let label = binding.barLabel, let key = binding.keys.first else { continue }
            let keyText = state.ascii ? key.asciiLabel : key.label
            let width = TextLayout.width(of: keyText) + TextLayout.width(of: label)
            if x + width > grid.width { break }
            grid.put(keyText, x: x, y: y, role: .keybarKey)
            grid.put(label, x: x + TextLayout.width(of: keyText), y: y, role: .keybar)
            grid.addRegion(HitRegion(x: x, y: y, width: width, command: binding.command))
            x += width + 1
        }
    }
}
