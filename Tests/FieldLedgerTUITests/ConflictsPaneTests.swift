import FieldLedgerCore
import Testing
@testable import FieldLedgerTUI

let sampleConflicts: [ConflictRow] = [
    ConflictRow(id: 3, entity: "customer", stRef: "servicetrade:company:5", bcRef: "businesscentral:customer:C10005", field: "phoneNumber",
                stValue: "919-555-0100", bcValue: "919-555-0199", stModified: "2026-11-27T07:40:00.000Z",
                bcModified: "2026-11-27T07:10:00.000Z", rule: "newest", winner: "servicetrade", decidedAt: "2026-11-27T07:41:09.000Z",
                explanation: "servicetrade won: newest change wins (servicetrade modified 2026-11-27T07:40:00.000Z, businesscentral 2026-11-27T07:10:00.000Z); businesscentral's value \"919-555-0199\" was replaced by \"919-555-0100\""),
    ConflictRow(id: 2, entity: "customer", stRef: "servicetrade:company:9", bcRef: "businesscentral:customer:C10009", field: "taxAreaCode",
                stValue: "NC-DURHAM", bcValue: "NC-WAKE", stModified: "2026-11-27T07:30:00.000Z", bcModified: "2026-11-27T07:00:00.000Z",
                rule: "businesscentral", winner: "businesscentral", decidedAt: "2026-11-27T07:31:00.000Z",
                explanation: "businesscentral won: Business Central is the system of record for this field; servicetrade's value \"NC-DURHAM\" was replaced by \"NC-WAKE\""),
]

@Suite struct ConflictsPaneTests {
    static func conflictsState(width: Int = 80, height: Int = 24) -> AppState {
        var state = loadedState(width: width, height: height)
        _ = reduce(&state, .key(.char("6")))
        _ = reduce(&state, .conflictsLoaded(sampleConflicts))
        return state
    }

    @Test func slashFiltersTheListAndNothingClearsIt() {
        var state = Self.conflictsState()
        _ = reduce(&state, .key(.char("/")))
        for c in "tax" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.enter))
        #expect(state.conflicts.visible.map(\.id) == [2])
        #expect(state.message == StatusMessage("1 conflict match \"tax\"; / with nothing shows all."))
        _ = reduce(&state, .key(.char("/")))
        for _ in 0..<3 { _ = reduce(&state, .key(.backspace)) }
        _ = reduce(&state, .key(.char("/")))
        _ = reduce(&state, .key(.backspace))
        _ = reduce(&state, .key(.enter))
        #expect(state.conflicts.filter == "" || state.conflicts.visible.count <= 2)
    }

    @Test func enterShowsTheConflictWholeAndQGoesBack() {
        var state = Self.conflictsState()
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.enter))
        #expect(state.conflicts.showDetail)
        let screen = render(state, width: 80, height: 24).text
        #expect(screen.contains("Conflict 2"))
        #expect(screen.contains("NC-WAKE  ✓ won"))
        #expect(screen.contains("NC-DURHAM  ✗ lost"))
        _ = reduce(&state, .key(.char("q")))
        #expect(!state.conflicts.showDetail)
        #expect(state.overlay == nil)
    }

    @Test func reloadKeepsTheSelectedConflict() {
        var state = Self.conflictsState()
        _ = reduce(&state, .key(.char("j")))
        var newer = sampleConflicts
        newer.insert(ConflictRow(id: 4, entity: "customer", stRef: "servicetrade:company:1", bcRef: "businesscentral:customer:C10001",
                                 field: "displayName", stValue: "A", bcValue: "B", stModified: "?", bcModified: "?", rule: "newest",
                                 winner: "businesscentral", decidedAt: "2026-11-27T07:50:00.000Z", explanation: "x"), at: 0)
        _ = reduce(&state, .conflictsLoaded(newer))
        #expect(state.conflicts.selected?.id == 2)
    }
}
