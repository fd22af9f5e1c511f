import CNCurses
import Foundation

/// The ncursesw adapter: the only code that talks to the terminal. It blits cell grids (only
/// the cells that changed, one `doupdate` per frame), turns keys, mouse and resize into
/// actions, and restores the terminal on every exit path.
///
/// Use from one thread (the console's run loop).
final class Terminal {
    let colorMode: ColorMode
    let isUTF8: Bool
    private var previous: CellGrid?
    private var restored = false
    private var mouseOn = false
    private let pairs: [StyleRole: Int16]
    private let roleAttributes: [StyleRole: CellAttributes]

    /// Sets the locale, starts curses and installs the stop-signal handlers.
    init(theme: Theme, mouse: Bool, environment: [String: String]) {
        setlocale(LC_ALL, "")
        isUTF8 = cnc_codeset_is_utf8() != 0
        cnc_install_stop_handlers()
        initscr()
        cbreak()
        noecho()
        nonl()
        let screen = cnc_stdscr()
        keypad(screen, true)
        curs_set(0)
        set_escdelay(25)
        wtimeout(screen, 250)
        var mode = ColorMode.detect(hasColors: has_colors(), colors: Int(cnc_colors()), environment: environment)
        if mode != .monochrome {
            if start_color() != OK { mode = .monochrome } else { use_default_colors() }
        }
        colorMode = mode
        var pairs: [StyleRole: Int16] = [:]
        var attributes: [StyleRole: CellAttributes] = [:]
        for (n, role) in StyleRole.allCases.enumerated() {
            let resolved = mode.resolve(theme.style(role))
            attributes[role] = resolved.attributes
            if mode != .monochrome {
                let pair = Int16(n + 1)
                init_pair(pair, Int16(resolved.fg), Int16(resolved.bg))
                pairs[role] = pair
            }
        }
        self.pairs = pairs
        self.roleAttributes = attributes
        setMouse(mouse)
    }

    deinit { restore() }

    var stopSignal: Int32 { cnc_stop_signal() }

    var size: (width: Int, height: Int) { (Int(cnc_cols()), Int(cnc_lines())) }

    func setMouse(_ on: Bool) {
        var old: mmask_t = 0
        let mask: mmask_t = on ? (cnc_button1_pressed() | cnc_button1_released() | cnc_button4_pressed() | cnc_button5_pressed()) : 0
        mousemask(mask, &old)
        mouseinterval(0)
        mouseOn = on
    }

    /// Waits up to `timeoutMs` for input; nil on timeout or an input that means nothing.
    func read(timeoutMs: Int32) -> Action? {
        let screen = cnc_stdscr()
        wtimeout(screen, timeoutMs)
        var ch: wint_t = 0
        let result = wget_wch(screen, &ch)
        if result == KEY_CODE_YES { return special(Int32(ch)) }
        guard result == OK else { return nil }
        return KeyDecoding.character(UInt32(ch)).map(Action.key)
    }

    private func special(_ code: Int32) -> Action? {
        switch code {
        case KEY_RESIZE:
            previous = nil
            return .resize(width: size.width, height: size.height)
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            let b = event.bstate
            let kind: MouseEvent.Kind
            if b & cnc_button1_released() != 0 { kind = .release }
            else if b & cnc_button1_pressed() != 0 { kind = .press }
            else if b & cnc_button4_pressed() != 0 { kind = .wheelUp }
            else if b & cnc_button5_pressed() != 0 { kind = .wheelDown }
            else { return nil }
            return .mouse(MouseEvent(x: Int(event.x), y: Int(event.y), kind: kind))
        default:
            if code >= cnc_key_f(1) && code <= cnc_key_f(12) { return .key(.function(Int(code - cnc_key_f(0)))) }
            return KeyDecoding.keypad(code).map(Action.key)
        }
    }

    /// Draws `grid`, writing only cells that differ from the last frame.
    func draw(_ grid: CellGrid) {
        let screen = cnc_stdscr()
        let full = !grid.hasSameSize(as: previous)
        if full { werase(screen) }
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if !full, !grid.differs(from: previous, x: x, y: y) { continue }
                if cell.text.isEmpty { continue }  // the right half of a wide character
                var text = cell.text
                if !isUTF8, text.unicodeScalars.contains(where: { $0.value > 0x7E }) { text = "?" }
                if TextLayout.width(of: text) == 2 && x == grid.width - 1 { text = " " }
                put(text, x: x, y: y, role: cell.role, attributes: cell.attributes)
            }
        }
        previous = grid
        wnoutrefresh(screen)
        doupdate()
    }

    private func put(_ text: String, x: Int, y: Int, role: StyleRole, attributes: CellAttributes) {
        var wide = text.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) } + [0]
        var cell = cchar_t()
        let all = attributes.union(roleAttributes[role] ?? [])
        var attr: attr_t = 0
        if all.contains(.bold) { attr |= cnc_a_bold() }
        if all.contains(.underline) { attr |= cnc_a_underline() }
        if all.contains(.reverse) { attr |= cnc_a_reverse() }
        if all.contains(.dim) { attr |= cnc_a_dim() }
        setcchar(&cell, &wide, attr, pairs[role] ?? 0, nil)
        // The bottom-right cell: curses may report ERR after writing it (the cursor cannot move); harmless.
        _ = mvwadd_wch(cnc_stdscr(), Int32(y), Int32(x), &cell)
    }

    /// Puts `text` on the system clipboard of the operator's own terminal with OSC 52 (works
    /// over SSH and in tmux with set-clipboard). `text` was sanitised; base64 carries no controls.
    func copyToClipboard(_ text: String) {
        let sequence = "\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"
        fflush(nil)
        FileHandle.standardOutput.write(Data(sequence.utf8))
    }

    /// Ends curses and gives the terminal back as it was; safe to call more than once.
    func restore() {
        guard !restored else { return }
        restored = true
        if mouseOn { setMouse(false) }
        curs_set(1)
        endwin()
        fflush(nil)
    }
}
