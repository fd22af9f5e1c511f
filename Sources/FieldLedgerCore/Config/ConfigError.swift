import Foundation

/// Everything wrong with a configuration (and its credentials), collected in one pass so the user
/// can fix all of it at once. The description has one line per issue, in file and line order.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    public let issues: [ConfigIssue]

    init(_ issues: [ConfigIssue]) {
        // Files in the order they were first reported, then by line, then as reported.
        var fileOrder: [String: Int] = [:]
        for issue in issues where fileOrder[issue.file] == nil { fileOrder[issue.file] = fileOrder.count }
        self.issues = issues.enumerated().sorted { a, b in
            let x = (fileOrder[a.element.file] ?? 0, a.element.line ?? 0, a.offset)
            let y = (fileOrder[b.element.file] ?? 0, b.element.line ?? 0, b.offset)
            return x < y
        }.map(\.element)
    }

    init(_ issue: ConfigIssue) {
        self.issues = [issue]
    }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
    public var errorDescription: String? { description }

    // MARK: - Messages assembled in one place

    static func missingFile(_ file: String) -> ConfigIssue {
        ConfigIssue(file: file, message:
            "no such file; run 'fieldledger init' to write a commented template, or pass --config PATH")
    }

    static func unreadable(_ file: String, reason: String) -> ConfigIssue {
        ConfigIssue(file: file, message:
            "cannot read (\(reason)); check the file's owner and permissions, or pass another --config PATH")
    }

    static func syntax(_ file: String, line: Int, parserMessage: String) -> ConfigIssue {
        ConfigIssue(file: file, line: line, message:
            "TOML syntax error: \(parserMessage); fix this line (see https://toml.io)")
    }

    static func notUTF8(_ file: String) -> ConfigIssue {
        ConfigIssue(file: file, message: "is not UTF-8 text; save it as UTF-8")
    }

    static func unknownKey(_ file: String, line: Int?, key: String, suggestion: String?, valid: [String]) -> ConfigIssue {
        let hint = suggestion.map { "did you mean \($0)?" }
            ?? (valid.isEmpty ? "remove it" : "valid keys here are " + valid.joined(separator: ", "))
        return ConfigIssue(file: file, line: line, key: key, message: "unknown key; \(hint)")
    }

    static func unknownSection(_ file: String, line: Int?, name: String, suggestion: String?) -> ConfigIssue {
        let hint = suggestion.map { "did you mean [\($0)]?" }
            ?? "valid sections are " + ConfigSchema.sections.map { "[\($0.name)]" }.joined(separator: ", ")
        return ConfigIssue(file: file, line: line, key: name, message: "unknown section; \(hint)")
    }

    static func notATable(_ file: String, line: Int?, section: String) -> ConfigIssue {
        ConfigIssue(file: file, line: line, key: section, message: "expected a section [\(section)], found a plain value")
    }

    static func missingKey(_ file: String, line: Int?, spec: ConfigKeySpec, neededBy: String? = nil) -> ConfigIssue {
        let example = spec.example.map { ", such as \(spec.key) = \($0.tomlLiteral)" } ?? ""
        return ConfigIssue(file: file, line: line, key: spec.path, message:
            "missing; \(neededBy ?? "[\(spec.section)]") needs \(spec.kind.expectation)\(example)")
    }

    static func noSuchGroup(_ file: String, line: Int?, group: String) -> ConfigIssue {
        ConfigIssue(file: file, line: line, key: "store.shared_group", message:
            "no such group \"\(group)\"; create it (groupadd \(group)) and add the operators to it, or remove this key")
    }

    static func secretInConfig(_ file: String, line: Int?, secret: SecretName, credentialsFile: String) -> ConfigIssue {
        ConfigIssue(file: file, line: line, key: secret.description, message:
            "secrets do not belong in the configuration file; remove it here and set \(secret.environmentVariable) "
            + "or put \(secret.key) under [\(secret.section)] in \(credentialsFile) (mode 0600)")
    }

    static func missingSecret(_ file: String, line: Int?, secret: SecretName, credentialsFile: String) -> ConfigIssue {
        ConfigIssue(file: file, line: line, key: secret.description, message:
            "missing secret; set \(secret.environmentVariable) or put \(secret.key) = \"…\" under "
            + "[\(secret.section)] in \(credentialsFile) (mode 0600)")
    }
}
