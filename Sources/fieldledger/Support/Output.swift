import FieldLedgerHTTP
import Foundation

/// Where command output goes: results to stdout, diagnostics to stderr.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func json(_ value: JSONValue) {
        line(value.serialized())
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Pads or truncates (marking the cut with "…") to a column width.
    static func cell(_ text: String, _ width: Int, right: Bool = false) -> String {
        let t = text.count > width ? String(text.prefix(max(0, width - 1))) + "…" : text
        let pad = String(repeating: " ", count: max(0, width - t.count))
        return right ? pad + t : t + pad
    }
}

/// A failure the user must see (exit 1); the message says what to do.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
