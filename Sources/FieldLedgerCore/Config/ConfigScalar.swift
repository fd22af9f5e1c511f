/// A validated configuration value (or a schema default).
enum ConfigScalar: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case strings([String])

    /// The value written as TOML, for the template and the README table.
    var tomlLiteral: String {
        switch self {
        case .string(let text): return ConfigScalar.quote(text)
        case .integer(let number): return String(number)
        case .bool(let flag): return String(flag)
        case .strings(let items): return "[" + items.map(ConfigScalar.quote).joined(separator: ", ") + "]"
        }
    }

    private static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
