import Foundation

/// A kind of injected failure.
public enum FaultKind: String, Sendable, CaseIterable {
    /// 500/502/503 in the API's error shape; the change is not applied.
    case serverError = "5xx"
    /// 429 with `Retry-After`; the change is not applied.
    case throttled = "429"
    /// The request is held longer than any client timeout, then the connection is closed; not applied.
    case timeout = "timeout"
    /// The change IS applied, then the connection is closed without any response.
    case dropAfterCommit = "drop-after-commit"
    /// The change IS applied, then a 200 answer whose body is not JSON (an HTML page, as a
    /// misbehaving proxy or gateway sends): the client cannot tell what happened.
    case malformed = "malformed"
}

/// Per-API fault probabilities, parsed from `bc:5xx=0.10,429=0.05;st:timeout=0.02`.
public struct FaultSpec: Sendable, Equatable {
    /// API name → kind → probability. Kinds are drawn in `FaultKind.allCases` order from one roll.
    public var probabilities: [String: [FaultKind: Double]]

    public init(probabilities: [String: [FaultKind: Double]] = [:]) {
        self.probabilities = probabilities
    }

    /// Parses a spec; an empty string means no faults.
    public init(parsing spec: String) throws(SimulatorConfigurationError) {
        var result: [String: [FaultKind: Double]] = [:]
        for apiPart in spec.split(separator: ";", omittingEmptySubsequences: true) {
            let trimmed = apiPart.trimmingCharacters(in: .whitespaces)
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw .badFaults(spec, "'\(trimmed)' has no 'api:' prefix")
            }
            let api = String(trimmed[..<colon])
            guard ["bc", "st", "pm"].contains(api) else { throw .badFaults(spec, "unknown API '\(api)'") }
            guard result[api] == nil else { throw .badFaults(spec, "API '\(api)' appears twice") }
            var kinds: [FaultKind: Double] = [:]
            for item in trimmed[trimmed.index(after: colon)...].split(separator: ",") {
                let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { throw .badFaults(spec, "'\(item)' is not kind=probability") }
                guard let kind = FaultKind(rawValue: pair[0]) else { throw .badFaults(spec, "unknown fault kind '\(pair[0])'") }
                guard let p = Double(pair[1]), p >= 0, p <= 1 else {
                    throw .badFaults(spec, "probability '\(pair[1])' of \(kind.rawValue) is not a number between 0 and 1")
                }
                kinds[kind] = p
            }
            guard kinds.values.reduce(0, +) <= 1.000_000_1 else {
                throw .badFaults(spec, "the probabilities for '\(api)' add up to more than 1")
            }
            result[api] = kinds
        }
        self.probabilities = result
    }

    /// Picks the fault for one request of `api` from a uniform roll in [0, 1).
    func fault(api: String, roll: Double) -> FaultKind? {
        guard let kinds = probabilities[api] else { return nil }
        var cumulative = 0.0
        for kind in FaultKind.allCases {
            cumulative += kinds[kind] ?? 0
            if roll < cumulative { return kind }
        }
        return nil
    }
}

/// A small deterministic RNG (SplitMix64) so `--seed` reproduces a fault sequence.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The server's fault source: the spec (replaceable through `PUT /_sim/faults`) and the seeded RNG.
final class FaultInjector: @unchecked Sendable {
    private let lock = NSLock()
    private var spec: FaultSpec
    private var rng: SeededGenerator

    init(spec: FaultSpec, seed: UInt64) {
        self.spec = spec
        self.rng = SeededGenerator(seed: seed)
    }

    func replace(_ newSpec: FaultSpec) {
        lock.lock()
        spec = newSpec
        lock.unlock()
    }

    var currentSpec: FaultSpec {
        lock.lock()
        defer { lock.unlock() }
        return spec
    }

    /// Draws the fault for one request, and for 5xx which status (500, 502 or 503).
    func draw(api: String) -> (kind: FaultKind, status: Int)? {
        lock.lock()
        defer { lock.unlock() }
        guard spec.probabilities[api] != nil else { return nil }
        let roll = Double.random(in: 0..<1, using: &rng)
        guard let kind = spec.fault(api: api, roll: roll) else { return nil }
        switch kind {
        case .serverError: return (kind, [500, 502, 503][Int.random(in: 0..<3, using: &rng)])
        case .throttled: return (kind, 429)
        case .timeout, .dropAfterCommit: return (kind, 0)
        case .malformed: return (kind, 200)
        }
    }
}
