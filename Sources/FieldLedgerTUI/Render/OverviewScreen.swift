import FieldLedgerCore
import Foundation

/// Overview: engine and connector health, queue depth by state, the oldest unposted item
/// against the five-minute promise, throughput over the last hour, the last sync run and the
/// audit chain.
enum OverviewScreen {
    /// The product's promise: an approved invoice reaches Business Central within five minutes.
    static let postingPromise: TimeInterval = 300

    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        var y = Layout.contentTop()
        let bottom = Layout.contentTop() + Layout.contentHeight(grid.height)
        let g = state.glyphs
        let width = grid.width
        func line(_ spans: [(String, StyleRole)]) {
            // Lines past the pane are dropped, never drawn over the message and status lines.
            guard y < bottom else { return }
            StyledLine(spans.map { (text: $0.0, role: $0.1) }).draw(into: &grid, x: 1, y: y, width: width - 2, marker: g.ellipsis)
            y += 1
        }
        guard let overview = state.overview else {
            line([("Loading the store…", .dim)])
            return
        }
        for spans in engineLines(overview, state) { line(spans) }
        line([("Work items by state", .header)])
        let states: [[WorkItemState]] = [[.received, .retryWait], [.ready, .blocked], [.posting, .failed], [.posted, .superseded]]
        for pair in states {
            var spans: [(String, StyleRole)] = [("  ", .text)]
            for (n, st) in pair.enumerated() {
                let count = overview.stateCounts[st] ?? 0
                let label = Format.state(st.rawValue, g)
                let role: StyleRole = count == 0 ? .dim : label.role
                spans.append((TextLayout.fit(label.text, 14), role))
                spans.append((Format.count(count, 9), count == 0 ? .dim : .text))
                if n == 0 { spans.append(("      ", .text)) }
            }
            line(spans)
        }
        if let oldest = overview.oldestUnposted {
            var spans: [(String, StyleRole)] = [(TextLayout.fit("Oldest unposted", 18), .header), ("\(oldest.ref) (wi:\(oldest.id))", .text)]
            if let created = oldest.createdAt {
                let age = state.now.timeIntervalSince(created)
                spans.append((", waiting \(Format.duration(age)) ", .text))
                spans.append(age > postingPromise ? ("\(g.failed) past the 5-minute promise", .error)
                                                  : ("\(g.ok) within the 5-minute promise", .ok))
            }
            line(spans)
        } else {
            line([(TextLayout.fit("Oldest unposted", 18), .header), ("none \(g.dot) every work item is posted or superseded", .ok)])
        }
        line(throughputSpans(overview.throughput, width: width - 2, g))
        y += 1
        if let run = overview.lastRun {
            let status = Format.state(run.status == "failed" ? "failed" : run.status, g)
            let when = run.finishedAt.map { "finished \(Format.duration(state.now.timeIntervalSince($0))) ago" }
                ?? run.startedAt.map { "started \(Format.duration(state.now.timeIntervalSince($0))) ago" } ?? ""
            line([(TextLayout.fit("Last sync run", 18), .header),
                  ("#\(run.id) \(run.trigger) \(g.dot) ", .text),
                  (run.status == "ok" ? "\(g.ok) ok" : run.status == "running" ? "\(g.waiting) running" : status.text,
                   run.status == "ok" ? .ok : run.status == "running" ? .accent : .error),
                  (" \(g.dot) \(when)", .text)])
            if let error = run.error { line([("  ", .text), (error, .error)]) }
            if !run.counts.isEmpty {
                line([("  " + TextLayout.fit("flow", 24) + ["received", "posted", "failed", "retried", "skipped"]
                    .map { TextLayout.rightAlign($0, 10) }.joined(), .dim)])
                // Keep two lines for the audit chain under the flows.
                for c in run.counts.prefix(max(0, bottom - y - 3)) {
                    line([("  " + TextLayout.fit(c.flow, 24, marker: g.ellipsis), .text),
                          ([c.received, c.posted].map { Format.count($0, 10) }.joined(), .text),
                          (Format.count(c.failed, 10), c.failed > 0 ? .error : .text),
                          ([c.retried, c.skipped].map { Format.count($0, 10) }.joined(), .text)])
                }
            }
        } else {
            line([(TextLayout.fit("Last sync run", 18), .header), ("none yet \(g.dot) fieldledger sync --once runs one", .dim)])
        }
        y = min(y + 1, bottom - 2)
        if let head = overview.auditHead {
            line([(TextLayout.fit("Audit chain", 18), .header),
                  ("head #\(head.seq) at \(Format.time(head.at, long: true)) \(g.dot) \(head.hash.prefix(16))\(g.ellipsis)", .text)])
        } else {
            line([(TextLayout.fit("Audit chain", 18), .header), ("empty", .dim)])
        }
        line([(TextLayout.fit("", 18), .text)] + chainSpans(state.chain, g))
    }

    /// "Engine ✓ alive · demo on host:42 · beat 2s ago", then one line per connector.
    static func engineLines(_ overview: OverviewModel, _ state: AppState) -> [[(String, StyleRole)]] {
        let g = state.glyphs
        let label = (TextLayout.fit("Engine", 18), StyleRole.header)
        guard let engine = overview.engine else {
            return [[label, ("- never: no engine has written to this store; fieldledger serve starts one", .warn)]]
        }
        let whereText = " \(g.dot) \(engine.mode) on \(engine.process)"
        var lines: [[(String, StyleRole)]]
        switch EngineHealthModel.liveness(engine, at: state.now) {
        case .alive:
            let beat = engine.beatAt.map { " \(g.dot) beat \(Format.duration(state.now.timeIntervalSince($0))) ago" } ?? ""
            lines = [[label, ("\(g.ok) alive", .ok), (whereText + beat, .text)]]
        case .stale(let age):
            lines = [[label, ("\(g.failed) stale", .error), (" \(g.dot) last beat \(Format.duration(age)) ago" + whereText, .text)]]
        case .never:
            lines = [[label, ("- never", .warn), (whereText, .text)]]
        }
        guard !engine.connectors.isEmpty else { return lines }
        lines.append([("  " + TextLayout.fit("connector", 16) + TextLayout.fit("contact", 10) + TextLayout.fit("token", 9)
            + TextLayout.fit("rate budget", 16) + "last error", .dim)])
        for c in engine.connectors {
            let contact = c.lastContact.map { Format.duration(state.now.timeIntervalSince($0)) + " ago" } ?? "never"
            let tokenRole: StyleRole = c.tokenState == "valid" ? .ok : c.tokenState == "expired" ? .error : .text
            var budget = "-"
            var budgetRole = StyleRole.text
            if c.budgetLimit > 0 {
                let percent = c.budgetUsed * 100 / c.budgetLimit
                budget = "\(c.budgetUsed)/\(c.budgetLimit) \(percent)%" + (percent >= 80 ? " high" : "")
                budgetRole = percent >= 80 ? .warn : .text
            }
            lines.append([("  " + TextLayout.fit(c.system, 16, marker: g.ellipsis), .text),
                          (TextLayout.fit(contact, 10), c.lastContact == nil ? .dim : .text),
                          (TextLayout.fit(c.tokenState, 9, marker: g.ellipsis), tokenRole),
                          (TextLayout.fit(budget, 16, marker: g.ellipsis), budgetRole),
                          c.lastError.map { ($0, .error) } ?? ("none", .dim)])
        }
        return lines
    }

    /// "Throughput 1h  ▁▃█·· 42 posted, peak 9/min": per-minute buckets, two minutes per
    /// column where the screen is narrow.
    static func throughputSpans(_ perMinute: [Int], width: Int, _ g: Glyphs) -> [(String, StyleRole)] {
        let label = (TextLayout.fit("Posted, last hour", 18), StyleRole.header)
        guard !perMinute.isEmpty else { return [label, ("no data", .dim)] }
        let total = perMinute.reduce(0, +)
        let peak = perMinute.max() ?? 0
        let summary = " \(Format.grouped(String(total))) posted \(g.dot) peak \(peak)/min"
        let room = width - 18 - TextLayout.width(of: summary)
        let buckets = room >= perMinute.count ? perMinute : Format.squeeze(perMinute, to: max(1, room))
        return [label, (Format.sparkline(buckets, g), total == 0 ? .dim : .accent), (summary, .text)]
    }

    static func chainSpans(_ chain: ChainState, _ g: Glyphs) -> [(String, StyleRole)] {
        switch chain {
        case .unchecked: [("not verified yet", .dim)]
        case .checking: [("\(g.waiting) verifying the hash chain", .accent)]
        case .intact(let n): [("\(g.ok) intact: \(n) events verified", .ok)]
        case .broken(let why): [("\(g.failed) BROKEN: \(why)", .error)]
        }
    }
}
