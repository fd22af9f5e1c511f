import Foundation

extension ConfigSchema {
    /// The configuration reference as Markdown tables (keys, then secrets), for the README.
    public static func markdownReference() -> String {
        var lines = [
            "| key | type | default | description |",
            "|---|---|---|---|",
        ]
        for spec in keys {
            let key = spec.section.isEmpty ? "`\(spec.key)`" : "`[\(spec.section)]` `\(spec.key)`"
            let value = spec.defaultValue.map { "`\($0.tomlLiteral)`" } ?? (spec.required ? "required" : "—")
            lines.append("| \(key) | \(spec.kind.typeName) | \(value) | \(escape(spec.summary)) |")
        }
        lines += [
            "",
            "Secrets: from the environment, or the credentials file (mode 0600, same `[section]` names).",
            "",
            "| credentials file key | environment variable | description |",
            "|---|---|---|",
        ]
        for name in SecretName.allCases {
            lines.append("| `[\(name.section)]` `\(name.key)` | `\(name.environmentVariable)` | \(escape(name.summary)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
