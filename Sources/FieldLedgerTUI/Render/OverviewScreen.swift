import FieldLedgerCore
import Foundation

/// Overview: queue depth by state, the oldest unposted item, the last sync run, the audit chain.
enum OverviewScreen {
    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        var y = Layout.contentTop()
        let g = state.glyphs
        let width = grid.width
        func line(_ spans: [(String, StyleRole)]) {
            StyledLine(spans.map { (text: $0.0, role: $0.1) }).draw(into: &grid, x: 1, y: y, width: width - 2, marker: g.ellipsis)
            y += 1
        }
        guard let overview = state.overview else {
            line([("Loading the store…", .dim)])
            return
        }
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
        y += 1
        if let oldest = overview.oldestUnposted {
            let age = oldest.createdAt.map { ", waiting \(Format.duration(state.now.timeIntervalSince($0)))" } ?? ""
            line([(TextLayout.fit("Oldest unposted", 18), .header), ("\(oldest.ref) (wi:\(oldest.id))\(age)", .text)])
        } else {
            line([(TextLayout.fit("Oldest unposted", 18), .header), ("none \(g.dot) every work item is posted or superseded", .ok)])
        }
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
                for c in run.counts.prefix(max(0, Layout.contentHeight(grid.height) - y - 2)) {
                    line([("  " + TextLayout.fit(c.flow, 24, marker: g.ellipsis), .text),
                          ([c.received, c.posted].map { Format.count($0, 10) }.joined(), .text),
                          (Format.count(c.failed, 10), c.failed > 0 ? .error : .text),
                          ([c.retried, c.skipped].map { Format.count($0, 10) }.joined(), .text)])
                }
            }
        } else {
            line([(TextLayout.fit("Last sync run", 18), .header), ("none yet \(g.dot) fieldledger sync --once runs one", .dim)])
        }
        y += 1
        if let head = overview.auditHead {
            line([(TextLayout.fit("Audit chain", 18), .header),
                  ("head #\(head.seq) at \(Format.time(head.at, long: true)) \(g.dot) \(head.hash.prefix(16))\(g.ellipsis)", .text)])
        } else {
            line([(TextLayout.fit("Audit chain", 18), .header), ("empty", .dim)])
        }
        line([(TextLayout.fit("", 18), .text)] + chainSpans(state.chain, g))
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
