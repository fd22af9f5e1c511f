import FieldLedgerCore
import Foundation
import Testing
@testable import FieldLedgerTUI

@Suite("Overview: engine heartbeat, connectors, throughput, the five-minute promise")
struct OverviewHealthTests {
    func overviewState(_ engine: EngineHealthModel?, oldestAge: TimeInterval = 2 * 3600) -> AppState {
        var model = sampleOverview
        model.engine = engine
        model.oldestUnposted = (ref: "INV-1001", id: 12, createdAt: fixedNow.addingTimeInterval(-oldestAge))
        var state = loadedState()
        _ = reduce(&state, .overviewLoaded(model))
        return state
    }

    @Test("alive, stale and never are words with symbols, in the pane and in the status bar")
    func liveness() {
        let alive = render(overviewState(sampleEngine), width: 80, height: 24)
        #expect(alive.line(1).contains("✓ alive · serve on fl-host:4242 · beat 4s ago"))
        #expect(alive.line(22).contains("engine ✓ alive"))

        var old = sampleEngine
        old.beatAt = fixedNow.addingTimeInterval(-EngineHeartbeat.staleAfter - 90)
        let stale = render(overviewState(old), width: 80, height: 24)
        #expect(stale.line(1).contains("✗ stale · last beat 2m ago"))
        #expect(stale.line(22).contains("engine ✗ stale 2m"))

        let never = render(overviewState(nil), width: 80, height: 24)
        #expect(never.line(1).contains("- never: no engine has written to this store"))
        #expect(never.line(22).contains("engine: never seen"))
    }

    @Test("connectors: last contact, token, budget used, last error")
    func connectors() {
        let grid = render(overviewState(sampleEngine), width: 132, height: 43)
        #expect(grid.line(3).contains("businesscentral 5s ago    valid    312/6000 5%"))
        #expect(grid.line(4).contains("servicetrade    2m ago    n/a      -"))
        #expect(grid.line(4).contains("ServiceTrade GET invoices: 503 Service Unavailable"))
    }

    @Test("the oldest unposted item is measured against the five-minute promise")
    func promise() {
        let late = render(overviewState(sampleEngine, oldestAge: 301), width: 80, height: 24).text
        #expect(late.contains("waiting 5m ✗ past the 5-minute promise"))
        let fresh = render(overviewState(sampleEngine, oldestAge: 90), width: 80, height: 24).text
        #expect(fresh.contains("waiting 1m ✓ within the 5-minute promise"))
    }

    @Test("sparkline: zero mark for idle minutes, full block for the peak, squeezed on narrow screens")
    func sparkline() {
        #expect(Format.sparkline([0, 1, 4, 8], .unicode) == "·▁▄█")
        #expect(Format.sparkline([0, 0], .ascii) == "..")
        #expect(Format.squeeze(Array(repeating: 1, count: 60), to: 30) == Array(repeating: 2, count: 30))
        #expect(Format.squeeze([1, 2, 3], to: 5) == [1, 2, 3])
    }

    @Test("ConsoleData reads the heartbeat and per-minute throughput from the store, sanitised")
    func fromStore() throws {
        let folder = TempFolder()
        let store = try seededStore(folder)
        let now = Date()
        try store.write { db in
            try EngineHeartbeat(process: "h:1", mode: "serve", startedAt: Timestamp.string(now), beatAt: Timestamp.string(now),
                                connectors: [ConnectorHealth(system: "businesscentral", lastContactAt: Timestamp.string(now),
                                                             lastError: "bad \u{1B}[2Jthing", tokenState: "valid",
                                                             budgetUsed: 3, budgetLimit: 6000)]).beat(in: db)
            try db.execute(sql: "INSERT INTO sync_runs (trigger, started_at, finished_at, status) VALUES ('serve', ?, ?, 'ok')",
                           arguments: [Timestamp.string(now), Timestamp.string(now)])
            try db.execute(sql: "INSERT INTO sync_run_counts (run_id, flow, posted) VALUES (?, 'invoice.post', 4)",
                           arguments: [db.lastInsertedRowID])
        }
        let model = try ConsoleData(store: store).overview(now: now)
        #expect(model.engine?.connectors.first?.lastError == "bad thing")
        #expect(EngineHealthModel.liveness(model.engine, at: now) == .alive)
        #expect(model.throughput.count == 60)
        #expect(model.throughput.last == 4)
    }
}
