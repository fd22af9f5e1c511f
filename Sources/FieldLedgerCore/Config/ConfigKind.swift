import Foundation

/// The type of a configuration key: how a TOML value is checked, and what an error says is
/// expected. Each kind has exactly one "expected …" phrase, used by validation, the template and
/// the README table alike.
enum ConfigKind: Sendable {
    /// A non-empty string.
    case text
    /// A file path; relative paths resolve against the configuration file's folder.
    case path
    /// An absolute `http` or `https` URL.
    case url
    /// A whole number in the range.
    case integer(ClosedRange<Int>)
    case boolean
    /// One of the listed strings.
    case choice([String])
    /// An array of OS user names and `@group` names (role grants).
    case principals
    /// `HOST:PORT`.
    case listenAddress
    /// An OS group name.
    case groupName

    /// What a valid value looks like, as said after "expected".
    var expectation: String {
        switch self {
        case .text: "a non-empty string"
        case .path: "a file path string (relative paths are relative to the configuration file)"
        case .url: "an http or https URL such as \"https://api.example.com\""
        case .integer(let range): "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .boolean: "true or false"
        case .choice(let values): "one of " + values.map { "\"\($0)\"" }.joined(separator: ", ")
        case .principals: "an array of user names and @group names, such as [\"alice\", \"@finance\"]"
        case .listenAddress: "\"HOST:PORT\" such as \"127.0.0.1:8787\""
        case .groupName: "an OS group name such as \"fieldledger\""
        }
    }

    /// A short type name for the README table.
    var typeName: String {
        switch self {
        case .text: "string"
        case .path: "path"
        case .url: "URL"
        case .integer(let range): "integer \(range.lowerBound)–\(range.upperBound)"
        case .boolean: "boolean"
        case .choice(let values): values.joined(separator: " \\| ")
        case .principals: "array of names"
        case .listenAddress: "HOST:PORT"
        case .groupName: "group name"
        }
    }

    /// Checks `node`; on failure returns the message part after `KEY: `.
    func validate(_ node: TOMLNode) -> Result<ConfigScalar, ConfigKindFailure> {
        let wrong = ConfigKindFailure(message: "expected \(expectation), found \(node.found)")
        switch (self, node) {
        case (.boolean, .bool(let flag)):
            return .success(.bool(flag))
        case (.integer(let range), .integer(let number)):
            return range.contains(number) ? .success(.integer(number)) : .failure(wrong)
        case (.text, .string(let text)), (.path, .string(let text)):
            return text.trimmingCharacters(in: .whitespaces).isEmpty ? .failure(wrong) : .success(.string(text))
        case (.choice(let values), .string(let text)):
            return values.contains(text) ? .success(.string(text)) : .failure(wrong)
        case (.url, .string(let text)):
            return ConfigKind.checkURL(text)
        case (.listenAddress, .string(let text)):
            return ConfigKind.isListenAddress(text) ? .success(.string(text)) : .failure(wrong)
        case (.groupName, .string(let text)):
            return RoleGrants.isValidName(text) ? .success(.string(text)) : .failure(wrong)
        case (.principals, .array(let items)):
            var names: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let name) = item, RoleGrants.isValidPrincipal(name) else {
                    return .failure(ConfigKindFailure(
                        message: "expected \(expectation), found \(item.found) (item \(index + 1))"))
                }
                names.append(name)
            }
            return .success(.strings(names))
        default:
            return .failure(wrong)
        }
    }

    private static func checkURL(_ text: String) -> Result<ConfigScalar, ConfigKindFailure> {
        let expected = ConfigKind.url.expectation
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else {
            // Never echo something that may carry credentials (user:password@host).
            let shown = text.contains("@") ? "a value with '@'" : TOMLNode.string(text).found
            return .failure(ConfigKindFailure(message: "expected \(expected), found \(shown)"))
        }
        guard url.user == nil, url.password == nil else {
            return .failure(ConfigKindFailure(
                message: "the URL must not contain a user name or password; put secrets in the credentials file"))
        }
        return .success(.string(text))
    }

    private static func isListenAddress(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":") else { return false }
        var host = text[..<colon]
        let port = text[text.index(after: colon)...]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" }),
              let number = Int(port), (1...65535).contains(number) else { return false }
        return true
    }
}

/// Why a value does not fit its ``ConfigKind`` (the text after `KEY: `).
struct ConfigKindFailure: Error {
    let message: String
}
