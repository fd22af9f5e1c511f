/// A secret value (client secret, password, webhook key). It prints as `<redacted>` everywhere —
/// `description`, `debugDescription`, string interpolation, `dump` — so that a secret passed to a
/// log call, an error message or `print` by mistake cannot leak. The raw value is only available
/// through the explicit, greppable ``reveal()``.
///
/// `Secret` is deliberately not `Codable`: it can never be encoded into the store or JSON output.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// The raw secret, for the one place that must send it (an HTTP body, an HMAC key).
    public func reveal() -> String { value }

    /// Whether the secret is the empty string (an empty environment variable, for example).
    public var isEmpty: Bool { value.isEmpty }

    public var description: String { Secret.placeholder }
    public var debugDescription: String { Secret.placeholder }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// What every secret prints as.
    public static let placeholder = "<redacted>"

    /// Compares in time independent of where the values first differ, so that comparing a webhook
    /// signature or `clientState` does not leak how much of a guess was right.
    public static func == (a: Secret, b: Secret) -> Bool {
        let x = Array(a.value.utf8)
        let y = Array(b.value.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) {
            let p = i < x.count ? x[i] : 0
            let q = i < y.count ? y[i] : 0
            difference |= p ^ q
        }
        return difference == 0
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }
}
