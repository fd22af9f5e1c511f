#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Credentials {
    /// Loads secrets from `environment` and the credentials file at `file` (absolute), registering
    /// every one with `redactor`. The environment wins. A missing file is fine (all secrets may
    /// come from the environment); a file that is not owned by the current user, or that group or
    /// others may read or write, is refused before it is read. Unknown sections and keys are
    /// errors; no message ever contains a value from the file.
    public static func load(file: String, environment: [String: String],
                            redactor: Redactor = .shared) throws(ConfigError) -> Credentials {
        var found: [SecretName: Secret] = [:]
        var issues: [ConfigIssue] = []
        switch TextFile.read(file) {
        case .failure(.missing):
            break
        case .failure(.unreadable(let reason)):
            issues.append(ConfigIssue(file: file, message:
                "cannot read the credentials file (\(reason)); run fieldledger as the user that owns it, "
                + "or set the secrets in the environment instead"))
        case .failure(.notUTF8):
            issues.append(ConfigError.notUTF8(file))
        case .success(let contents):
            if let refusal = permissionProblem(file: file, owner: contents.owner, mode: contents.mode) {
                issues.append(refusal)
            } else {
                found = parse(contents.text, file: file, issues: &issues)
            }
        }
        for name in SecretName.allCases {
            if let value = environment[name.environmentVariable], !value.isEmpty {
                found[name] = Secret(value)
            }
        }
        for secret in found.values { redactor.register(secret) }
        guard issues.isEmpty else { throw ConfigError(issues) }
        return Credentials(found, file: file)
    }

    /// The refusal for a credentials file others could read or change, with the command that
    /// fixes it; `nil` when the file is private to the current user.
    static func permissionProblem(file: String, owner: uid_t, mode: mode_t) -> ConfigIssue? {
        let me = geteuid()
        if owner != me {
            let ownerName = OSAccounts.userName(uid: owner) ?? "uid \(owner)"
            let myName = OSAccounts.userName(uid: me) ?? "uid \(me)"
            return ConfigIssue(file: file, sentence:
                "is owned by \(ownerName), not by \(myName) who runs fieldledger; secrets must be private to "
                + "the user that runs fieldledger: run fieldledger as \(ownerName), or run  sudo chown \(myName) \(file)")
        }
        guard mode & 0o077 != 0 else { return nil }
        var who: [String] = []
        if mode & 0o070 != 0 { who.append("group") }
        if mode & 0o007 != 0 { who.append("others") }
        let access = mode & 0o044 != 0 ? "readable" : "writable"
        let octal = String(mode & 0o777, radix: 8)
        let padded = String(repeating: "0", count: max(0, 4 - octal.count)) + octal
        return ConfigIssue(file: file, sentence:
            "is \(access) by \(who.joined(separator: " and ")) (mode \(padded)); secrets must be private: "
            + "run  chmod 600 \(file)")
    }

    private static func parse(_ text: String, file: String, issues: inout [ConfigIssue]) -> [SecretName: Secret] {
        let root: TOMLNode
        do {
            root = try TOMLNode.parse(text)
        } catch {
            // Never include the parser's message: it may quote the offending (secret) text.
            let line = TOMLNode.syntaxErrorLine(error)
            issues.append(ConfigIssue(file: file, line: line, message:
                "TOML syntax error; fix this line (the text is not shown because it may hold a secret)"))
            return [:]
        }
        guard case .table(let sections) = root else { return [:] }
        let locator = TOMLKeyLocator(text: text)
        let sectionNames = Array(Set(SecretName.allCases.map(\.section))).sorted()
        var found: [SecretName: Secret] = [:]
        for (section, value) in sections {
            let known = SecretName.allCases.filter { $0.section == section }
            let sectionList = sectionNames.map { "[\($0)]" }.joined(separator: ", ")
            guard case .table(let entries) = value else {
                issues.append(ConfigIssue(file: file, line: locator.line(of: [section]), key: section, message:
                    "key outside any section; put it under one of \(sectionList) (the value is not shown)"))
                continue
            }
            guard !known.isEmpty else {
                issues.append(ConfigIssue(file: file, line: locator.line(of: [section]), key: section, message:
                    "unknown section; the credentials file has sections \(sectionList)"))
                continue
            }
            for (key, entry) in entries {
                let line = locator.line(of: [section, key])
                guard let name = known.first(where: { $0.key == key }) else {
                    let valid = known.map(\.description)
                    let suggestion = ConfigValidator.closest(to: "\(section).\(key)", among: valid)
                    issues.append(ConfigError.unknownKey(file, line: line, key: "\(section).\(key)",
                                                         suggestion: suggestion, valid: valid))
                    continue
                }
                guard case .string(let raw) = entry, !raw.isEmpty else {
                    issues.append(ConfigIssue(file: file, line: line, key: name.description, message:
                        "expected a non-empty string in quotes (the value is not shown)"))
                    continue
                }
                found[name] = Secret(raw)
            }
        }
        return found
    }
}
