/// Walks a parsed `fieldledger.toml` against ``ConfigSchema`` and collects every problem (not
/// just the first) as a ``ConfigIssue`` with its line.
enum ConfigValidator {
    static func validate(_ root: [(key: String, value: TOMLNode)], locator: TOMLKeyLocator, file: String,
                         issues: inout [ConfigIssue]) -> ConfigDocument {
        var document = ConfigDocument(locator: locator)
        var invalid: Set<String> = []
        for (name, value) in root {
            if ConfigSchema.section(named: name) != nil {
                guard case .table(let entries) = value else {
                    issues.append(ConfigError.notATable(file, line: locator.line(of: [name]), section: name))
                    invalid.insert(name)
                    continue
                }
                document.presentSections.insert(name)
                for (key, entry) in entries {
                    check(section: name, key: key, value: entry, file: file, document: &document,
                          invalid: &invalid, issues: &issues)
                }
            } else if case .table = value {
                issues.append(ConfigError.unknownSection(
                    file, line: locator.line(of: [name]), name: name,
                    suggestion: closest(to: name, among: ConfigSchema.sections.map(\.name))))
            } else {
                check(section: "", key: name, value: value, file: file, document: &document,
                      invalid: &invalid, issues: &issues)
            }
        }
        requireKeys(file: file, document: &document, invalid: invalid, issues: &issues)
        for spec in ConfigSchema.keys where document.values[spec.path] == nil {
            if let value = spec.defaultValue { document.values[spec.path] = value }
        }
        return document
    }

    private static func check(section: String, key: String, value: TOMLNode, file: String,
                              document: inout ConfigDocument, invalid: inout Set<String>,
                              issues: inout [ConfigIssue]) {
        let path = section.isEmpty ? key : "\(section).\(key)"
        let line = document.locator.line(of: section.isEmpty ? [key] : [section, key])
        if let spec = ConfigSchema.key(path) {
            switch spec.kind.validate(value) {
            case .success(let scalar): document.values[path] = scalar
            case .failure(let failure):
                invalid.insert(path)
                issues.append(ConfigIssue(file: file, line: line, key: path, message: failure.message))
            }
        } else if let secret = SecretName.allCases.first(where: { $0.section == section && $0.key == key }) {
            document.misplacedSecrets.append((secret, line))
        } else {
            let valid = ConfigSchema.keys(in: section).map(\.path)
            // A section's key written above every section header: suggest the section.
            let misplaced = section.isEmpty ? ConfigSchema.keys.first { $0.key == key && !$0.section.isEmpty }?.path : nil
            let suggestion = misplaced ?? closest(to: path, among: valid)
            issues.append(ConfigError.unknownKey(file, line: line, key: path, suggestion: suggestion, valid: valid))
        }
    }

    /// Keys required whenever their section is present, and the cross-key rule of ServiceTrade's
    /// two authentication modes. Reported at the section header.
    private static func requireKeys(file: String, document: inout ConfigDocument, invalid: Set<String>,
                                    issues: inout [ConfigIssue]) {
        for section in document.presentSections {
            for spec in ConfigSchema.keys(in: section)
            where spec.required && document.values[spec.path] == nil && !invalid.contains(spec.path) {
                issues.append(ConfigError.missingKey(file, line: document.line(of: section), spec: spec))
            }
        }
        guard document.presentSections.contains("servicetrade"), let auth = document.string("servicetrade.auth")
        else { return }
        let needed = auth == "session" ? "servicetrade.username" : "servicetrade.client_id"
        if document.values[needed] == nil, !invalid.contains(needed), let spec = ConfigSchema.key(needed) {
            issues.append(ConfigError.missingKey(file, line: document.line(of: "servicetrade"), spec: spec,
                                                 neededBy: "auth = \"\(auth)\""))
        }
    }

    /// The candidate closest to `word` by edit distance, if close enough to be a likely typo
    /// (at most 2 edits, or a quarter of the key's last component when that is longer).
    static func closest(to word: String, among candidates: [String]) -> String? {
        let best = candidates.map { (candidate: $0, distance: editDistance(word, $0)) }.min { $0.distance < $1.distance }
        let keyLength = word.split(separator: ".").last?.count ?? word.count
        guard let best, best.distance <= max(2, keyLength / 4) else { return nil }
        return best.candidate
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var previous = Array(0...y.count)
        for i in 1...x.count {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }
}
