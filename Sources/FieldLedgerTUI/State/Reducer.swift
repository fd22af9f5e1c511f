import FieldLedgerCore
import Foundation

/// The console's state machine: applies `action` to `state` and returns the effects to run.
/// Pure: no terminal, no store, no clock (time arrives as `.tick`).
public func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .start:
        state.chain = .checking
        state.payments.loading = true
        return [.loadOverview, .loadLog(filter: state.log.filter, anchor: .newest), .loadFailures,
                .loadPayments(filter: state.payments.filter, after: nil), .loadRules, .loadConflicts, .verifyChain]
    case .key(let key):
        return Reducer.key(key, &state)
    case .mouse(let event):
        return Reducer.mouse(event, &state)
    case .resize(let width, let height):
        state.width = width
        state.height = height
        Reducer.clampCursors(&state)
        return []
    case .tick(let date):
        state.now = date
        return []
    case .storeChanged:
        var effects: [Effect] = [.loadOverview, .loadFailures]
        if state.log.isAtTop { effects.append(.loadLog(filter: state.log.filter, anchor: .newest)) }
        else { state.log.newEvents = true }
        if state.overlay == .trace, !state.trace.reference.isEmpty { effects.append(.loadTrace(state.trace.reference)) }
        effects += Reducer.reloadPaymentsIfFirstPage(&state)
        return effects + Reducer.paneLists(state)
    case .overviewLoaded(let model):
        state.overview = model
        return []
    case .logLoaded(let filter, let anchor, let rows, let pageSize):
        guard filter == state.log.filter else { return [] }
        Reducer.applyLogPage(&state, anchor: anchor, rows: rows, full: rows.count >= pageSize)
        return []
    case .failuresLoaded(let groups):
        let previous = state.failures.selectedLine.map { line -> String in
            let group = state.failures.groups[line.groupIndex]
            if case .record(_, let r) = line { return "r\(group.records[r].id)" }
            return "g" + group.key
        }
        state.failures.groups = groups
        state.failures.loaded = true
        state.failures.expanded = state.failures.expanded.intersection(groups.map(\.key))
        // Keep the same group or record selected across a reload when it still exists.
        let lines = state.failures.lines
        let index = lines.firstIndex { line in
            let group = groups[line.groupIndex]
            if case .record(_, let r) = line { return previous == "r\(group.records[r].id)" }
            return previous == "g" + group.key
        } ?? state.failures.cursor.selected
        state.failures.cursor.select(index, count: lines.count, visible: Layout.failureRows(state.height))
        return []
    case .traceLoaded(let reference, let result):
        guard reference == state.trace.reference else { return [] }
        state.trace.loading = false
        switch result {
        case .found(let model):
            state.trace.model = model
            state.trace.notice = nil
        case .ambiguous(let candidates):
            state.trace.model = nil
            state.trace.notice = "\"\(reference)\" names several records; trace one of: " + candidates.joined(separator: ", ")
        case .unknown:
            state.trace.model = nil
            state.trace.notice = "No record is known by \"\(reference)\". Try an invoice number, an ERP document number or wi:ID."
        }
        return []
    case .paymentsLoaded(let filter, let after, let page, let pageSize):
        Reducer.applyPaymentsPage(&state, filter: filter, after: after, page: page, full: page.rows.count >= pageSize)
        return []
    case .chainChecked(let chain):
        state.chain = chain
        return []
    case .commandFinished(let message):
        state.message = message
        return [.loadFailures, .loadOverview]
    case .rulesLoaded(let rows):
        Reducer.applyRulesLoaded(rows, &state)
        return []
    case .conflictsLoaded(let rows):
        Reducer.applyConflictsLoaded(rows, &state)
        return []
    case .ruleChecked(let revision, let issues, let suggestions):
        Reducer.applyRuleCheck(revision: revision, issues: issues, suggestions: suggestions, &state)
        return []
    case .rulesPreviewed(let changes, let preview):
        Reducer.applyPreview(changes, preview, &state)
        return []
    case .rulesApplied(let message, let saved):
        return Reducer.applySaved(message, saved: saved, &state)
    case .loadFailed(let text):
        state.mappings.editor?.busy = false
        state.message = StatusMessage(text, isError: true)
        state.log.loading = false
        state.trace.loading = false
        state.payments.loading = false
        return []
    }
}

/// The parts of `reduce`, by topic (see the `Reducer+*.swift` files).
enum Reducer {
    static func clampCursors(_ state: inout AppState) {
        state.log.cursor.select(state.log.cursor.selected, count: state.log.rows.count, visible: Layout.logRows(state.height))
        let lines = state.failures.lines.count
        state.failures.cursor.select(state.failures.cursor.selected, count: lines, visible: Layout.failureRows(state.height))
        state.payments.cursor.select(state.payments.cursor.selected, count: state.payments.rows.count,
                                     visible: Layout.paymentRows(state.height))
        state.mappings.cursor.select(state.mappings.cursor.selected, count: state.mappings.visible.count,
                                     visible: Layout.ruleRows(state.height))
        state.conflicts.cursor.select(state.conflicts.cursor.selected, count: state.conflicts.visible.count,
                                      visible: Layout.conflictRows(state.height))
    }

    static func applyLogPage(_ state: inout AppState, anchor: SyncLogQuery.Anchor, rows: [LogRow], full: Bool) {
        var log = state.log
        let visible = Layout.logRows(state.height)
        log.loading = false
        log.loaded = true
        switch anchor {
        case .newest:
            let keepSelection = log.isAtTop
            log.rows = rows
            log.hasOlder = full
            log.hasNewer = false
            log.newEvents = false
            if keepSelection { log.cursor = ListCursor() }
        case .before:
            log.rows += rows
            log.hasOlder = full
            let excess = log.rows.count - Layout.logWindow
            if excess > 0 {
                log.rows.removeFirst(excess)
                log.cursor.selected -= excess
                log.cursor.top = max(0, log.cursor.top - excess)
                log.hasNewer = true
            }
        case .after:
            log.rows = rows + log.rows
            log.hasNewer = full
            log.cursor.selected += rows.count
            log.cursor.top += rows.count
            let excess = log.rows.count - Layout.logWindow
            if excess > 0 {
                log.rows.removeLast(excess)
                log.hasOlder = true
            }
        case .oldest:
            log.rows = rows
            log.hasOlder = false
            log.hasNewer = full
            log.cursor.selected = rows.count - 1
        }
        log.cursor.select(log.cursor.selected, count: log.rows.count, visible: visible)
        state.log = log
    }
}
