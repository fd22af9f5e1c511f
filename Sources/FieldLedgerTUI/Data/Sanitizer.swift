/// Makes a string from a remote system (or from the store, which holds what remote systems
/// sent) safe to draw: escape sequences are removed whole, other C0/C1 control characters,
/// DEL and bidirectional overrides become U+FFFD, tabs and line breaks become spaces.
///
/// Called once, where store rows become console view models (`ConsoleData`), so no code path
/// can draw an unsanitised string; an ESC that reached the terminal could move the cursor,
/// retitle the window or write the clipboard (OSC 52).
public enum Sanitizer {
    public static func clean(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return scalars.next()
        }
        while let s = next() {
            switch s.value {
            case 0x1B:
                skipEscape(&scalars, &pending)
            case 0x9B:  // C1 CSI
                skipCSIBody(&scalars)
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F:  // C1 OSC, DCS, SOS, PM, APC: up to ST or BEL
                skipString(&scalars)
            case 0x09, 0x0A, 0x0D:
                out.append(" ")
            case 0x00..<0x20, 0x7F, 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069:
                out.append("\u{FFFD}")
            default:
                out.append(s)
            }
        }
        return String(out)
    }

    private static func skipEscape(_ it: inout String.UnicodeScalarView.Iterator, _ pending: inout Unicode.Scalar?) {
        guard let s = it.next() else { return }
        switch s {
        case "[": skipCSIBody(&it)
        case "]", "P", "X", "^", "_": skipString(&it)
        default:
            // Two-character sequences (ESC c, ESC 7, ESC ( B …): intermediates 0x20–0x2F, then a final.
            var c = s
            while (0x20...0x2F).contains(c.value), let n = it.next() { c = n }
            if c.value < 0x20 { pending = c }
        }
    }

    /// Parameters and intermediates up to the final byte 0x40–0x7E.
    private static func skipCSIBody(_ it: inout String.UnicodeScalarView.Iterator) {
        while let s = it.next() {
            if (0x40...0x7E).contains(s.value) { return }
            if !(0x20...0x3F).contains(s.value) { return }
        }
    }

    /// An OSC/DCS-style string ends at BEL, ST (ESC \) or C1 ST.
    private static func skipString(_ it: inout String.UnicodeScalarView.Iterator) {
        while let s = it.next() {
            if s.value == 0x07 || s.value == 0x9C { return }
            if s.value == 0x1B { _ = it.next(); return }
        }
    }
}
