import Foundation
import Logging

/// A swift-log handler that appends one line per event to a ``LogFile``:
///
///     2026-11-27T07:21:18.123Z info fieldledger.sync: posted invoice attempt=2 id=INV-1042
///
/// Metadata is sorted by key; values with spaces, quotes or `=` are quoted. Control characters in
/// the message are escaped so that one event is always one line (remote text cannot forge log
/// lines). Every line passes through the ``Redactor`` just before it is written — the only path to
/// the file — so no handler variant can forget it.
public struct FileLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let file: LogFile
    private let redactor: Redactor

    public init(label: String, file: LogFile, level: Logger.Level = .info, redactor: Redactor = .shared,
                metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.file = file
        self.logLevel = level
        self.redactor = redactor
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let eventMetadata = event.metadata {
            merged.merge(eventMetadata) { _, new in new }
        }
        if let error = event.error {
            merged["error"] = .string(String(describing: error))
        }
        let line = FileLogHandler.format(timestamp: LogTimestamp.now(), level: event.level, label: label,
                                         message: event.message.description, metadata: merged)
        file.append(redactor.redact(line))
    }

    /// Formats one line (without redaction). Internal so tests can check the layout.
    static func format(timestamp: String, level: Logger.Level, label: String, message: String,
                       metadata: Logger.Metadata) -> String {
        var line = "\(timestamp) \(level.rawValue) \(label): \(escapeControls(message))"
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            line += " \(escapeControls(key))=\(quoteIfNeeded(render(value)))"
        }
        return line
    }

    private static func render(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): "[" + values.map(render).joined(separator: ",") + "]"
        case .dictionary(let entries):
            "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key)=\(render($0.value))" }.joined(separator: ",") + "}"
        }
    }

    private static func quoteIfNeeded(_ text: String) -> String {
        let escaped = escapeControls(text)
        guard escaped.isEmpty || escaped.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) else {
            return escaped
        }
        return "\"" + escaped.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private static func escapeControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
