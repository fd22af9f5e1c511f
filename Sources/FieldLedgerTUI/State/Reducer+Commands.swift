import FieldLedgerCore

extension Reducer {
    /// Carries out one command of the key table (from a key, a key-bar click or a button).
    static func run(_ command: Command, _ state: inout AppState) -> [Effect] {
        switch command {
        case .help:
            state.overlay = .help
            state.helpScroll = 0
        case .closeView:
            if state.overlay != nil { state.overlay = nil }
            else if state.pane == .conflicts, state.conflicts.showDetail { state.conflicts.showDetail = false }
            else { state.message = StatusMessage("Q or F10 quits the console.") }
        case .quit:
            state.quitRequested = true
        case .cancel:
            state.mode = .normal
        case .startFilter:
            let current = state.overlay == nil && state.pane == .syncLog ? state.log.filter
                : state.overlay == nil && state.pane == .conflicts ? state.conflicts.filter : state.search
            state.mode = .filter(current)
        case .startCommandLine:
            state.mode = .command("")
        case .nextMatch, .previousMatch:
            let forward = command == .nextMatch
            if state.overlay == nil && state.pane == .syncLog { return move(forward ? 1 : -1, &state) }
            guard !state.search.isEmpty else {
                state.message = StatusMessage("No search yet: / starts one.")
                return []
            }
            findMatch(forward: forward, from: currentLine(state), &state)
        case .up: return move(-1, &state)
        case .down: return move(1, &state)
        case .pageUp: return move(-pageSize(state), &state)
        case .pageDown: return move(pageSize(state), &state)
        case .top: return jumpTop(&state)
        case .bottom: return jumpBottom(&state)
        case .showPane(let pane):
            state.overlay = nil
            state.pane = pane
            return paneLists(state)
        case .nextPane, .previousPane:
            state.overlay = nil
            let all = Pane.allCases
            let index = all.firstIndex(of: state.pane) ?? 0
            state.pane = all[(index + (command == .nextPane ? 1 : all.count - 1)) % all.count]
            return paneLists(state)
        case .open:
            return open(&state)
        case .toggleExpand:
            toggleExpand(&state)
        case .retrySelected:
            return retrySelected(&state)
        case .retryRow(let line):
            let lines = state.failures.lines
            guard lines.indices.contains(line) else { return [] }
            state.failures.cursor.select(line, count: lines.count, visible: Layout.failureRows(state.height))
            return retrySelected(&state)
        case .selectRow(let row):
            selectRow(row, &state)
        case .retryGroup:
            guard let line = state.failures.selectedLine else { return [] }
            let group = state.failures.groups[line.groupIndex]
            let what = group.count == 1 ? "the 1 record" : "all \(group.count) records"
            let object = group.object.map { " (\($0))" } ?? ""
            state.mode = .confirm(prompt: "Retry \(what) of \(group.code)\(object)? y = retry, any other key = cancel",
                                  effect: .retryGroup(code: group.code, object: group.object, state: group.state))
        case .toggleMouse:
            state.mouseEnabled.toggle()
            state.message = StatusMessage(state.mouseEnabled ? "Mouse on (hold Shift to select text)." : "Mouse off: the terminal selects text.")
            return [.setMouse(state.mouseEnabled)]
        case .copyReference:
            guard let reference = selectedReference(state) else {
                state.message = StatusMessage("Nothing selected to copy.")
                return []
            }
            state.message = StatusMessage("Copied \(reference) (OSC 52).")
            return [.copyToClipboard(reference)]
        case .paymentFilter(let filter):
            return filterPayments(filter, &state)
        case .ruleKind, .addRule, .editRule, .editRow, .retireRule, .editorNextField, .editorPreviousField,
             .editorNextSuggestion, .editorPreviousSuggestion, .editorAccept, .editorFocus, .editorPick, .editorPreview,
             .editorApply, .editorApplyRetry, .editorBack:
            return runMappings(command, &state)
        case .fixMapping:
            return fixMapping(&state)
        case .refresh:
            var effects: [Effect] = [.loadOverview, .loadFailures, .loadLog(filter: state.log.filter, anchor: .newest),
                                     .loadRules, .loadConflicts]
            effects += filterPayments(state.payments.filter, &state)
            state.log.cursor = ListCursor()
            state.log.hasNewer = false
            if state.overlay == .trace, !state.trace.reference.isEmpty {
                state.chain = .checking
                effects += [.loadTrace(state.trace.reference), .verifyChain]
            }
            return effects
        }
        return []
    }

