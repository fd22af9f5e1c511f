import FieldLedgerCore

/// The Conflicts pane: `/` narrows the list, Enter shows the selected conflict whole.
extension Reducer {
    static func applyConflictsLoaded(_ rows: [ConflictRow], _ state: inout AppState) {
        let selected = state.conflicts.selected?.id
        state.conflicts.rows = rows
        state.conflicts.loaded = true
        let visible = state.conflicts.visible
        let index = visible.firstIndex { $0.id == selected } ?? state.conflicts.cursor.selected
        state.conflicts.cursor.select(index, count: visible.count, visible: Layout.conflictRows(state.height))
    }

    static func filterConflicts(_ text: String, _ state: inout AppState) {
        state.conflicts.filter = text
        state.conflicts.showDetail = false
        state.conflicts.cursor = ListCursor()
        let count = state.conflicts.visible.count
        state.message = text.isEmpty ? StatusMessage("Showing every conflict.")
            : StatusMessage("\(count) conflict\(count == 1 ? "" : "s") match \"\(text)\"; / with nothing shows all.")
    }
}
