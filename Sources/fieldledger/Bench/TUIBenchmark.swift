import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP
import FieldLedgerTUI
import Foundation
import GRDB

/// `fieldledger bench tui`: the console's frame cost on a large store, against a floor measured
/// in the same run (a bare `CellGrid` of the same size filled and diffed), as ratios.
///
/// Per pane: `render` + the diff against the previous frame (what the terminal adapter does
/// before writing). Per keypress on the sync log: `reduce` + the store reads its effects ask for
/// (through `ConsoleData.load`, as the console does) + `render` + diff. The terminal write
/// itself is not included; the cells a step changes are reported instead (bytes over SSH grow
/// with them).
struct TUIBenchmark {
    let directory: String
    let events: Int
    let frames: Int
    let keys: Int
    let progress: (String) -> Void

    static let width = 132
    static let height = 43

    struct Latency {
        var name: String
        var p50: Double
        var p99: Double
        var cellsPerStep: Int
        /// False for a result that arrives off the input path (the filter's matches): no 16 ms target.
        var isKeypressToFrame = true
    }

    struct Result {
        var events: Int
        var buildSeconds: Double
        var firstFrameSeconds: Double
        var firstDataSeconds: Double
        /// Per pane: p50/p99 of render + diff.
        var panes: [Latency]
        var keys: [Latency]
        var floor: (p50: Double, p99: Double)
        var peakRSS: Int

        func ratio(_ seconds: Double) -> Double { floor.p99 > 0 ? seconds / floor.p99 : 0 }
    }

    func run() throws -> Result {
        let path = directory + "/tui.sqlite"
        let records = max(1, events / TraceBenchmark.eventsPerRecord)
        progress("building a store with \(records * TraceBenchmark.eventsPerRecord) audit events over \(records) records…")
        let start = BenchSupport.now()
        try TraceBenchmark(directory: directory, sqlite3: "", executable: "", events: events, lookups: 0, appendEvents: 0,
                           progress: progress).build(path: path, records: records)
        try addConsoleRows(path: path)
        let buildSeconds = BenchSupport.now() - start

        // First frame, as the console draws it: open the store, reduce `.start` (its reads go to the
        // effect queue, off the render path), render the frame that says what is loading.
        let firstStart = BenchSupport.now()
        let store = try Store.open(path: path)
        let data = ConsoleData(store: store)
        var state = AppState(session: Session(user: "bench", role: .operator, readOnly: true, storePath: path, currency: "USD"),
                             mouseEnabled: false, ascii: false)
        _ = reduce(&state, .resize(width: Self.width, height: Self.height))
        let startReads = reduce(&state, .start).filter { $0 != .verifyChain }
        var previous: CellGrid? = render(state, width: Self.width, height: Self.height)
        let firstFrameSeconds = BenchSupport.now() - firstStart
        // First data: the start reads done and drawn (the Overview's counts, the first log page, …).
        try apply(startReads, &state, data)
        previous = render(state, width: Self.width, height: Self.height)
        let firstDataSeconds = BenchSupport.now() - firstStart

        progress("timing \(frames) frames per pane at \(Self.width)×\(Self.height)…")
        let floor = measure(frames) { () -> Int in
            var grid = CellGrid(width: Self.width, height: Self.height)
            grid.fill(x: 0, y: 0, width: Self.width, height: Self.height, role: .text)
            let changed = grid.changedCells(since: previous)
            previous = grid
            return changed
        }
        var panes: [Latency] = []
        for pane in Pane.allCases {
            _ = reduce(&state, .key(.char(Character(String(pane.rawValue)))))
            panes.append(latency(pane.title, measure(frames) { () -> Int in
                let grid = render(state, width: Self.width, height: Self.height)
                let changed = grid.changedCells(since: previous)
                previous = grid
                return changed
            }))
        }
        _ = reduce(&state, .key(.char("2")))
        previous = render(state, width: Self.width, height: Self.height)

        progress("timing \(keys) keypresses per kind on the sync log (reduce + reads + render + diff)…")
        var keyResults: [Latency] = []
        for (name, key) in [("scroll ↓ (j)", Key.down), ("page ↓ (PgDn)", Key.pageDown)] {
            try apply(reduce(&state, .key(.home)), &state, data)
            keyResults.append(latency(name, try measureKeys(keys, &state, data, &previous) { _, _ in [.key(key)] }))
        }
        // Filtering: `/`, the text, Enter (a new first page from the store), then clearing it.
        // The console runs the store read on its effect queue, so Enter draws at once (the status
        // bar says "searching") and the matches follow: both are timed.
        let filters = ["state:failed", "action:link.created", "INV-0000042", ""]
        let filtering = try measureFilter(max(4, keys / 10), &state, data, &previous) { n, state in
            // `/` starts from the applied filter: erase it, type the next one, apply.
            [.key(.char("/"))] + Array(repeating: Action.key(.backspace), count: state.log.filter.count)
                + filters[n % filters.count].map { .key(.char($0)) } + [.key(.enter)]
        }
        keyResults.append(latency("filter: frame after Enter", filtering.frame))
        var matches = latency("filter: matches drawn", filtering.results)
        matches.isKeypressToFrame = false
        keyResults.append(matches)
        return Result(events: records * TraceBenchmark.eventsPerRecord, buildSeconds: buildSeconds, firstFrameSeconds: firstFrameSeconds,
                      firstDataSeconds: firstDataSeconds, panes: panes, keys: keyResults,
                      floor: (BenchSupport.percentile(floor.samples, 50), BenchSupport.percentile(floor.samples, 99)),
                      peakRSS: BenchSupport.peakRSS())
    }

