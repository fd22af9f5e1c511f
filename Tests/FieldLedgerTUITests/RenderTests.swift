import FieldLedgerCore
import Testing
@testable import FieldLedgerTUI

@Suite struct RenderTests {
    static func state(_ pane: Pane, width: Int, height: Int) -> AppState {
        var state = loadedState(width: width, height: height)
        state.pane = pane
        return state
    }

    static func traceState(width: Int, height: Int) -> AppState {
        var state = loadedState(width: width, height: height)
        _ = reduce(&state, .key(.char(":")))
        for c in "trace INV-1001" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.enter))
        _ = reduce(&state, .traceLoaded(reference: "INV-1001", .found(TraceModel(
            reference: "INV-1001", subject: "servicetrade:invoice:1001", inERP: false, state: "failed",
            why: "INV-1001 is not in the ERP: failed — UNMAPPED_GL_ACCOUNT: No GL rule. Add one under Mappings › GL accounts.",
            workItems: [.init(id: 12, flow: "invoice.post", state: "failed", ref: "INV-1001", attempts: 1,
                              error: "UNMAPPED_GL_ACCOUNT: No GL rule", remedy: "Add one under Mappings › GL accounts.")],
            documents: [],
            events: [logRow(3, "work_item.created", state: nil, summary: "invoice.post INV-1001"),
                     logRow(4, state: "ready", summary: "received → ready"),
                     logRow(5, summary: "ready → failed  UNMAPPED_GL_ACCOUNT: No GL rule")]))))
        _ = reduce(&state, .chainChecked(.intact(events: 345)))
        return state
    }

    @Test func overview80() { expectScreen(render(Self.state(.overview, width: 80, height: 24), width: 80, height: 24), Snapshots.overview80, "overview80") }
    @Test func overview132() { expectScreen(render(Self.state(.overview, width: 132, height: 43), width: 132, height: 43), Snapshots.overview132, "overview132") }
    @Test func syncLog80() { expectScreen(render(Self.state(.syncLog, width: 80, height: 24), width: 80, height: 24), Snapshots.syncLog80, "syncLog80") }
    @Test func syncLog132() { expectScreen(render(Self.state(.syncLog, width: 132, height: 43), width: 132, height: 43), Snapshots.syncLog132, "syncLog132") }

    @Test func failures80() {
        var state = Self.state(.failures, width: 80, height: 24)
        _ = reduce(&state, .key(.enter))
        _ = reduce(&state, .key(.down))
        expectScreen(render(state, width: 80, height: 24), Snapshots.failures80, "failures80")
    }

    @Test func failures132() {
        var state = Self.state(.failures, width: 132, height: 43)
        _ = reduce(&state, .key(.enter))
        expectScreen(render(state, width: 132, height: 43), Snapshots.failures132, "failures132")
    }

    /// A filter that matches little reads far into a long trail (the read runs on the effect
    /// queue): the status bar says it is searching until the matches arrive.
    @Test func filterSaysSearchingUntilItsMatchesArrive() {
        var state = Self.state(.syncLog, width: 132, height: 43)
        _ = reduce(&state, .key(.char("/")))
        for c in "INV-1001" { _ = reduce(&state, .key(.char(c))) }
        let effects = reduce(&state, .key(.enter))
        #expect(effects == [.loadLog(filter: "INV-1001", anchor: .newest)])
        #expect(render(state, width: 132, height: 43).text.contains("filter: INV-1001 (searching)"))
        _ = reduce(&state, .logLoaded(filter: "INV-1001", anchor: .newest, rows: [logRow(5)], pageSize: 200))
        let after = render(state, width: 132, height: 43).text
        #expect(after.contains("filter: INV-1001"))
        #expect(!after.contains("(searching)"))
    }

    @Test func trace80() { expectScreen(render(Self.traceState(width: 80, height: 24), width: 80, height: 24), Snapshots.trace80, "trace80") }
    @Test func trace132() { expectScreen(render(Self.traceState(width: 132, height: 43), width: 132, height: 43), Snapshots.trace132, "trace132") }

    @Test func help80() {
        var state = Self.state(.overview, width: 80, height: 24)
        _ = reduce(&state, .key(.function(1)))
        expectScreen(render(state, width: 80, height: 24), Snapshots.help80, "help80")
    }

    @Test func help132() {
        var state = Self.state(.overview, width: 132, height: 43)
        _ = reduce(&state, .key(.char("?")))
        expectScreen(render(state, width: 132, height: 43), Snapshots.help132, "help132")
    }

    @Test func tooSmall() {
        let state = Self.state(.overview, width: 60, height: 20)
        expectScreen(render(state, width: 60, height: 20), Snapshots.tooSmall, "tooSmall")
    }

    @Test func asciiMode() {
        var state = loadedState(ascii: true)
        state.pane = .failures
        _ = reduce(&state, .key(.enter))
        let grid = render(state, width: 80, height: 24)
        expectScreen(grid, Snapshots.ascii80, "ascii80")
        // The console's own lines and symbols are ASCII (data keeps its characters; the adapter
        // shows "?" for them under a non-UTF-8 locale).
        #expect(!grid.text.contains { "▾▸✓✗…─·│—×".contains($0) })
    }

    @Test func confirmationAndErrorLines() {
        var state = Self.state(.failures, width: 80, height: 24)
        _ = reduce(&state, .key(.char("R")))
        #expect(render(state, width: 80, height: 24).line(21).hasPrefix("? Retry all 2 records of UNMAPPED_GL_ACCOUNT"))
        _ = reduce(&state, .key(.char("n")))
        _ = reduce(&state, .commandFinished(StatusMessage("retry work item 12: needs role operator", isError: true)))
        #expect(render(state, width: 80, height: 24).line(21).hasPrefix("✗ retry work item 12: needs role operator"))
    }

    @Test func statusIsNeverColourAlone() {
        let grid = render(Self.state(.syncLog, width: 80, height: 24), width: 80, height: 24)
        #expect(grid.text.contains("✗ failed"))
        let overview = render(Self.state(.overview, width: 80, height: 24), width: 80, height: 24)
        #expect(overview.text.contains("✓ posted"))
        #expect(overview.text.contains("✓ intact"))
    }
}
