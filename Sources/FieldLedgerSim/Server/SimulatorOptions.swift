import Foundation

/// Everything `fieldledger sim` (and tests) can set on a `SimulatorServer`.
public struct SimulatorOptions: Sendable {
    /// Bind address. Loopback by default: the simulators are for one machine.
    public var host: String = "127.0.0.1"
    /// 0 = a free port chosen by the system.
    public var port: Int = 0
    /// Loaded into every API at start (`DIR/bc`, `DIR/st`, `DIR/pm`); nil = each API's empty state.
    public var dataDirectory: URL?
    public var faults: FaultSpec = FaultSpec()
    /// Seed of the fault RNG, so a failing run can be repeated exactly.
    public var seed: UInt64 = 1
    public var limits: LimitsProfile = .none
    /// Delay added to every API call (not `/_sim`), in milliseconds.
    public var latencyMilliseconds: Int = 0
    /// JSON-lines request log; nil = no log.
    public var requestLogPath: String?
    /// Bodies above this size are refused with 413 in the API's error shape.
    public var maxBodyBytes: Int = 10 * 1024 * 1024
    /// How long a `timeout` fault holds a request before closing the connection without an
    /// answer. Longer than any sane client timeout by default; tests shorten it.
    public var timeoutHoldSeconds: Double = 65

    public init(host: String = "127.0.0.1", port: Int = 0, dataDirectory: URL? = nil,
                faults: FaultSpec = FaultSpec(), seed: UInt64 = 1, limits: LimitsProfile = .none,
                latencyMilliseconds: Int = 0, requestLogPath: String? = nil,
                maxBodyBytes: Int = 10 * 1024 * 1024, timeoutHoldSeconds: Double = 65) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.faults = faults
        self.seed = seed
        self.limits = limits
        self.latencyMilliseconds = latencyMilliseconds
        self.requestLogPath = requestLogPath
        self.maxBodyBytes = maxBodyBytes
        self.timeoutHoldSeconds = timeoutHoldSeconds
    }
}