    /// Payment rows for the posted records, a heartbeat and an hour of sync runs, so every pane has data.
    private func addConsoleRows(path: String) throws {
        let store = try Store.open(path: path)
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO invoice_payments (link_id, source_id, source_ref, erp_id, erp_number, erp_status, total, remaining,
                                              payment_state, st_status, last_event, last_event_at, updated_at)
                SELECT id, source_id, source_ref, erp_id, erp_number, CASE id % 4 WHEN 0 THEN 'Paid' ELSE 'Open' END,
                       printf('%d.%02d', 100 + id % 9000, id % 100), CASE id % 4 WHEN 0 THEN '0' WHEN 1 THEN printf('%d.00', 50 + id % 50) ELSE printf('%d.%02d', 100 + id % 9000, id % 100) END,
                       CASE id % 4 WHEN 0 THEN 'paid' WHEN 1 THEN 'partial' ELSE 'unpaid' END, 'processed', 'payment', created_at, created_at
                FROM links WHERE kind = 'salesInvoice'
                """)
            let now = Date()
            for minute in 0..<60 {
                let at = Timestamp.string(now.addingTimeInterval(Double(-minute * 60)))
                try db.execute(sql: "INSERT INTO sync_runs (trigger, started_at, finished_at, status) VALUES ('serve', ?, ?, 'ok')",
                               arguments: [at, at])
                try db.execute(sql: "INSERT INTO sync_run_counts (run_id, flow, posted) VALUES (?, 'invoice.post', ?)",
                               arguments: [db.lastInsertedRowID, minute % 7])
            }
            try EngineHeartbeat(mode: "bench", startedAt: Timestamp.string(now),
                                connectors: [ConnectorHealth(system: "businesscentral", lastContactAt: Timestamp.string(now),
                                                             tokenState: "valid", budgetUsed: 312, budgetLimit: 6000)]).beat(in: db)
        }
    }

    /// Runs effects' reads synchronously and reduces their results (commands are not run here).
    private func apply(_ effects: [Effect], _ state: inout AppState, _ data: ConsoleData) throws {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            if let action = try data.load(effect) { queue += reduce(&state, action) }
        }
    }

    /// Times `count` steps of `actions(n)`: each is reduced, its reads performed, the frame rendered and diffed.
    private func measureKeys(_ count: Int, _ state: inout AppState, _ data: ConsoleData, _ previous: inout CellGrid?,
                             _ actions: (Int, AppState) -> [Action]) throws -> (samples: [Double], cells: Int) {
        var samples: [Double] = []
        var cells = 0
        for n in 0..<count {
            let t0 = BenchSupport.now()
            for action in actions(n, state) { try apply(reduce(&state, action), &state, data) }
            let grid = render(state, width: Self.width, height: Self.height)
            cells += grid.changedCells(since: previous)
            previous = grid
            samples.append(BenchSupport.now() - t0)
        }
        return (samples, cells / max(1, count))
    }

    /// Times `count` filter steps twice: to the frame drawn once the keys are reduced (the reads
    /// queued, as the console's `EffectRunner` does), and to the frame with the reads' results.
    private func measureFilter(_ count: Int, _ state: inout AppState, _ data: ConsoleData, _ previous: inout CellGrid?,
                               _ actions: (Int, AppState) -> [Action]) throws
        -> (frame: (samples: [Double], cells: Int), results: (samples: [Double], cells: Int)) {
        var frame: [Double] = [], results: [Double] = []
        var frameCells = 0, resultCells = 0
        for n in 0..<count {
            let t0 = BenchSupport.now()
            var queued: [Effect] = []
            for action in actions(n, state) { queued += reduce(&state, action) }
            let first = render(state, width: Self.width, height: Self.height)
            frameCells += first.changedCells(since: previous)
            frame.append(BenchSupport.now() - t0)
            try apply(queued, &state, data)
            let grid = render(state, width: Self.width, height: Self.height)
            resultCells += grid.changedCells(since: first)
            previous = grid
            results.append(BenchSupport.now() - t0)
        }
        return ((frame, frameCells / max(1, count)), (results, resultCells / max(1, count)))
    }

    private func measure(_ count: Int, _ step: () -> Int) -> (samples: [Double], cells: Int) {
        var samples: [Double] = []
        var cells = 0
        for _ in 0..<count {
            let t0 = BenchSupport.now()
            cells += step()
            samples.append(BenchSupport.now() - t0)
        }
        return (samples, cells / max(1, count))
    }

    private func latency(_ name: String, _ m: (samples: [Double], cells: Int)) -> Latency {
        Latency(name: name, p50: BenchSupport.percentile(m.samples, 50), p99: BenchSupport.percentile(m.samples, 99), cellsPerStep: m.cells)
    }
}

extension TUIBenchmark.Result {
    private static func f(_ seconds: Double) -> JSONValue { .string(String(format: "%.3f", seconds * 1000)) }

    var json: JSONValue {
        func rows(_ list: [TUIBenchmark.Latency]) -> JSONValue {
            .array(list.map { .object(["name": .string($0.name), "p50Ms": Self.f($0.p50), "p99Ms": Self.f($0.p99),
                                       "p99VsFloor": .string(String(format: "%.1f", ratio($0.p99))),
                                       "cellsChangedPerStep": .int($0.cellsPerStep)]) })
        }
        return .object([
            "events": .int(events), "buildSeconds": .string(String(format: "%.1f", buildSeconds)),
            "size": .string("\(TUIBenchmark.width)x\(TUIBenchmark.height)"),
            "firstFrameMs": Self.f(firstFrameSeconds), "firstDataMs": Self.f(firstDataSeconds),
            "floor": .object(["what": .string("bare CellGrid fill + diff"), "p50Ms": Self.f(floor.p50), "p99Ms": Self.f(floor.p99)]),
            "panes": rows(panes), "keys": rows(keys), "peakRSSBytes": .int(peakRSS),
        ])
    }

    var text: String {
        var lines = ["store: \(events) audit events, built in \(String(format: "%.1f", buildSeconds)) s; frames at \(TUIBenchmark.width)×\(TUIBenchmark.height)",
                     "first frame (open store, reduce start, render; reads queued): \(BenchSupport.ms(firstFrameSeconds)) (target < 250 ms from process start)",
                     "first data (the start reads done and drawn; no chain verify): \(BenchSupport.ms(firstDataSeconds))",
                     "floor, a bare CellGrid fill + diff: p50 \(BenchSupport.ms(floor.p50))  p99 \(BenchSupport.ms(floor.p99))",
                     "render + diff per pane:"]
        for p in panes {
            lines.append("  \(Output.cell(p.name, 24))  p50 \(BenchSupport.ms(p.p50))  p99 \(BenchSupport.ms(p.p99))  = \(String(format: "%.1f", ratio(p.p99)))× floor")
        }
        lines.append("keypress to frame on the sync log (reduce + store reads + render + diff):")
        for k in keys {
            let target = k.isKeypressToFrame ? "target p99 < 16 ms" : "read on the effect queue: input and frames do not wait for it"
            lines.append("  \(Output.cell(k.name, 26))  p50 \(BenchSupport.ms(k.p50))  p99 \(BenchSupport.ms(k.p99))  = \(String(format: "%.1f", ratio(k.p99)))× floor  \(k.cellsPerStep) cells changed per step (\(target))")
        }
        lines.append("peak RSS of this process (includes building the store): \(peakRSS / 1_048_576) MiB")
        return lines.joined(separator: "\n")
    }
}

/// `fieldledger bench tui [--json]`.
struct BenchTUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Time the console's frames and keypresses on a large store against a bare grid fill.",
        discussion: """
            Builds a store with --events audit events (as 'bench trace' does) plus payment rows, a heartbeat and \
            an hour of sync runs, then times render + diff per pane at 132x43, and keypress to frame on the sync \
            log (reduce + store reads + render + diff) for scrolling and paging, each as p50/p99 and as a ratio to \
            a bare CellGrid fill + diff measured in the same run. Filtering is timed twice: to the frame after \
            Enter (the store read queued, as the console runs it, off the input path) and to the frame with the \
            matches. Targets: keypress to frame p99 < 16 ms.
            """)

    @Option(help: "Audit events in the store.") var events = 1_000_000
    @Option(help: "Frames rendered per pane.") var frames = 200
    @Option(help: "Keypresses per kind.") var keys = 300
    @Option(help: "Keep the benchmark files in this folder (default: a temporary folder, removed).") var keep: String?
    @OptionGroup var output: JSONOption

    func run() throws {
        let (dir, remove) = try BenchSupport.workFolder(keep: keep, name: "tui")
        defer { if remove { try? FileManager.default.removeItem(atPath: dir) } }
        let bench = TUIBenchmark(directory: dir, events: events, frames: max(1, frames), keys: max(1, keys),
                                 progress: output.json ? { _ in } : { Output.error($0) })
        let result = try bench.run()
        if output.json { Output.json(result.json) } else { Output.line(result.text) }
    }
}
