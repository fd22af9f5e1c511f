import Foundation

/// One segment of an OData resource path: `customers`, `customers(5f1c…)`, `Microsoft.NAV.post`.
struct ODataSegment: Sendable, Equatable {
    var name: String
    /// The key inside the parentheses, unquoted and percent-decoded; nil when there is none.
    var key: String?

    /// Splits the path after the service root into segments.
    static func parse(_ path: Substring) throws(ODataError) -> [ODataSegment] {
        try path.split(separator: "/", omittingEmptySubsequences: true).map { raw throws(ODataError) in
            let text = raw.contains("%") ? (String(raw).removingPercentEncoding ?? String(raw)) : String(raw)
            guard let open = text.firstIndex(of: "(") else { return ODataSegment(name: text, key: nil) }
            guard text.hasSuffix(")") else { throw .syntax("The segment '\(text)' has an unbalanced '('.") }
            var key = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            if let eq = key.firstIndex(of: "=") { key = String(key[key.index(after: eq)...]) }
            if key.hasPrefix("'"), key.hasSuffix("'"), key.count >= 2 { key = String(key.dropFirst().dropLast()) }
            return ODataSegment(name: String(text[..<open]), key: key)
        }
    }
}
