/// The one place that decides what of a request may appear in logs and errors.
///
/// Header values that carry credentials are replaced by `<redacted>`; in URLs the user info is
/// dropped and the values of credential-bearing query parameters are masked. Bodies are never
/// logged at all, so they need no rule here.
enum Redaction {
    static let mask = "<redacted>"

    /// Header names (lower-cased) whose values are always secret.
    static let secretHeaderNames: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key",
    ]
    /// A header whose lower-cased name contains one of these is treated as secret too.
    static let secretHeaderFragments = ["secret", "token", "signature"]
    /// Query parameters (lower-cased names) whose values are masked in logged URLs.
    static let secretQueryParameters: Set<String> = [
        "access_token", "code", "client_secret", "password", "sig",
    ]

    static func isSecretHeader(_ name: String) -> Bool {
        let lower = name.lowercased()
        return secretHeaderNames.contains(lower) || secretHeaderFragments.contains { lower.contains($0) }
    }

    /// The fields with secret values replaced by `<redacted>`.
    static func headers(_ headers: HTTPHeaders) -> [(name: String, value: String)] {
        headers.fields.map { (name: $0.name, value: isSecretHeader($0.name) ? mask : $0.value) }
    }

    /// For debug logs: the URL with user info removed and secret query values masked; the rest
    /// of the query is kept because it is what one debugs.
    static func urlForLog(_ url: String) -> String {
        let parts = URLParts(url)
        guard let query = parts.query else { return parts.withoutUserInfo }
        let masked = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let eq = pair.firstIndex(of: "=") else { return String(pair) }
            let name = pair[..<eq].lowercased()
            return secretQueryParameters.contains(name) ? "\(pair[..<eq])=\(mask)" : String(pair)
        }
        return parts.prefixWithoutUserInfo + "?" + masked.joined(separator: "&") + (parts.fragment.map { "#" + $0 } ?? "")
    }

    /// For errors: scheme, host, port and path only.
    static func urlForError(_ url: String) -> String { URLParts(url).prefixWithoutUserInfo }

    /// libcurl's error text can quote parts of the URL; remove the query and user info from it.
    static func scrub(_ message: String, url: String) -> String {
        let parts = URLParts(url)
        var out = message
        for secret in [parts.query, parts.userInfo].compactMap({ $0 }) where !secret.isEmpty {
            out = out.replacingAll(secret, with: mask)
        }
        return out
    }
}

/// A lenient split of a URL string into the pieces redaction needs; it never fails, so even a
/// malformed URL can be reported safely.
struct URLParts {
    /// `scheme://` (or empty when the string has no scheme).
    var schemeAndSlashes = ""
    var userInfo: String?
    /// Host, port and path.
    var hostAndPath: Substring = ""
    var query: String?
    var fragment: String?

    init(_ url: String) {
        var rest = Substring(url)
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        if let range = rest.firstRange(of: "://") {
            schemeAndSlashes = String(rest[..<range.upperBound])
            rest = rest[range.upperBound...]
            let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") {
                userInfo = String(rest[..<at])
                rest = rest[rest.index(after: at)...]
            }
        }
        hostAndPath = rest
    }

    var prefixWithoutUserInfo: String { schemeAndSlashes + hostAndPath }

    var withoutUserInfo: String {
        prefixWithoutUserInfo + (query.map { "?" + $0 } ?? "") + (fragment.map { "#" + $0 } ?? "")
    }
}

extension String {
    /// Plain substring replacement (Foundation-free).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
