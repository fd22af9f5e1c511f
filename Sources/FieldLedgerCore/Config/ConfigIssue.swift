/// One problem found in a configuration or credentials file. Its description is one line:
///
///     fieldledger.toml:12: sync.max_attempts: expected a whole number from 1 to 100, found "ten"
///     fieldledger.toml: no such file; run 'fieldledger init' to write a commented template, or pass --config PATH
///
/// Messages never contain a secret value.
public struct ConfigIssue: Sendable, Equatable, CustomStringConvertible {
    /// The file, as the user named it (or resolved from the configuration file's folder).
    public let file: String
    /// 1-based line, when the problem is at a place in the file.
    public let line: Int?
    /// `section.key` (or a section name), when the problem is about one key.
    public let key: String?
    /// What is wrong and what is expected or what to do.
    public let message: String
    private let joinedBySpace: Bool

    init(file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
        self.joinedBySpace = false
    }

    /// An issue whose message is a sentence about the file itself (`PATH is readable by …`).
    init(file: String, sentence: String) {
        self.file = file
        self.line = nil
        self.key = nil
        self.message = sentence
        self.joinedBySpace = true
    }

    public var description: String {
        if joinedBySpace { return "\(file) \(message)" }
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let key { text += "\(key): " }
        return text + message
    }
}
