import Foundation

/// Times in the store are UTC ISO-8601 text with milliseconds (`2026-11-27T07:21:18.123Z`): they
/// sort as text, read well in the sqlite3 CLI and survive the audit hash's canonical encoding.
public enum Timestamp {
    /// Formats without a `DateFormatter` (they are slow and not thread-safe to share).
    public static func string(_ date: Date) -> String {
        // To the nearest millisecond: .123 is 0.12299… in binary, and flooring it would make
        // `string(date(text))` drift by a millisecond.
        let total = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var whole = time_t(total >= 0 ? total / 1000 : (total - 999) / 1000)
        let millis = Int(total - Int64(whole) * 1000)
        var parts = tm()
        gmtime_r(&whole, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }

    /// Parses what `string(_:)` writes (and the same without milliseconds) by hand, as the
    /// engine does for every due item; any other ISO 8601 form goes through the formatter.
    public static func date(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func digits(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for i in from..<from + count {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        if (b.count == 20 || b.count == 24), b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58, b[b.count - 1] == 90,
           let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
           let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
           (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 {
            var millis = 0
            if b.count == 24 {
                guard b[19] == 46, let value = digits(20, 3) else { return nil }
                millis = value
            }
            var parts = tm()
            parts.tm_year = Int32(year - 1900)
            parts.tm_mon = Int32(month - 1)
            parts.tm_mday = Int32(day)
            parts.tm_hour = Int32(hour)
            parts.tm_min = Int32(minute)
            parts.tm_sec = Int32(second)
            return Date(timeIntervalSince1970: Double(timegm(&parts)) + Double(millis) / 1000)
        }
        let f = ISO8601DateFormatter()
        f.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return f.date(from: text)
    }

    public static func now() -> String { string(Date()) }
}
