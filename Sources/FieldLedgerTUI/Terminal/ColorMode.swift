/// How many colours the console uses: chosen from terminfo's `COLORS`, forced to none by a
/// non-empty `NO_COLOR` (no-color.org) or a terminal without colour.
public enum ColorMode: Sendable, Equatable {
    case monochrome, eight, full256

    public static func detect(hasColors: Bool, colors: Int, environment: [String: String]) -> ColorMode {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        guard hasColors else { return .monochrome }
        return colors >= 256 ? .full256 : colors >= 8 ? .eight : .monochrome
    }

    /// The foreground, background and attributes a role gets in this mode.
    public func resolve(_ style: RoleStyle) -> (fg: Int, bg: Int, attributes: CellAttributes) {
        switch self {
        case .monochrome: (-1, -1, style.attributes.union(style.mono))
        case .eight: (style.fg8, style.bg8, style.attributes)
        case .full256: (style.fg256, style.bg256, style.attributes)
        }
    }
}