    static func pageSize(_ state: AppState) -> Int {
        switch (state.overlay, state.pane) {
        case (.some, _): return Layout.textRows(state.height)
        case (nil, .failures): return Layout.failureRows(state.height)
        case (nil, .payments): return Layout.paymentRows(state.height)
        case (nil, .mappings): return Layout.ruleRows(state.height)
        case (nil, .conflicts): return Layout.conflictRows(state.height)
        default: return Layout.logRows(state.height)
        }
    }

    static func move(_ delta: Int, _ state: inout AppState) -> [Effect] {
        switch state.overlay {
        case .help:
            state.helpScroll = max(0, min(state.helpScroll + delta, HelpScreen.lines(state).count - 1))
            return []
        case .trace:
            let count = TraceScreen.lines(state).count
            state.trace.scroll = max(0, min(state.trace.scroll + delta, max(0, count - 1)))
            return []
        case nil:
            break
        }
        switch state.pane {
        case .syncLog:
            var log = state.log
            log.cursor.select(log.cursor.selected + delta, count: log.rows.count, visible: Layout.logRows(state.height))
            state.log = log
            return loadMoreLogIfNeeded(&state)
        case .failures:
            let count = state.failures.lines.count
            state.failures.cursor.select(state.failures.cursor.selected + delta, count: count,
                                         visible: Layout.failureRows(state.height))
        case .payments:
            return movePayments(delta, &state)
        case .mappings:
            guard state.mappings.editor == nil else { return [] }
            selectRule(state.mappings.cursor.selected + delta, &state)
        case .conflicts:
            state.conflicts.cursor.select(state.conflicts.cursor.selected + delta, count: state.conflicts.visible.count,
                                          visible: Layout.conflictRows(state.height))
        case .overview:
            break
        }
        return []
    }

    /// Near either end of the loaded window, ask for the next page in that direction.
    private static func loadMoreLogIfNeeded(_ state: inout AppState) -> [Effect] {
        let log = state.log
        guard !log.loading, !log.rows.isEmpty else { return [] }
        let margin = Layout.logRows(state.height)
        if log.hasOlder, log.cursor.selected >= log.rows.count - margin, let last = log.rows.last {
            state.log.loading = true
            return [.loadLog(filter: log.filter, anchor: .before(last.seq))]
        }
        if log.hasNewer, log.cursor.selected < margin, let first = log.rows.first {
            state.log.loading = true
            return [.loadLog(filter: log.filter, anchor: .after(first.seq))]
        }
        return []
    }

    private static func jumpTop(_ state: inout AppState) -> [Effect] {
        if state.overlay == nil, state.pane == .syncLog, state.log.hasNewer {
            state.log.cursor = ListCursor()
            state.log.hasNewer = false
            state.log.loading = true
            return [.loadLog(filter: state.log.filter, anchor: .newest)]
        }
        return move(-Int(Int32.max), &state)
    }

    private static func jumpBottom(_ state: inout AppState) -> [Effect] {
        if state.overlay == nil, state.pane == .syncLog, state.log.hasOlder {
            state.log.loading = true
            return [.loadLog(filter: state.log.filter, anchor: .oldest)]
        }
        return move(Int(Int32.max), &state)
    }

    private static func open(_ state: inout AppState) -> [Effect] {
        guard state.overlay == nil else { return [] }
        switch state.pane {
        case .syncLog:
            guard state.log.rows.indices.contains(state.log.cursor.selected),
                  let reference = state.log.rows[state.log.cursor.selected].reference else {
                state.message = StatusMessage("This event is not about a record; nothing to trace.")
                return []
            }
            return openTrace(reference, &state)
        case .failures:
            switch state.failures.selectedLine {
            case .group: toggleExpand(&state)
            case .record(let g, let r): return openTrace("wi:\(state.failures.groups[g].records[r].id)", &state)
            case nil: break
            }
        case .payments:
            guard let row = state.payments.selectedRow else {
                state.message = StatusMessage("No invoice selected; nothing to trace.")
                return []
            }
            return openTrace(row.reference, &state)
        case .conflicts:
            guard state.conflicts.selected != nil else {
                state.message = StatusMessage("No conflict selected.")
                return []
            }
            state.conflicts.showDetail.toggle()
        case .mappings:
            return runMappings(.editRule, &state)
        case .overview: break
        }
        return []
    }

