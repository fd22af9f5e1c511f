/// A line of text made of styled spans, for screens that scroll (trace, help).
public struct StyledLine: Sendable, Equatable {
    public var spans: [(text: String, role: StyleRole)]

    public init(_ spans: [(text: String, role: StyleRole)]) { self.spans = spans }
    public init(_ text: String, _ role: StyleRole = .text) { spans = [(text, role)] }

    public var text: String { spans.map(\.text).joined() }

    public static func == (a: StyledLine, b: StyledLine) -> Bool {
        a.spans.map(\.text) == b.spans.map(\.text) && a.spans.map(\.role) == b.spans.map(\.role)
    }

    /// Draws the spans from (x, y) within `width` columns; when they do not fit, the text is cut
    /// and ends in `marker` (in the role of the span that was cut).
    func draw(into grid: inout CellGrid, x: Int, y: Int, width: Int, marker: String) {
        let fits = TextLayout.width(of: text) <= width
        let limit = fits ? width : max(0, width - TextLayout.width(of: marker))
        var used = 0
        for span in spans {
            let w = TextLayout.width(of: span.text)
            if used + w <= limit {
                used += grid.put(span.text, x: x + used, y: y, role: span.role)
                continue
            }
            let piece = TextLayout.truncate(span.text, to: limit - used, marker: "")
            used += grid.put(piece, x: x + used, y: y, role: span.role)
            grid.put(marker, x: x + used, y: y, role: span.role)
            return
        }
    }
}

/// Formatting shared by the screens.
enum Format {
    /// "45s", "12m", "3h 04m", "2d 5h".
    static func duration(_ seconds: Double) -> String {
        let s = max(0, Int(seconds))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86_400 {
            let m = (s % 3600) / 60
            return "\(s / 3600)h \(m < 10 ? "0" : "")\(m)m"
        }
        return "\(s / 86_400)d \((s % 86_400) / 3600)h"
    }

    /// The time of day of a stored timestamp (`2026-11-27T07:21:18.123Z` → `07:21:18`), or the
    /// date and time when `long`.
    static func time(_ stored: String, long: Bool) -> String {
        let chars = Array(stored)
        guard chars.count >= 19 else { return stored }
        return long ? String(chars[0..<10]) + " " + String(chars[11..<19]) : String(chars[11..<19])
    }

    /// A count right-aligned in `width` columns with thousands separators.
    static func count(_ n: Int, _ width: Int) -> String {
        TextLayout.rightAlign((n < 0 ? "-" : "") + grouped(String(n.magnitude)), width)
    }

    /// Digits with a comma every three from the right: `1234567` → `1,234,567`.
    static func grouped(_ digits: String) -> String {
        var rest = Substring(digits)
        var groups: [Substring] = []
        while rest.count > 3 {
            groups.insert(rest.suffix(3), at: 0)
            rest = rest.dropLast(3)
        }
        groups.insert(rest, at: 0)
        return groups.joined(separator: ",")
    }

    /// A work item state as a word with a symbol (never colour alone) and its role.
    static func state(_ raw: String, _ glyphs: Glyphs) -> (text: String, role: StyleRole) {
        switch raw {
        case "failed": ("\(glyphs.failed) failed", .error)
        case "posted": ("\(glyphs.ok) posted", .ok)
        case "retry_wait": ("\(glyphs.waiting) retry", .warn)
        case "blocked": ("! blocked", .warn)
        case "superseded": ("- superseded", .dim)
        default: (raw, .text)
        }
    }
}
