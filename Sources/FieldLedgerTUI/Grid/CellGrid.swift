/// A screen as data: `width × height` cells, each one grapheme with a semantic style role.
///
/// Rendering writes into a grid and never into the terminal, so every screen can be compared
/// with a literal string in a test; the ncurses adapter blits only the cells that changed.
/// A wide character (CJK, most emoji) occupies two cells: the first holds it, the second is a
/// continuation cell with empty text. Writes outside the grid are clipped, never a crash.
public struct CellGrid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Clickable regions recorded while rendering (key bar entries, buttons): the same layout
    /// feeds drawing and mouse hit-testing, so they cannot drift apart.
    public private(set) var regions: [HitRegion] = []

    public init(width: Int, height: Int, role: StyleRole = .text) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(text: " ", role: role), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return Cell(text: " ", role: .text) }
        return cells[y * width + x]
    }

    /// Writes `string` from (x, y), clipped to `maxWidth` columns and to the grid; returns the
    /// columns used. Text wider than the space is cut at a grapheme boundary (no marker: callers
    /// that need the `…` use `TextLayout.fit` first).
    @discardableResult
    public mutating func put(_ string: String, x: Int, y: Int, role: StyleRole = .text,
                             attributes: CellAttributes = [], maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var column = x
        for character in string {
            let w = TextLayout.width(of: character)
            if w == 0 { continue }
            if column + w > limit { break }
            if column >= 0 {
                set(column, y, Cell(text: String(character), role: role, attributes: attributes))
                if w == 2 { set(column + 1, y, Cell(text: "", role: role, attributes: attributes)) }
            }
            column += w
        }
        return max(0, column - x)
    }

    /// Fills a rectangle with spaces of one role (backgrounds, selection bars).
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, role: StyleRole,
                              attributes: CellAttributes = []) {
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) {
                set(column, row, Cell(text: " ", role: role, attributes: attributes))
            }
        }
    }

    /// Changes the style of cells already written (e.g. to highlight a selected row).
    public mutating func restyle(x: Int, y: Int, width w: Int, role: StyleRole, attributes: CellAttributes = []) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<min(width, x + w) {
            cells[y * width + column].role = role
            cells[y * width + column].attributes = attributes
        }
    }

    public mutating func addRegion(_ region: HitRegion) { regions.append(region) }

    /// Whether `other` exists and has this grid's size (a frame can be diffed against it).
    public func hasSameSize(as other: CellGrid?) -> Bool {
        other?.width == width && other?.height == height
    }

    /// Whether the cell at (x, y) must be redrawn after `previous` (every cell, without one).
    public func differs(from previous: CellGrid?, x: Int, y: Int) -> Bool {
        guard let previous, hasSameSize(as: previous) else { return true }
        return previous.cells[y * width + x] != cells[y * width + x]
    }

    /// How many cells a frame after `previous` writes: what goes over the wire per step.
    public func changedCells(since previous: CellGrid?) -> Int {
        guard let previous, hasSameSize(as: previous) else { return cells.count }
        var changed = 0
        for i in cells.indices where cells[i] != previous.cells[i] { changed += 1 }
        return changed
    }

    /// The region under (x, y), last drawn wins.
    public func region(atX x: Int, y: Int) -> HitRegion? {
        regions.last { $0.y == y && x >= $0.x && x < $0.x + $0.width }
    }

    /// The grid as plain text, one line per row, trailing spaces kept: what a snapshot test
    /// compares and what `tmux capture-pane` would show.
    public var text: String {
        (0..<height).map(line).joined(separator: "\n")
    }

    /// One row as text (continuation cells of wide characters add nothing).
    public func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width { s += cells[y * width + x].text }
        return s
    }

    private mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        // Overwriting half of a wide character blanks its other half.
        let old = cells[y * width + x]
        if old.text.isEmpty, x > 0 { cells[y * width + x - 1].text = " " }
        if TextLayout.width(of: old.text) == 2, x + 1 < width, cell.text.isEmpty == false,
           TextLayout.width(of: cell.text) < 2 {
            cells[y * width + x + 1].text = " "
        }
        cells[y * width + x] = cell
    }
}

/// One screen cell.
public struct Cell: Sendable, Equatable {
    /// One grapheme, or "" for the right half of a wide character.
    public var text: String
    public var role: StyleRole
    public var attributes: CellAttributes = []

    public init(text: String, role: StyleRole, attributes: CellAttributes = []) {
        self.text = text
        self.role = role
        self.attributes = attributes
    }
}

/// Attributes on top of a role's theme style.
public struct CellAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = CellAttributes(rawValue: 1)
    public static let underline = CellAttributes(rawValue: 2)
    public static let reverse = CellAttributes(rawValue: 4)
    public static let dim = CellAttributes(rawValue: 8)
}

/// A clickable rectangle one row high, and what a click on it does.
public struct HitRegion: Sendable, Equatable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var command: Command

    public init(x: Int, y: Int, width: Int, command: Command) {
        self.x = x
        self.y = y
        self.width = width
        self.command = command
    }
}
