extension Redactor {
    /// Keys whose value is always a secret, in any syntax (compared case-insensitively).
    static let sensitiveKeys = [
        "access_token", "refresh_token", "id_token", "client_secret", "clientSecret", "password",
        "passwd", "clientState", "client_state", "webhook_secret", "authToken", "api_key", "apikey",
        "PHPSESSID", "authorization",
    ]

    /// The compiled patterns. `Regex` is not `Sendable`, so each ``Redactor`` owns one set and
    /// uses it only under its lock.
    struct Patterns {
        let bearer = /(?i)\b(bearer)\s+[A-Za-z0-9\-._~+\/]+=*/
        let authorizationHeader = /(?i)\b(authorization\s*:\s*)[^\r\n"]+/
        // Built from the key list. The list is constant and the tests exercise both patterns; if
        // construction ever failed, the pattern degrades to matching nothing rather than crashing.
        let jsonPair: Regex<(Substring, Substring, Substring)> =
            (try? Regex("(?i)(\"(?:\(keyAlternation))\")(\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"",
                        as: (Substring, Substring, Substring).self)) ?? /(?!)(x)(x)/
        let assignment: Regex<(Substring, Substring)> =
            (try? Regex("(?i)\\b((?:\(keyAlternation))=)(?:\"(?:[^\"\\\\]|\\\\.)*\"|[^&\\s,;\"]*)",
                        as: (Substring, Substring).self)) ?? /(?!)(x)/

        private static var keyAlternation: String { sensitiveKeys.joined(separator: "|") }
        private var keyAlternation: String { Patterns.keyAlternation }

        /// Applies the patterns. Cheap `contains` checks skip the regular expressions for the
        /// common line that holds nothing sensitive.
        func apply(_ text: String) -> String {
            let lowered = text.lowercased()
            var result = text
            if lowered.contains("bearer") {
                result = result.replacing(bearer) { match in "\(match.output.1) \(Secret.placeholder)" }
            }
            guard Redactor.sensitiveKeys.contains(where: { lowered.contains($0.lowercased()) }) else { return result }
            // JSON: "key" : "value" (keeps the key and separator as they were).
            result = result.replacing(jsonPair) { match in
                "\(match.output.1)\(match.output.2)\"\(Secret.placeholder)\""
            }
            // HTTP header: Authorization: <anything to the end of the line>.
            result = result.replacing(authorizationHeader) { match in "\(match.output.1)\(Secret.placeholder)" }
            // Form bodies, query strings, cookies and key=value metadata.
            result = result.replacing(assignment) { match in "\(match.output.1)\(Secret.placeholder)" }
            return result
        }
    }
}
