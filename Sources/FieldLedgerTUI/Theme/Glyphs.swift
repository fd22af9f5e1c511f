/// The symbols screens draw: Unicode under a UTF-8 locale, ASCII otherwise (or with `--ascii`).
/// Status symbols always come with a word, so neither colour nor a glyph alone carries meaning.
public struct Glyphs: Sendable, Equatable {
    public var horizontal: String
    public var vertical: String
    public var ellipsis: String
    public var expanded: String
    public var collapsed: String
    public var ok: String
    public var failed: String
    public var waiting: String
    public var arrow: String
    public var dot: String
    /// Sparkline levels, lowest first; `sparkZero` marks a bucket with nothing in it.
    public var spark: [String]
    public var sparkZero: String

    public static let unicode = Glyphs(horizontal: "─", vertical: "│", ellipsis: "…", expanded: "▾", collapsed: "▸",
                                       ok: "✓", failed: "✗", waiting: "…", arrow: "→", dot: "·",
                                       spark: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], sparkZero: "·")
    public static let ascii = Glyphs(horizontal: "-", vertical: "|", ellipsis: "~", expanded: "v", collapsed: ">",
                                     ok: "+", failed: "x", waiting: ".", arrow: "->", dot: "-",
                                     spark: ["_", ",", "-", "~", "=", "+", "*", "#"], sparkZero: ".")
}
