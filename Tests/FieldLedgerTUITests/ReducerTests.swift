import FieldLedgerCore
import Testing
@testable import FieldLedgerTUI

@Suite struct ReducerTests {
    @Test func startLoadsEveryPane() {
        var state = makeState()
        #expect(reduce(&state, .start) == [.loadOverview, .loadLog(filter: "", anchor: .newest), .loadFailures,
                                           .loadPayments(filter: nil, after: nil), .loadRules, .loadConflicts, .verifyChain])
        #expect(state.chain == .checking)
    }

    @Test func numberKeysAndTabSwitchPanes() {
        var state = makeState()
        #expect(reduce(&state, .key(.char("3"))) == [])
        #expect(state.pane == .failures)
        _ = reduce(&state, .key(.tab))
        #expect(state.pane == .mappings)
        _ = reduce(&state, .key(.backTab))
        _ = reduce(&state, .key(.backTab))
        #expect(state.pane == .syncLog)
    }

    @Test func qClosesAViewAndQQuits() {
        var state = makeState()
        _ = reduce(&state, .key(.char("?")))
        #expect(state.overlay == .help)
        _ = reduce(&state, .key(.char("q")))
        #expect(state.overlay == nil)
        #expect(state.quitRequested == false)
        _ = reduce(&state, .key(.char("q")))
        #expect(state.message == StatusMessage("Q or F10 quits the console."))
        _ = reduce(&state, .key(.function(10)))
        #expect(state.quitRequested)
    }

    @Test func movingInTheLogPagesOlderEventsNearTheEnd() {
        var state = makeState()
        let rows = (1...200).reversed().map { logRow(Int64($0)) }
        _ = reduce(&state, .logLoaded(filter: "", anchor: .newest, rows: rows, pageSize: 200))
        _ = reduce(&state, .key(.char("2")))
        #expect(state.log.hasOlder)
        #expect(state.log.isAtTop)
        #expect(reduce(&state, .key(.pageDown)) == [])
        #expect(state.log.cursor == ListCursor(selected: 19, top: 1))
        _ = reduce(&state, .key(.end))
        #expect(state.log.loading)
        // End asked for the oldest page rather than walking there.
        var fresh = state
        fresh.log.loading = false
        let effects = reduce(&fresh, .key(.char("G")))
        #expect(effects == [.loadLog(filter: "", anchor: .oldest)])
        // Scrolling near the end asks for the page before the last loaded event.
        var scrolling = makeState()
        _ = reduce(&scrolling, .logLoaded(filter: "", anchor: .newest, rows: rows, pageSize: 200))
        scrolling.pane = .syncLog
        scrolling.log.cursor = ListCursor(selected: 185, top: 167)
        #expect(reduce(&scrolling, .key(.down)) == [.loadLog(filter: "", anchor: .before(1))])
        let older = (1...50).reversed().map { logRow(Int64(-$0)) }
        _ = reduce(&scrolling, .logLoaded(filter: "", anchor: .before(1), rows: older, pageSize: 200))
        #expect(scrolling.log.rows.count == 250)
        #expect(scrolling.log.hasOlder == false)
        #expect(scrolling.log.cursor.selected == 186)
    }

    @Test func newEventsFollowOnlyWhenAtTheTop() {
        var state = loadedState()
        state.pane = .syncLog
        #expect(reduce(&state, .storeChanged) == [.loadOverview, .loadFailures, .loadLog(filter: "", anchor: .newest)])
        _ = reduce(&state, .key(.down))
        #expect(reduce(&state, .storeChanged) == [.loadOverview, .loadFailures])
        #expect(state.log.newEvents)
        // The rules and conflicts are re-read only while their pane is in view.
        #expect(reduce(&state, .key(.char("6"))) == [.loadConflicts])
        #expect(reduce(&state, .storeChanged) == [.loadOverview, .loadFailures, .loadConflicts])
    }

    @Test func filterTypedAndAppliedReloadsTheLog() {
        var state = loadedState()
        _ = reduce(&state, .key(.char("2")))
        _ = reduce(&state, .key(.char("/")))
        #expect(state.mode == .filter(""))
        for c in "state:failedx" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.backspace))
        #expect(state.mode == .filter("state:failed"))
        #expect(reduce(&state, .key(.enter)) == [.loadLog(filter: "state:failed", anchor: .newest)])
        #expect(state.log.filter == "state:failed")
        #expect(state.mode == .normal)
        // A page loaded for an older filter is ignored.
        let before = state.log
        _ = reduce(&state, .logLoaded(filter: "", anchor: .newest, rows: [logRow(9)], pageSize: 200))
        #expect(state.log == before)
    }

    @Test func escCancelsTheFilter() {
        var state = loadedState()
        _ = reduce(&state, .key(.char("/")))
        _ = reduce(&state, .key(.char("x")))
        #expect(reduce(&state, .key(.escape)) == [])
        #expect(state.mode == .normal)
        #expect(state.log.filter == "")
    }

    @Test func enterOnALogRowOpensItsTraceAndVerifiesTheChainOnce() {
        var state = makeState()
        _ = reduce(&state, .logLoaded(filter: "", anchor: .newest, rows: [logRow(5)], pageSize: 200))
        state.pane = .syncLog
        #expect(reduce(&state, .key(.enter)) == [.loadTrace("wi:12"), .verifyChain])
        #expect(state.overlay == .trace)
        #expect(state.trace.reference == "wi:12")
        #expect(state.trace.loading)
        #expect(state.chain == .checking)
        _ = reduce(&state, .key(.char("q")))
        state.pane = .syncLog
        #expect(reduce(&state, .key(.enter)) == [.loadTrace("wi:12")])
    }

    @Test func commandLineTracesWithHistory() {
        var state = loadedState()
        _ = reduce(&state, .key(.char(":")))
        for c in "trace INV-1001" { _ = reduce(&state, .key(.char(c))) }
        #expect(reduce(&state, .key(.enter)) == [.loadTrace("INV-1001")])
        #expect(state.commandHistory == ["trace INV-1001"])
        _ = reduce(&state, .key(.char("q")))
        _ = reduce(&state, .key(.char(":")))
        _ = reduce(&state, .key(.up))
        #expect(state.mode == .command("trace INV-1001"))
        _ = reduce(&state, .key(.down))
        #expect(state.mode == .command(""))
        _ = reduce(&state, .key(.escape))
        _ = reduce(&state, .key(.char(":")))
        for c in "frobnicate" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.enter))
        #expect(state.message?.isError == true)
        #expect(state.message?.text.hasPrefix("Unknown command :frobnicate") == true)
    }

    @Test func traceResultsAreShown() {
        var state = makeState()
        _ = reduce(&state, .key(.char(":")))
        for c in "t nope" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.enter))
        _ = reduce(&state, .traceLoaded(reference: "nope", .unknown))
        #expect(state.trace.loading == false)
        #expect(state.trace.notice == "No record is known by \"nope\". Try an invoice number, an ERP document number or wi:ID.")
        _ = reduce(&state, .traceLoaded(reference: "other", .ambiguous(["a", "b"])))
        #expect(state.trace.notice?.hasPrefix("No record") == true)
    }

    @Test func failuresExpandAndRetryTheSelectedRecord() {
        var state = loadedState()
        _ = reduce(&state, .key(.char("3")))
        #expect(state.failures.selectedLine == .group(0))
        #expect(reduce(&state, .key(.char("r"))) == [])
        #expect(state.message?.text.hasPrefix("Select a record") == true)
        _ = reduce(&state, .key(.enter))
        #expect(state.failures.expanded == ["failed|UNMAPPED_GL_ACCOUNT|service line 'Backflow Testing' / labour"])
        #expect(state.failures.lines == [.group(0), .record(group: 0, record: 0), .record(group: 0, record: 1), .group(1)])
        _ = reduce(&state, .key(.down))
        _ = reduce(&state, .key(.down))
        #expect(reduce(&state, .key(.char("r"))) == [.retry([14])])
        #expect(reduce(&state, .key(.enter)) == [.loadTrace("wi:14")])
        _ = reduce(&state, .key(.char("q")))
        _ = reduce(&state, .key(.left))
        #expect(state.failures.selectedLine == .group(0))
        #expect(state.failures.expanded.isEmpty)
        // A one-record group retries its record from the group line.
        _ = reduce(&state, .key(.down))
        #expect(reduce(&state, .key(.char("r"))) == [.retry([20])])
    }

    @Test func retryingAGroupAsksFirstNamingTheCount() {
        var state = loadedState()
        _ = reduce(&state, .key(.char("3")))
        #expect(reduce(&state, .key(.char("R"))) == [])
        #expect(state.mode == .confirm(
            prompt: "Retry all 2 records of UNMAPPED_GL_ACCOUNT (service line 'Backflow Testing' / labour)? y = retry, any other key = cancel",
            effect: .retryGroup(code: "UNMAPPED_GL_ACCOUNT", object: "service line 'Backflow Testing' / labour", state: .failed)))
        #expect(reduce(&state, .key(.enter)) == [])
        #expect(state.mode == .normal)
        #expect(state.message == StatusMessage("Nothing was retried."))
        _ = reduce(&state, .key(.char("R")))
        #expect(reduce(&state, .key(.char("y"))) == [.retryGroup(code: "UNMAPPED_GL_ACCOUNT",
                                                                 object: "service line 'Backflow Testing' / labour", state: .failed)])
    }

    @Test func readOnlyRefusesRetryKeys() {
        var state = loadedState(readOnly: true)
        _ = reduce(&state, .key(.char("3")))
        _ = reduce(&state, .key(.enter))
        _ = reduce(&state, .key(.down))
        #expect(reduce(&state, .key(.char("r"))) == [])
        #expect(reduce(&state, .key(.char("R"))) == [])
        #expect(state.mode == .normal)
    }

    @Test func aViewerStillReachesTheCoreSoTheRefusalIsShown() {
        var state = loadedState(role: .viewer)
        _ = reduce(&state, .key(.char("3")))
        _ = reduce(&state, .key(.char("j")))
        #expect(reduce(&state, .key(.char("r"))) == [.retry([20])])
        let denied = "retry work item 20: needs role operator; you are alice (viewer). Ask an admin to grant it under [roles] in the configuration."
        #expect(reduce(&state, .commandFinished(StatusMessage(denied, isError: true))) == [.loadFailures, .loadOverview])
        #expect(state.message == StatusMessage(denied, isError: true))
    }

    @Test func selectionSurvivesAReload() {
        var state = loadedState()
        _ = reduce(&state, .key(.char("3")))
        _ = reduce(&state, .key(.down))
        #expect(state.failures.selectedLine == .group(1))
        var reordered = sampleGroups
        reordered.reverse()
        _ = reduce(&state, .failuresLoaded(reordered))
        #expect(state.failures.selectedLine == .group(0))
        #expect(state.failures.groups[0].code == "MISSING_CUSTOMER")
    }

    @Test func searchInHelpJumpsToMatches() {
        var state = loadedState()
        _ = reduce(&state, .key(.char("?")))
        _ = reduce(&state, .key(.char("/")))
        for c in "clipboard" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.enter))
        let line = HelpScreen.lines(state)[state.helpScroll].text
        #expect(line.contains("clipboard"))
        _ = reduce(&state, .key(.char("n")))
        #expect(HelpScreen.lines(state)[state.helpScroll].text.contains("clipboard"))
    }

    @Test func mouseToggleAndCopy() {
        var state = loadedState()
        #expect(reduce(&state, .key(.char("m"))) == [.setMouse(false)])
        #expect(state.mouseEnabled == false)
        #expect(reduce(&state, .mouse(MouseEvent(x: 1, y: 23, kind: .release))) == [])
        state.pane = .syncLog
        #expect(reduce(&state, .key(.char("y"))) == [.copyToClipboard("wi:12")])
    }

    @Test func tooSmallOnlyListensToQuitAndRecovers() {
        var state = loadedState()
        _ = reduce(&state, .resize(width: 60, height: 20))
        _ = reduce(&state, .key(.char("3")))
        #expect(state.pane == .overview)
        _ = reduce(&state, .resize(width: 80, height: 24))
        _ = reduce(&state, .key(.char("3")))
        #expect(state.pane == .failures)
        _ = reduce(&state, .resize(width: 10, height: 5))
        _ = reduce(&state, .key(.char("Q")))
        #expect(state.quitRequested)
    }
}
