import FieldLedgerHTTP
import Foundation
import Hummingbird
import Logging

/// The loopback HTTP server that hosts the simulated APIs (Hummingbird 2).
///
/// One catch-all responder turns each request into a `SimRequest`, applies the request limits,
/// latency and faults, hands it to the API whose path prefix matches, writes the request log, and
/// answers `/_sim/*` control routes. The APIs never see server types, so tests can also call them
/// in-process.
///
/// ```swift
/// let server = SimulatorServer(options: SimulatorOptions(port: 0), apis: [bc, st, pm])
/// let endpoints = try await server.start()
/// print(server.banner)
/// await server.stop()
/// ```
public final class SimulatorServer: @unchecked Sendable {
    public let options: SimulatorOptions
    public let apis: [any SimulatedAPI]
    public let clock: SimClock
    let faults: FaultInjector
    let limiter: RequestLimiter
    private let logger: Logger
    private let lock = NSLock()
    private var runTask: Task<Void, Never>?
    private var requestLog: RequestLog?
    private var startedEndpoints: [SimulatorEndpoint] = []
    private var rootURL: String?

    /// - Parameters:
    ///   - clock: share the clock the APIs were built with, so `/_sim/clock` moves everything.
    ///   - logger: the server's own log; silent by default (the console owns the terminal).
    public init(options: SimulatorOptions, apis: [any SimulatedAPI], clock: SimClock = SimClock(),
                logger: Logger? = nil) {
        self.options = options
        self.apis = apis
        self.clock = clock
        self.faults = FaultInjector(spec: options.faults, seed: options.seed)
        self.limiter = RequestLimiter(profile: options.limits, clock: clock)
        self.logger = logger ?? Logger(label: "fieldledger.sim", factory: { _ in SwiftLogNoOpLogHandler() })
    }

    /// Loads the data directory into every API, binds, and returns where each API answers.
    public func start() async throws -> [SimulatorEndpoint] {
        if let directory = options.dataDirectory {
            for api in apis { try api.load(dataDirectory: directory) }
        }
        let log = try options.requestLogPath.map { path throws(SimulatorConfigurationError) in try RequestLog(path: path) }
        let signal = StartSignal()
        let app = Application(
            responder: SimResponder(server: self),
            configuration: .init(address: .hostname(options.host, port: options.port)),
            onServerRunning: { channel in signal.succeed(port: channel.localAddress?.port ?? 0) },
            logger: logger)
        let task = Task {
            do {
                try await app.runService(gracefulShutdownSignals: [])
                signal.fail(SimulatorConfigurationError("The simulator server stopped before it was running."))
            } catch {
                signal.fail(SimulatorConfigurationError(
                    "The simulator server could not listen on \(self.options.host):\(self.options.port): \(error). Choose another --port or stop what uses it."))
            }
        }
        lock.withLock {
            runTask = task
            requestLog = log
        }
        let port = try await signal.wait()
        let root = "http://\(options.host):\(port)"
        let endpoints = apis.map { $0.endpoint(serverURL: root) }
        lock.withLock {
            rootURL = root
            startedEndpoints = endpoints
        }
        return endpoints
    }

    /// Stops listening and ends open connections (held `timeout` requests included).
    public func stop() async {
        let task = lock.withLock {
            let task = runTask
            runTask = nil
            return task
        }
        task?.cancel()
        await task?.value
    }

    /// Starts stopping without waiting (for cleanup from synchronous code such as a `deinit`);
    /// prefer `stop()`, which returns once the server is down.
    public func beginStop() {
        let task = lock.withLock {
            let task = runTask
            runTask = nil
            return task
        }
        task?.cancel()
    }

    /// `http://127.0.0.1:PORT` once started.
    public var baseURL: String? {
        lock.lock()
        defer { lock.unlock() }
        return rootURL
    }

    /// The start-up banner: the server root, then one line per API with its base URL and the
    /// test tenant's identifiers and credentials.
    public var banner: String {
        lock.lock()
        defer { lock.unlock() }
        guard let rootURL else { return "FieldLedger simulators: not started" }
        var lines = ["FieldLedger simulators on \(rootURL) (control: \(rootURL)/_sim/state)"]
        lines += startedEndpoints.map(\.bannerLine)
        if !options.faults.probabilities.isEmpty || options.limits != .none {
            lines.append("faults: \(options.faults.probabilities.isEmpty ? "none" : "on") (seed \(options.seed)), limits: \(options.limits.name)")
        }
        return lines.joined(separator: "\n")
    }

    var currentRequestLog: RequestLog? {
        lock.lock()
        defer { lock.unlock() }
        return requestLog
    }
}

/// Resolves `start()` once: with the bound port, or with the reason the server did not run.
private final class StartSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Int, any Error>?
    private var continuation: CheckedContinuation<Int, any Error>?

    func succeed(port: Int) { resolve(.success(port)) }
    func fail(_ error: any Error) { resolve(.failure(error)) }

    private func resolve(_ value: Result<Int, any Error>) {
        lock.lock()
        guard result == nil else { lock.unlock(); return }
        result = value
        let waiting = continuation
        continuation = nil
        lock.unlock()
        waiting?.resume(with: value)
    }

    func wait() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            if let result {
                lock.unlock()
                continuation.resume(with: result)
            } else {
                self.continuation = continuation
                lock.unlock()
            }
        }
    }
}
