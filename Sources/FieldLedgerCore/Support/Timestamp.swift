import Foundation

/// Times in the store are UTC ISO-8601 text with milliseconds (`2026-11-27T07:21:18.123Z`): they
/// sort as text, read well in the sqlite3 CLI and survive the audit hash's canonical encoding.
public enum Timestamp {
    /// Formats without a `DateFormatter` (they are slow and not thread-safe to share).
    public static func string(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        var whole = time_t(floor(seconds))
        var millis = Int(((seconds - floor(seconds)) * 1000).rounded(.down))
        if millis >= 1000 { millis = 999 }
        var parts = tm()
        gmtime_r(&whole, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }

    /// Parses what `string(_:)` writes (and the same without milliseconds).
    public static func date(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return f.date(from: text)
    }

    public static func now() -> String { string(Date()) }
}
