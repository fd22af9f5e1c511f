/// Trace: one record's state, ERP documents, audit trail and the chain's verification.
enum TraceScreen {
    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        let g = state.glyphs
        let top = Layout.contentTop()
        grid.put(TextLayout.fit(" Trace \(state.trace.reference)", grid.width, marker: g.ellipsis), x: 0, y: top, role: .header)
        let lines = self.lines(state)
        for i in 0..<Layout.textRows(grid.height) {
            let index = state.trace.scroll + i
            guard lines.indices.contains(index) else { break }
            lines[index].draw(into: &grid, x: 1, y: top + 1 + i, width: grid.width - 2, marker: g.ellipsis)
        }
    }

    /// The trace as lines (drawn scrolled; also what `/` searches).
    static func lines(_ state: AppState) -> [StyledLine] {
        let g = state.glyphs
        let trace = state.trace
        guard let model = trace.model else {
            if trace.loading { return [StyledLine("Looking up \(trace.reference)…", .dim)] }
            return [StyledLine(trace.notice ?? "", .warn)]
        }
        var out: [StyledLine] = []
        func field(_ name: String, _ spans: [(String, StyleRole)]) {
            out.append(StyledLine([(text: TextLayout.fit(name, 14), role: .header)] + spans.map { (text: $0.0, role: $0.1) }))
        }
        field("Record", [(model.subject, .text)])
        if model.inERP {
            field("Outcome", [("\(g.ok) in the ERP", .ok)])
        } else {
            let st = Format.state(model.state, g)
            field("Outcome", [("not in the ERP \(g.dot) ", .warn), (st.text, st.role)])
        }
        if let why = model.why { field("Why", [(why, .text)]) }
        field("Audit chain", OverviewScreen.chainSpans(state.chain, g))
        out.append(StyledLine(""))
        out.append(StyledLine("Work items", .header))
        for item in model.workItems {
            let st = Format.state(item.state, g)
            out.append(StyledLine([(text: "  " + TextLayout.fit("wi:\(item.id)", 9), role: .dim),
                                   (text: TextLayout.fit(item.flow, 16, marker: g.ellipsis), role: .text),
                                   (text: TextLayout.fit(st.text, 12), role: st.role),
                                   (text: "attempts \(item.attempts)  ", role: .dim),
                                   (text: item.error ?? "", role: .error)]))
            if let remedy = item.remedy { out.append(StyledLine([(text: "           what to do: ", role: .dim), (text: remedy, role: .warn)])) }
        }
        out.append(StyledLine(""))
        out.append(StyledLine("ERP documents", .header))
        if model.documents.isEmpty { out.append(StyledLine("  none", .dim)) }
        for doc in model.documents {
            out.append(StyledLine([(text: "  \(doc.system) \(doc.kind) ", role: .text),
                                   (text: doc.number ?? "(no number)", role: .accent),
                                   (text: "  id \(doc.id)", role: .dim)]))
        }
        out.append(StyledLine(""))
        out.append(StyledLine("Audit trail (\(model.events.count) events, oldest first)", .header))
        for event in model.events {
            out.append(StyledLine([(text: "  #\(event.seq) ", role: .dim),
                                   (text: Format.time(event.at, long: true) + " ", role: .dim),
                                   (text: TextLayout.fit(event.actor, 8, marker: g.ellipsis) + " ", role: .text),
                                   (text: event.action + "  ", role: .accent),
                                   (text: event.summary, role: .text)]))
        }
        return out
    }
}
