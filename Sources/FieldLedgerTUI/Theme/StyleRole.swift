/// The semantic roles a theme gives colours to. Screens name roles, never colours.
public enum StyleRole: String, Sendable, CaseIterable, Hashable, Codable {
    case text, dim, accent, selection, ok, warn, error, header, title, keybar, keybarKey, status, input
}
