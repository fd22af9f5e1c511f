/// A simulator option that could not be used (bad `--faults` or `--limits` spec, unusable data
/// directory, request log that cannot be opened). The message names the option, what was wrong and
/// what to write instead.
public struct SimulatorConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    static func badFaults(_ spec: String, _ problem: String) -> Self {
        Self("--faults '\(spec)': \(problem). Expected e.g. 'bc:5xx=0.10,429=0.05,timeout=0.02,drop-after-commit=0.02;st:5xx=0.05' "
             + "(API bc, st or pm; kinds 5xx, 429, timeout, drop-after-commit; probabilities 0…1 summing to at most 1 per API).")
    }

    static func badLimits(_ spec: String, _ problem: String) -> Self {
        Self("--limits '\(spec)': \(problem). Expected 'none', 'bc-real', or e.g. 'bc:concurrent=5,queue=95,rate=6000/300'.")
    }
}
