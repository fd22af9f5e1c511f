import Foundation
import TOMLKit

/// A colour theme: for each semantic role, a 256-colour pair, an 8-colour pair and the
/// attributes that stand in for colour on a monochrome terminal (or under `NO_COLOR`).
///
/// Themes are TOML files in `themes/` (see `themes/default.toml` for the format). A role the file
/// does not name falls back to the built-in default's style for it.
public struct Theme: Sendable, Equatable {
    public var name: String
    public var description: String
    public var styles: [StyleRole: RoleStyle]

    public func style(_ role: StyleRole) -> RoleStyle {
        styles[role] ?? Theme.builtinDefault.styles[role] ?? RoleStyle()
    }

    /// Parses a theme file's text; `origin` names the file in errors.
    public static func parse(_ toml: String, origin: String) throws(ThemeError) -> Theme {
        let file: ThemeFile
        do {
            file = try TOMLDecoder().decode(ThemeFile.self, from: toml)
        } catch {
            throw ThemeError(origin: origin, problem: "it is not a valid theme file (\(error))")
        }
        var styles: [StyleRole: RoleStyle] = [:]
        for (key, spec) in file.roles ?? [:] {
            guard let role = StyleRole(rawValue: key) else {
                throw ThemeError(origin: origin, problem: "unknown role \"\(key)\"; roles are "
                    + StyleRole.allCases.map(\.rawValue).joined(separator: ", "))
            }
            styles[role] = try spec.style(role: key, origin: origin)
        }
        return Theme(name: file.name ?? origin, description: file.description ?? "", styles: styles)
    }
}

/// How one role looks in each colour mode.
public struct RoleStyle: Sendable, Equatable {
    /// 0–255, or -1 for the terminal's own colour.
    public var fg256: Int = -1
    public var bg256: Int = -1
    /// 0–7 (black, red, green, yellow, blue, magenta, cyan, white), or -1 for the terminal's own.
    public var fg8: Int = -1
    public var bg8: Int = -1
    /// Applied in every mode.
    public var attributes: CellAttributes = []
    /// Applied instead of colour in monochrome mode.
    public var mono: CellAttributes = []

    public init(fg256: Int = -1, bg256: Int = -1, fg8: Int = -1, bg8: Int = -1,
                attributes: CellAttributes = [], mono: CellAttributes = []) {
        self.fg256 = fg256
        self.bg256 = bg256
        self.fg8 = fg8
        self.bg8 = bg8
        self.attributes = attributes
        self.mono = mono
    }
}

/// A theme that cannot be used, and why; the console reports it and uses the default.
public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let origin: String
    public let problem: String
    public var description: String {
        "theme \(origin): \(problem); using the default theme instead. Fix the file or choose another with --theme."
    }
}

/// The file format, decoded by TOMLKit.
private struct ThemeFile: Decodable {
    var name: String?
    var description: String?
    var roles: [String: RoleSpec]?
}

private struct RoleSpec: Decodable {
    var fg: Int?
    var bg: Int?
    var fg8: String?
    var bg8: String?
    var attrs: [String]?
    var mono: [String]?

    static let colours8 = ["default": -1, "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4,
                           "magenta": 5, "cyan": 6, "white": 7]

    func style(role: String, origin: String) throws(ThemeError) -> RoleStyle {
        func check256(_ v: Int?, _ key: String) throws(ThemeError) -> Int {
            guard let v else { return -1 }
            guard (-1...255).contains(v) else {
                throw ThemeError(origin: origin, problem: "roles.\(role).\(key) = \(v) is not a 256-colour number (0–255, or -1 for the terminal's own)")
            }
            return v
        }
        func check8(_ v: String?, _ key: String) throws(ThemeError) -> Int {
            guard let v else { return -1 }
            guard let n = Self.colours8[v.lowercased()] else {
                throw ThemeError(origin: origin, problem: "roles.\(role).\(key) = \"\(v)\" is not one of "
                    + Self.colours8.keys.sorted().joined(separator: ", "))
            }
            return n
        }
        func attributes(_ names: [String]?, _ key: String) throws(ThemeError) -> CellAttributes {
            var set: CellAttributes = []
            for name in names ?? [] {
                switch name.lowercased() {
                case "bold": set.insert(.bold)
                case "underline": set.insert(.underline)
                case "reverse": set.insert(.reverse)
                case "dim": set.insert(.dim)
                default:
                    throw ThemeError(origin: origin, problem: "roles.\(role).\(key) has \"\(name)\"; attributes are bold, dim, underline, reverse")
                }
            }
            return set
        }
        return RoleStyle(fg256: try check256(fg, "fg"), bg256: try check256(bg, "bg"),
                         fg8: try check8(fg8, "fg8"), bg8: try check8(bg8, "bg8"),
                         attributes: try attributes(attrs, "attrs"), mono: try attributes(mono, "mono"))
    }
}
