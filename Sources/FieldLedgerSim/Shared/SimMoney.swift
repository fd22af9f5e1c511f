import FieldLedgerHTTP
import Foundation

/// Exact decimal helpers for money and quantities in simulated API bodies: never through `Double`.
enum SimMoney {
    /// A decimal from a JSON number or a numeric string (SoftLedger sends amounts as strings).
    static func decimal(_ value: JSONValue?) -> Decimal? {
        switch value {
        case .number(let n): return n.decimal
        case .string(let s):
            let trimmed = s.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) else { return nil }
            return Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
        default: return nil
        }
    }

    /// Rounds half away from zero to `scale` decimals, as invoices do.
    static func rounded(_ value: Decimal, scale: Int = 2) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }

    /// A money literal with exactly two decimals (`125.50`), as the real services print amounts.
    static func json(_ value: Decimal) -> JSONValue {
        let text = rounded(value).plainString
        var literal = text
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            literal += String(repeating: "0", count: max(0, 2 - decimals))
        } else {
            literal += ".00"
        }
        return (try? JSONValue(parsing: literal)) ?? .number(JSONNumber(value))
    }

    /// A quantity in plain notation (`2`, `1.5`).
    static func quantityJSON(_ value: Decimal) -> JSONValue { .number(JSONNumber(value)) }

    /// Largest magnitude accepted for an amount or quantity: far above any invoice, far below
    /// where `Decimal` arithmetic loses digits.
    static let maximum = Decimal(string: "999999999999.9999") ?? 0

    static func inRange(_ value: Decimal) -> Bool { !value.isNaN && abs(value) <= maximum }

    /// True when the value has at most `scale` decimals.
    static func hasAtMost(_ scale: Int, decimals value: Decimal) -> Bool { rounded(value, scale: scale) == value }
}

/// Small parsing helpers shared by the simulated APIs.
enum SimRequestParsing {
    /// The path after `prefix`, split into non-empty segments (`/st/api/invoice/7` → `["invoice", "7"]`).
    static func segments(of path: String, after prefix: String) -> [String] {
        var rest = path
        if let q = rest.firstIndex(of: "?") { rest = String(rest[..<q]) }
        if rest.hasPrefix(prefix) { rest = String(rest.dropFirst(prefix.count)) }
        return rest.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
    }

    /// Decodes `application/x-www-form-urlencoded` (`+` is a space).
    static func formFields(_ body: [UInt8]) -> [String: String] {
        let text = String(decoding: body, as: UTF8.self)
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            guard let key = parts.first else { continue }
            fields[decode(key)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    /// Why a request body is not a usable JSON object, as the message a client sees.
    struct BodyProblem: Error {
        let message: String
    }

    /// The JSON object body, or a description of why there is none.
    static func jsonObject(_ body: [UInt8]) -> Result<JSONObject, BodyProblem> {
        guard !body.isEmpty else { return .failure(BodyProblem(message: "The request body is empty; send a JSON object.")) }
        do {
            let value = try JSONValue(parsing: body)
            guard let object = value.objectValue else {
                return .failure(BodyProblem(message: "The request body is \(value.kindName); send a JSON object."))
            }
            return .success(object)
        } catch {
            return .failure(BodyProblem(message: "The request body is not valid JSON: \(error.description)."))
        }
    }

    /// The fields of an OAuth2 token request: form-encoded, or a JSON object of strings when the
    /// `Content-Type` says JSON (some clients send JSON).
    static func oauthFields(_ request: SimRequest) -> [String: String] {
        if request.header("Content-Type")?.lowercased().contains("json") == true,
           case .success(let object) = jsonObject(request.body) {
            var fields: [String: String] = [:]
            for (key, value) in object { if let s = value.stringValue { fields[key] = s } }
            return fields
        }
        return formFields(request.body)
    }

    /// `client_id`/`client_secret` from an HTTP Basic `Authorization` header, if present.
    static func basicCredentials(_ header: String?) -> (id: String, secret: String)? {
        guard let header, header.lowercased().hasPrefix("basic "),
              let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// The token of an `Authorization: Bearer …` header.
    static func bearerToken(_ header: String?) -> String? {
        guard let header, header.lowercased().hasPrefix("bearer ") else { return nil }
        let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// A cookie's value from a `Cookie` header.
    static func cookie(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            if pair.hasPrefix(name + "=") { return String(pair.dropFirst(name.count + 1)) }
        }
        return nil
    }

    /// A random opaque token (hex), for sessions and access tokens.
    static func randomToken(bytes: Int = 24) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
