import FieldLedgerCore
import Testing
@testable import FieldLedgerTUI

@Suite struct KeyTableTests {
    @Test func noKeyIsBoundTwiceInOneView() {
        for pane in Pane.allCases {
            for overlay in [nil, Overlay.help, Overlay.trace] {
                var state = loadedState()
                state.pane = pane
                state.overlay = overlay
                let keys = KeyTable.standard.bindings.filter { KeyTable.standard.isAvailable($0, in: state) }.flatMap(\.keys)
                #expect(Set(keys).count == keys.count, "duplicate key in \(pane) \(String(describing: overlay))")
            }
        }
    }

    @Test func theHelpScreenListsEveryPermittedBinding() {
        let state = loadedState(role: .finance)
        let help = HelpScreen.lines(state).map(\.text)
        for binding in KeyTable.standard.bindings {
            #expect(help.contains { $0.hasPrefix(TextLayout.fit(binding.keyLabel(ascii: false), 22) + binding.description) },
                    "help lacks \(binding.description)")
        }
    }

    @Test func readOnlyAndMissingRolesHideChangesFromHelpAndBar() {
        for state in [loadedState(readOnly: true), loadedState(role: .viewer), loadedState(role: nil)] {
            var s = state
            s.pane = .failures
            let help = HelpScreen.lines(s).map(\.text).joined(separator: "\n")
            #expect(!help.contains("Retry the selected record"))
            #expect(!KeyTable.standard.barEntries(in: s).contains { $0.command == .retrySelected })
            let bar = render(s, width: 80, height: 24).line(23)
            #expect(!bar.contains("Retry"))
        }
        var operatorState = loadedState()
        operatorState.pane = .failures
        #expect(render(operatorState, width: 80, height: 24).line(23).contains("rRetry"))
    }

    @Test func theKeyBarIsTheTableAndEveryEntryIsClickable() {
        for pane in Pane.allCases {
            var state = loadedState()
            state.pane = pane
            let grid = render(state, width: 132, height: 43)
            let bar = grid.line(42)
            let entries = KeyTable.standard.barEntries(in: state)
            let regions = grid.regions.filter { $0.y == 42 }
            #expect(regions.map(\.command) == entries.map(\.command))
            for (entry, region) in zip(entries, regions) {
                let text = entry.keys[0].label + (entry.barLabel ?? "")
                let start = bar.index(bar.startIndex, offsetBy: region.x)
                #expect(bar[start...].hasPrefix(text))
            }
        }
    }

    @Test func clickingTheKeyBarActsOnRelease() {
        var state = loadedState()
        let bar = render(state, width: 80, height: 24).line(23)
        let x = bar.distance(from: bar.startIndex, to: bar.range(of: "3Failures")!.lowerBound) + 2
        #expect(reduce(&state, .mouse(MouseEvent(x: x, y: 23, kind: .press))) == [])
        #expect(state.pane == .overview)
        _ = reduce(&state, .mouse(MouseEvent(x: x, y: 23, kind: .release)))
        #expect(state.pane == .failures)
        let help = bar.distance(from: bar.startIndex, to: bar.range(of: "F1Help")!.lowerBound)
        _ = reduce(&state, .mouse(MouseEvent(x: help, y: 23, kind: .release)))
        #expect(state.overlay == .help)
    }

    @Test func clickingATabSwitchesPanes() {
        var state = loadedState()
        let tabs = render(state, width: 80, height: 24).line(0)
        let x = tabs.distance(from: tabs.startIndex, to: tabs.range(of: "2 Sync log")!.lowerBound)
        _ = reduce(&state, .mouse(MouseEvent(x: x, y: 0, kind: .release)))
        #expect(state.pane == .syncLog)
    }

    @Test func clickingRetryRetriesThatRecord() {
        var state = loadedState()
        _ = reduce(&state, .key(.char("3")))
        _ = reduce(&state, .key(.enter))
        let grid = render(state, width: 80, height: 24)
        let row = 4  // the second record of the expanded group
        let line = grid.line(row)
        #expect(line.contains("INV-1003"))
        let x = line.distance(from: line.startIndex, to: line.range(of: "[Retry]")!.lowerBound) + 1
        #expect(reduce(&state, .mouse(MouseEvent(x: x, y: row, kind: .release))) == [.retry([14])])
        #expect(state.failures.selectedLine == .record(group: 0, record: 1))
        // A click elsewhere on the row only selects it.
        #expect(reduce(&state, .mouse(MouseEvent(x: 10, y: 3, kind: .release))) == [])
        #expect(state.failures.selectedLine == .record(group: 0, record: 0))
    }

    @Test func theWheelScrolls() {
        var state = loadedState()
        state.pane = .syncLog
        _ = reduce(&state, .mouse(MouseEvent(x: 5, y: 5, kind: .wheelDown)))
        #expect(state.log.cursor.selected == 3)
        _ = reduce(&state, .mouse(MouseEvent(x: 5, y: 5, kind: .wheelUp)))
        #expect(state.log.cursor.selected == 0)
    }
}
