import FieldLedgerCore

extension Reducer {
    static func key(_ key: Key, _ state: inout AppState) -> [Effect] {
        switch state.mode {
        case .normal:
            if Layout.isTooSmall(width: state.width, height: state.height) {
                // Only quitting makes sense on the "too small" screen.
                let command = KeyTable.standard.command(for: key, in: state)
                return command == .quit ? run(.quit, &state) : []
            }
            state.message = nil
            if KeyTable.isEditing(state, nil) {
                // Text goes into the editor's field; only keys that cannot be text are commands there.
                if case .char(let c) = key { return typeIntoEditor(c, &state) }
                if key == .backspace || key == .delete { return typeIntoEditor(nil, &state) }
            }
            guard let command = KeyTable.standard.command(for: key, in: state) else { return [] }
            return run(command, &state)
        case .filter(let text):
            return editLine(key, text, &state, filter: true)
        case .command(let text):
            return editLine(key, text, &state, filter: false)
        case .confirm(_, let effect):
            state.mode = .normal
            if key == .char("y") || key == .char("Y") { return [effect] }
            state.message = StatusMessage("Nothing was retried.")
            return []
        }
    }

    /// Typing into the `/` or `:` line: Enter applies, Esc cancels, ↑/↓ walk the history.
    private static func editLine(_ key: Key, _ text: String, _ state: inout AppState, filter: Bool) -> [Effect] {
        func set(_ new: String) { state.mode = filter ? .filter(new) : .command(new) }
        switch key {
        case .escape:
            state.mode = .normal
            state.historyIndex = nil
            return []
        case .enter:
            state.mode = .normal
            state.historyIndex = nil
            return filter ? applyFilter(text, &state) : runCommandLine(text, &state)
        case .backspace, .delete:
            if text.isEmpty { state.mode = .normal } else { set(String(text.dropLast())) }
            return []
        case .up, .down:
            guard !filter, !state.commandHistory.isEmpty else { return [] }
            let last = state.commandHistory.count - 1
            var index = state.historyIndex ?? (key == .up ? last + 1 : last)
            index += key == .up ? -1 : 1
            if index > last { state.historyIndex = nil; set(""); return [] }
            index = max(0, index)
            state.historyIndex = index
            set(state.commandHistory[index])
            return []
        case .char(let c):
            if TextLayout.width(of: text) < 200 { set(text + String(c)) }
            return []
        default:
            return []
        }
    }

    private static func applyFilter(_ text: String, _ state: inout AppState) -> [Effect] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if state.overlay == nil && state.pane == .syncLog {
            state.log.filter = trimmed
            state.log.cursor = ListCursor()
            state.log.hasNewer = false
            state.log.loading = true
            return [.loadLog(filter: trimmed, anchor: .newest)]
        }
        if state.overlay == nil && state.pane == .conflicts {
            filterConflicts(trimmed, &state)
            return []
        }
        state.search = trimmed
        if !trimmed.isEmpty { findMatch(forward: true, from: -1, &state) }
        return []
    }

    /// `:` commands: `trace REF`, `retry ID…`, `pane NAME`, `help`, `mouse`, `q`/`quit`.
    private static func runCommandLine(_ text: String, _ state: inout AppState) -> [Effect] {
        let line = text.trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty else { return [] }
        if state.commandHistory.last != line {
            state.commandHistory.append(line)
            if state.commandHistory.count > 100 { state.commandHistory.removeFirst() }
        }
        let words = line.split(separator: " ").map(String.init)
        let name = words[0].lowercased()
        let rest = words.dropFirst().joined(separator: " ")
        switch name {
        case "trace", "t":
            guard !rest.isEmpty else {
                state.message = StatusMessage(":trace needs a reference, e.g. :trace INV-1001 or :trace wi:42", isError: true)
                return []
            }
            return openTrace(rest, &state)
        case "retry":
            let ids = words.dropFirst().compactMap { Int64($0.hasPrefix("wi:") ? String($0.dropFirst(3)) : $0) }
            guard !ids.isEmpty, ids.count == words.count - 1 else {
                state.message = StatusMessage(":retry needs work item ids, e.g. :retry 42 43", isError: true)
                return []
            }
            return [.retry(ids)]
        case "q", "quit", "q!":
            return run(.quit, &state)
        case "help", "h":
            return run(.help, &state)
        case "mouse":
            return run(.toggleMouse, &state)
        case "pane", "p":
            let wanted = rest.lowercased()
            if let pane = Pane.allCases.first(where: {
                $0.title.lowercased().hasPrefix(wanted) || String($0.rawValue) == wanted
            }), !wanted.isEmpty {
                return run(.showPane(pane), &state)
            }
            state.message = StatusMessage(":pane needs one of " + Pane.allCases.map { $0.title.lowercased() }.joined(separator: ", "), isError: true)
            return []
        default:
            state.message = StatusMessage("Unknown command :\(name). Commands: trace REF, retry ID…, pane NAME, mouse, help, q", isError: true)
            return []
        }
    }

    static func openTrace(_ reference: String, _ state: inout AppState) -> [Effect] {
        state.overlay = .trace
        state.trace = TraceState()
        state.trace.reference = reference
        state.trace.loading = true
        var effects: [Effect] = [.loadTrace(reference)]
        if state.chain == .unchecked {
            state.chain = .checking
            effects.append(.verifyChain)
        }
        return effects
    }

    static func mouse(_ event: MouseEvent, _ state: inout AppState) -> [Effect] {
        guard state.mouseEnabled else { return [] }
        switch event.kind {
        case .press:
            return []
        case .wheelUp:
            return run(.up, &state) + run(.up, &state) + run(.up, &state)
        case .wheelDown:
            return run(.down, &state) + run(.down, &state) + run(.down, &state)
        case .release:
            if case .confirm = state.mode { return [] }
            if state.mode != .normal { state.mode = .normal }
            let grid = render(state, width: state.width, height: state.height)
            guard let region = grid.region(atX: event.x, y: event.y) else { return [] }
            state.message = nil
            return run(region.command, &state)
        }
    }
}
