import Crypto
import FieldLedgerCore
import Foundation

/// ServiceTrade's webhook signature: `X-ServiceTrade-Signature: sha256=<lower-case hex
/// HMAC-SHA256(secret, raw body)>` (the simulator's documented choice, README › Simulators ›
/// ServiceTrade › Webhooks). Checked in constant time.
enum WebhookSignature {
    static let header = "X-ServiceTrade-Signature"

    /// Whether `headerValue` is the signature of `body` under `secret`.
    static func isValid(_ headerValue: String?, body: [UInt8], secret: Secret) -> Bool {
        guard let headerValue, headerValue.hasPrefix("sha256="),
              let mac = bytes(hex: String(headerValue.dropFirst("sha256=".count))), mac.count == 32 else { return false }
        let key = SymmetricKey(data: Data(secret.reveal().utf8))
        // Crypto's check compares in constant time.
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: key)
    }

    /// The header value for `body` (tests and tools that send webhooks).
    static func sign(_ body: [UInt8], secret: Secret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.reveal().utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    private static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0, digits.count <= 128 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
