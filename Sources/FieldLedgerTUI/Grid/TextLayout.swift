/// Display widths and fitting text into columns: wide East Asian characters and emoji take two
/// cells, combining marks none, and cut text is marked with `…` (`~` in ASCII mode), never cut
/// silently.
public enum TextLayout {
    /// Columns a character occupies on a terminal (0, 1 or 2).
    public static func width(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        // Emoji presentation (including sequences with VS16) is two cells wide.
        if scalars.count > 1, scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return width(of: first)
    }

    public static func width(of string: String) -> Int {
        string.reduce(0) { $0 + width(of: $1) }
    }

    static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B { return 0 }
        if isWide(v) { return 2 }
        if scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// East Asian Wide and Fullwidth ranges (Unicode 15, EastAsianWidth.txt, W and F).
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` cut to at most `columns` cells, ending in `marker` when something was cut.
    public static func truncate(_ text: String, to columns: Int, marker: String = "…") -> String {
        guard columns > 0 else { return "" }
        if width(of: text) <= columns { return text }
        let markerWidth = width(of: marker)
        guard columns > markerWidth else { return String(repeating: marker.isEmpty ? " " : ".", count: columns) }
        var out = ""
        var used = 0
        for character in text {
            let w = width(of: character)
            if used + w > columns - markerWidth { break }
            out.append(character)
            used += w
        }
        return out + marker
    }

    /// `text` truncated and padded with spaces to exactly `columns` cells, left-aligned.
    public static func fit(_ text: String, _ columns: Int, marker: String = "…") -> String {
        let cut = truncate(text, to: columns, marker: marker)
        return cut + String(repeating: " ", count: max(0, columns - width(of: cut)))
    }

    /// `text` right-aligned in exactly `columns` cells (numbers, amounts).
    public static func rightAlign(_ text: String, _ columns: Int, marker: String = "…") -> String {
        let cut = truncate(text, to: columns, marker: marker)
        return String(repeating: " ", count: max(0, columns - width(of: cut))) + cut
    }

    /// `text` centred in `columns` cells.
    public static func center(_ text: String, _ columns: Int, marker: String = "…") -> String {
        let cut = truncate(text, to: columns, marker: marker)
        let pad = max(0, columns - width(of: cut))
        return String(repeating: " ", count: pad / 2) + cut + String(repeating: " ", count: pad - pad / 2)
    }
}