    private static func toggleExpand(_ state: inout AppState) {
        guard state.overlay == nil, state.pane == .failures, let line = state.failures.selectedLine else { return }
        let key = state.failures.groups[line.groupIndex].key
        if state.failures.expanded.contains(key) { state.failures.expanded.remove(key) }
        else { state.failures.expanded.insert(key) }
        // Collapsing from a record moves the selection to its group.
        let lines = state.failures.lines
        let index = lines.firstIndex(of: .group(line.groupIndex)) ?? 0
        if case .record = line { state.failures.cursor.select(index, count: lines.count, visible: Layout.failureRows(state.height)) }
        else { state.failures.cursor.select(state.failures.cursor.selected, count: lines.count, visible: Layout.failureRows(state.height)) }
    }

    private static func retrySelected(_ state: inout AppState) -> [Effect] {
        switch state.failures.selectedLine {
        case .record(let g, let r):
            return [.retry([state.failures.groups[g].records[r].id])]
        case .group(let g) where state.failures.groups[g].count == 1 && state.failures.groups[g].records.count == 1:
            return [.retry([state.failures.groups[g].records[0].id])]
        case .group:
            state.message = StatusMessage("Select a record (Enter expands the group) to retry it, or R retries the whole group.")
            return []
        case nil:
            state.message = StatusMessage("No failed records.")
            return []
        }
    }

    private static func selectRow(_ row: Int, _ state: inout AppState) {
        switch state.pane {
        case .syncLog:
            state.log.cursor.select(row, count: state.log.rows.count, visible: Layout.logRows(state.height))
        case .failures:
            state.failures.cursor.select(row, count: state.failures.lines.count, visible: Layout.failureRows(state.height))
        case .payments:
            state.payments.cursor.select(row, count: state.payments.rows.count, visible: Layout.paymentRows(state.height))
        case .mappings:
            selectRule(row, &state)
        case .conflicts:
            state.conflicts.cursor.select(row, count: state.conflicts.visible.count, visible: Layout.conflictRows(state.height))
        default: break
        }
    }

    static func selectedReference(_ state: AppState) -> String? {
        if state.overlay == .trace { return state.trace.model?.subject }
        switch state.pane {
        case .syncLog:
            return state.log.rows.indices.contains(state.log.cursor.selected) ? state.log.rows[state.log.cursor.selected].reference : nil
        case .failures:
            switch state.failures.selectedLine {
            case .record(let g, let r): return state.failures.groups[g].records[r].ref
            case .group(let g): return state.failures.groups[g].code
            case nil: return nil
            }
        default: return nil
        }
    }

    /// The line `n`/`N` searches from: the selection or the scroll position.
    private static func currentLine(_ state: AppState) -> Int {
        switch state.overlay {
        case .help: return state.helpScroll
        case .trace: return state.trace.scroll
        case nil: return state.pane == .payments ? state.payments.cursor.selected : state.failures.cursor.selected
        }
    }

    /// Moves to the next (or previous) line containing the search text, wrapping around.
    static func findMatch(forward: Bool, from start: Int, _ state: inout AppState) {
        let lines: [String]
        switch state.overlay {
        case .help: lines = HelpScreen.lines(state).map(\.text)
        case .trace: lines = TraceScreen.lines(state).map(\.text)
        case nil:
            switch state.pane {
            case .failures: lines = FailuresScreen.searchableLines(state)
            case .payments: lines = PaymentsScreen.searchableLines(state)
            default: return
            }
        }
        guard !lines.isEmpty else { return }
        let needle = state.search.lowercased()
        for step in 1...lines.count {
            let i = ((start + (forward ? step : -step)) % lines.count + lines.count) % lines.count
            if lines[i].lowercased().contains(needle) {
                switch state.overlay {
                case .help: state.helpScroll = i
                case .trace: state.trace.scroll = i
                case nil where state.pane == .payments:
                    state.payments.cursor.select(i, count: lines.count, visible: Layout.paymentRows(state.height))
                case nil: state.failures.cursor.select(i, count: lines.count, visible: Layout.failureRows(state.height))
                }
                return
            }
        }
        state.message = StatusMessage("No match for \"\(state.search)\".")
    }
}
