import Foundation

/// The one place where secrets are removed from text before it is written anywhere (log files,
/// error messages shown to a user). Two layers:
///
/// 1. **Known values**: every ``Secret`` loaded from the environment or the credentials file is
///    registered here, and any occurrence of its value (also percent- or JSON-escaped) becomes
///    `<redacted>`. This catches a secret wherever it ends up, whatever the surrounding syntax.
/// 2. **Patterns** for values we never saw loaded (tokens minted at runtime, a remote system's
///    session id): `Bearer …`, `Authorization: …`, and the sensitive keys (`access_token`,
///    `refresh_token`, `client_secret`, `password`, `clientState`, `PHPSESSID`, …) in JSON
///    (`"key":"…"`), form (`key=…&`) and `key=value` metadata forms. See `Redactor+Patterns.swift`.
///
/// Thread-safe; ``shared`` is the process-wide instance the credentials loader registers with and
/// the file log handler reads from.
public final class Redactor: @unchecked Sendable {
    /// The process-wide redactor.
    public static let shared = Redactor()

    private let lock = NSLock()
    /// Registered literal values, longest first so that a secret containing another is replaced whole.
    private var values: [String] = []
    private let patterns = Patterns()

    public init() {}

    /// Registers a secret so that its value is redacted from every line from now on.
    public func register(_ secret: Secret) {
        let raw = secret.reveal()
        guard !raw.isEmpty else { return }
        var variants: Set<String> = [raw]
        if let encoded = raw.addingPercentEncoding(withAllowedCharacters: Redactor.formSafe) {
            variants.insert(encoded)
        }
        variants.insert(Redactor.jsonEscaped(raw))
        lock.lock()
        defer { lock.unlock() }
        for variant in variants where !values.contains(variant) {
            values.append(variant)
        }
        values.sort { $0.count > $1.count }
    }

    /// Returns `text` with every registered secret value and every sensitive pattern replaced by
    /// `<redacted>`.
    public func redact(_ text: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        var result = text
        for value in values where result.contains(value) {
            result = result.replacingOccurrences(of: value, with: Secret.placeholder)
        }
        return patterns.apply(result)
    }

    private static let formSafe: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()

    private static func jsonEscaped(_ raw: String) -> String {
        var out = ""
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/": out += "\\/"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
