import Foundation

/// One segment of an OData resource path: `customers`, `customers(5f1c…)`, `Microsoft.NAV.post`.
struct ODataSegment: Sendable, Equatable {
    var name: String
    /// The key inside the parentheses, unquoted and percent-decoded; nil when there is none.
    var key: String?

    /// Splits the path after the service root into segments.
    ///
    /// Scans UTF-8 bytes rather than `Character`s: every API call parses its path, and the
    /// structural characters (`/`, `(`, `)`, `=`, `'`, `%`) are all ASCII.
    static func parse(_ path: Substring) throws(ODataError) -> [ODataSegment] {
        var segments: [ODataSegment] = []
        for raw in path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            segments.append(try segment(Substring(raw)))
        }
        return segments
    }

    private static func segment(_ raw: Substring) throws(ODataError) -> ODataSegment {
        let text = raw.utf8.contains(UInt8(ascii: "%")) ? (String(raw).removingPercentEncoding ?? String(raw)) : String(raw)
        let bytes = text.utf8
        guard let open = bytes.firstIndex(of: UInt8(ascii: "(")) else { return ODataSegment(name: text, key: nil) }
        guard bytes.last == UInt8(ascii: ")") else { throw .syntax("The segment '\(text)' has an unbalanced '('.") }
        var keyBytes = bytes[bytes.index(after: open)..<bytes.index(before: bytes.endIndex)]
        if let eq = keyBytes.firstIndex(of: UInt8(ascii: "=")) { keyBytes = keyBytes[keyBytes.index(after: eq)...] }
        if keyBytes.count >= 2, keyBytes.first == UInt8(ascii: "'"), keyBytes.last == UInt8(ascii: "'") {
            keyBytes = keyBytes.dropFirst().dropLast()
        }
        return ODataSegment(name: String(Substring(bytes[..<open])), key: String(Substring(keyBytes)))
    }
}
