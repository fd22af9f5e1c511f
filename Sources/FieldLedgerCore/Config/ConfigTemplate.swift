/// The commented `fieldledger.toml` that `fieldledger init` writes, generated from
/// ``ConfigSchema`` so it always lists every key with its description and default.
///
/// Conventions (relied on by the tests and useful to users): prose comments start with `# ` and
/// never look like TOML; a commented-out setting is exactly `# key = value` or `# [section]`, so
/// removing the leading `# ` enables it. External systems are commented out with example values.
public enum ConfigTemplate {
    public static func render() -> String {
        var lines = header()
        for spec in ConfigSchema.keys(in: "") {
            lines += describe(spec) + [setting(spec, sectionEnabled: true)]
        }
        for section in ConfigSchema.sections {
            lines.append("")
            lines += wrap(section.summary).map { "# " + $0 }
            lines.append(section.optional ? "# [\(section.name)]" : "[\(section.name)]")
            for spec in ConfigSchema.keys(in: section.name) {
                lines += describe(spec) + [setting(spec, sectionEnabled: !section.optional)]
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The commented credentials file template (every secret commented out). Write it mode 0600.
    public static func renderCredentials() -> String {
        var lines = [
            "# FieldLedger credentials. Keep this file private: owned by the user that runs fieldledger,",
            "# mode 0600 (chmod 600 on this file). Environment variables win over values here.",
        ]
        var section = ""
        for name in SecretName.allCases {
            if name.section != section {
                section = name.section
                lines += ["", "# [\(section)]"]
            }
            lines += wrap("\(capitalized(name.summary)). Environment: \(name.environmentVariable).").map { "# " + $0 }
            lines.append("# \(name.key) = \"\"")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func header() -> [String] {
        var lines = [
            "# FieldLedger configuration, written by `fieldledger init`.",
            "#",
            "# Every key is listed with its default. Relative paths are relative to this file's folder.",
            "# Sections of external systems are commented out: remove the leading \"# \" of the section",
            "# header and of its settings to enable one. Check a change with any fieldledger command: errors",
            "# name the line, the key, what is wrong and what is expected.",
            "#",
            "# Secrets (client secrets, passwords, webhook keys) never go in this file. Put them in the",
            "# credentials file (credentials_file below; same [section] names) which must be owned by the",
            "# user that runs fieldledger and readable by nobody else (chmod 600), or in environment",
            "# variables, which win over the file:",
        ]
        let width = SecretName.allCases.map(\.environmentVariable.count).max() ?? 0
        for name in SecretName.allCases {
            let padding = String(repeating: " ", count: width - name.environmentVariable.count)
            lines.append("#   \(name.environmentVariable)\(padding)  \(name.description)")
        }
        lines += [
            "#",
            "# Roles: whoever runs fieldledger acts as their OS user (over SSH, each operator is one).",
            "# [roles] grants viewer (read), operator (also retry and dismiss) or finance (also edit mapping",
            "# and posting rules) to user names or @group names; the highest grant wins. Users not listed",
            "# get default_role. Every action is recorded in the audit trail with the user's name.",
            "",
        ]
        return lines
    }

    private static func describe(_ spec: ConfigKeySpec) -> [String] {
        let status = spec.defaultValue.map { "Default: \($0.tomlLiteral)." } ?? (spec.required ? "Required." : "Optional.")
        return wrap("\(capitalized(spec.summary)). \(status)").map { "# " + $0 }
    }

    private static func setting(_ spec: ConfigKeySpec, sectionEnabled: Bool) -> String {
        let shown = spec.defaultValue ?? spec.example ?? .string("")
        let line = "\(spec.key) = \(shown.tomlLiteral)"
        return sectionEnabled && spec.defaultValue != nil ? line : "# " + line
    }

    private static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// Splits prose into lines of at most 96 characters.
    private static func wrap(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > 96 {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
