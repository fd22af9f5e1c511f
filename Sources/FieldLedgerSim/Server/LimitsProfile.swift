import Foundation

/// Per-principal request limits, e.g. Business Central's OData limits per user (reference §5):
/// 5 requests processed at once, 95 queued, 6,000 per 5-minute sliding window.
public struct LimitsProfile: Sendable, Equatable {
    public var name: String
    /// APIs the limits apply to.
    public var apis: Set<String>
    public var maxConcurrent: Int
    /// Requests waiting for a slot beyond `maxConcurrent`; more are refused with 429.
    public var maxQueued: Int
    /// Requests allowed per `windowSeconds` (sliding window); more are refused with 429.
    public var maxRequests: Int
    public var windowSeconds: Double
    /// A request that waits longer than this in the queue is answered 503 (BC: 8 minutes).
    public var queueTimeoutSeconds: Double

    public init(name: String, apis: Set<String>, maxConcurrent: Int, maxQueued: Int,
                maxRequests: Int, windowSeconds: Double, queueTimeoutSeconds: Double = 480) {
        self.name = name
        self.apis = apis
        self.maxConcurrent = maxConcurrent
        self.maxQueued = maxQueued
        self.maxRequests = maxRequests
        self.windowSeconds = windowSeconds
        self.queueTimeoutSeconds = queueTimeoutSeconds
    }

    /// No limits at all.
    public static let none = LimitsProfile(name: "none", apis: [], maxConcurrent: .max, maxQueued: .max,
                                           maxRequests: .max, windowSeconds: 1)
    /// Business Central online, per user / service principal (reference §5).
    public static let bcReal = LimitsProfile(name: "bc-real", apis: ["bc"], maxConcurrent: 5, maxQueued: 95,
                                             maxRequests: 6_000, windowSeconds: 300)

    /// `none`, `bc-real`, or `bc:concurrent=5,queue=95,rate=6000/300,queueTimeout=480` (any subset
    /// of the keys; missing ones take the bc-real values).
    public init(parsing spec: String) throws(SimulatorConfigurationError) {
        let trimmed = spec.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "none" { self = .none; return }
        if trimmed == "bc-real" { self = .bcReal; return }
        guard let colon = trimmed.firstIndex(of: ":") else { throw .badLimits(spec, "unknown profile '\(trimmed)'") }
        let api = String(trimmed[..<colon])
        guard ["bc", "st", "pm"].contains(api) else { throw .badLimits(spec, "unknown API '\(api)'") }
        var profile = LimitsProfile.bcReal
        profile.name = trimmed
        profile.apis = [api]
        for item in trimmed[trimmed.index(after: colon)...].split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { throw .badLimits(spec, "'\(item)' is not key=value") }
            switch pair[0] {
            case "concurrent":
                guard let n = Int(pair[1]), n >= 1 else { throw .badLimits(spec, "concurrent must be a whole number ≥ 1") }
                profile.maxConcurrent = n
            case "queue":
                guard let n = Int(pair[1]), n >= 0 else { throw .badLimits(spec, "queue must be a whole number ≥ 0") }
                profile.maxQueued = n
            case "queueTimeout":
                guard let s = Double(pair[1]), s > 0 else { throw .badLimits(spec, "queueTimeout must be a number of seconds > 0") }
                profile.queueTimeoutSeconds = s
            case "rate":
                let parts = pair[1].split(separator: "/")
                guard parts.count == 2, let n = Int(parts[0]), n >= 1, let s = Double(parts[1]), s > 0 else {
                    throw .badLimits(spec, "rate must be REQUESTS/SECONDS, e.g. 6000/300")
                }
                profile.maxRequests = n
                profile.windowSeconds = s
            default:
                throw .badLimits(spec, "unknown key '\(pair[0])'")
            }
        }
        self = profile
    }
}
