/// The result of validating the text of `fieldledger.toml` against ``ConfigSchema``: every
/// present value checked, defaults filled in, and where each key was written.
struct ConfigDocument {
    /// Validated values and defaults, by `section.key`.
    var values: [String: ConfigScalar] = [:]
    /// The `[sections]` written in the file.
    var presentSections: Set<String> = []
    /// Secrets written in the configuration file by mistake, with their line (reported once the
    /// credentials file path is known).
    var misplacedSecrets: [(SecretName, Int?)] = []
    let locator: TOMLKeyLocator

    func line(of path: String) -> Int? {
        locator.line(of: path.split(separator: ".").map(String.init))
    }

    // Typed reads. Defaults are already filled in by the validator, so a key with a default is
    // always present; the neutral fallbacks ("" / 0 / false) are never the effective value of a
    // valid document and exist only to keep the accessors total.

    /// A string value, or `nil` for an optional key that is absent.
    func string(_ path: String) -> String? {
        if case .string(let text)? = values[path] { return text }
        return nil
    }

    func text(_ path: String) -> String { string(path) ?? "" }

    func integer(_ path: String) -> Int {
        if case .integer(let number)? = values[path] { return number }
        return 0
    }

    func bool(_ path: String) -> Bool {
        if case .bool(let flag)? = values[path] { return flag }
        return false
    }

    func strings(_ path: String) -> [String] {
        if case .strings(let items)? = values[path] { return items }
        return []
    }
}
