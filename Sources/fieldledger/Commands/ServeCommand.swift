import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP
import FieldLedgerServe
import Foundation
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The engine as a daemon: webhook listener, pollers, workers, reconciliation (operator role).",
        discussion: """
            Listens on [webhooks] listen for ServiceTrade webhooks (POST /webhooks/servicetrade, HMAC-signed) and \
            Business Central notifications (/webhooks/businesscentral, clientState checked), registers both at \
            start, runs a sync cycle every [sync] poll_interval_seconds and soon after each webhook, and \
            reconciles every [sync] reconcile_interval_minutes. SIGINT or SIGTERM: finish the current cycle, \
            stop, exit 0.
            """)

    @Option(help: ArgumentHelp("Listen here instead of [webhooks] listen (port 0: any free port).", valueName: "host:port"))
    var listen: String?
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let context = try CLIContext.load(global, credentials: .load)
        try context.commandContext().require(.operator, to: "serve")
        // A daemon without its log would run blind: refuse rather than discard the log.
        if case .discarding(let reason) = FieldLedgerLogging.bootstrap(config: context.config) {
            throw CommandFailure("serve needs its log file: \(reason)")
        }
        let logger = Logger(label: "fieldledger.serve")
        let config = context.config
        let (host, port) = try Self.hostAndPort(listen ?? config.webhooks.listen)
        let http = HTTPClient()
        defer { http.shutdown() }
        guard let bc = try config.businessCentralClient(http: http) else {
            throw CommandFailure("\(config.file): no [business_central] section; serve needs one (see 'fieldledger init')")
        }
        guard let st = try config.serviceTradeClient(http: http) else {
            throw CommandFailure("\(config.file): no [servicetrade] section; serve needs one (see 'fieldledger init')")
        }
        let daemon = ServeDaemon(
            store: try context.openStore(), bc: bc, st: st, pm: try config.partsManagerClient(http: http),
            engineSettings: config.engineSettings,
            receiver: WebhookReceiver.Settings(host: host, port: port, maxBodyBytes: config.webhooks.maxBodyBytes,
                                               serviceTradeSecret: config.credentials[.serviceTradeWebhookSecret],
                                               clientState: config.credentials[.businessCentralClientState]),
            settings: ServeDaemon.Settings(pollInterval: .seconds(config.sync.pollIntervalSeconds),
                                           reconcileInterval: .seconds(config.sync.reconcileIntervalMinutes * 60),
                                           publicURL: config.webhooks.publicURL),
            logger: logger)
        let stopSignal = StopSignal()
        let url: String
        do {
            url = try await daemon.start()
        } catch {
            await daemon.stop()
            throw CommandFailure("\(error)")
        }
        let line = "fieldledger serve: listening on \(url) (webhooks at \(daemon.webhookBaseURL ?? url + "/webhooks")); polling every \(config.sync.pollIntervalSeconds) s; SIGINT or SIGTERM stops"
        logger.info("\(line)")
        Output.line(line)
        for warning in daemon.status.warnings { Output.error("warning: \(warning)") }
        let received = await stopSignal.wait()
        logger.info("fieldledger serve: \(received) received; finishing the current cycle")
        await daemon.stop()
        logger.info("fieldledger serve: stopped")
        Output.line("fieldledger serve: stopped (\(received))")
    }

    /// `HOST:PORT` (IPv6 in brackets); port 0 picks a free one.
    static func hostAndPort(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw CommandFailure("--listen \"\(text)\": expected HOST:PORT such as 127.0.0.1:8787 (port 0 picks a free one)")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw CommandFailure("--listen \"\(text)\": the host is missing") }
        return (host, port)
    }
}

/// Turns SIGINT and SIGTERM into one awaited event (the default handlers would kill the process
/// mid-cycle).
final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var sources: [any DispatchSourceSignal] = []
    private var received: String?
    private var waiter: CheckedContinuation<String, Never>?

    init() {
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.fire(name) }
            source.resume()
            sources.append(source)
        }
    }

    private func fire(_ name: String) {
        let waiting: CheckedContinuation<String, Never>? = lock.withLock {
            guard received == nil else { return nil }
            received = name
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume(returning: name)
    }

    func wait() async -> String {
        await withCheckedContinuation { continuation in
            let already: String? = lock.withLock {
                if let received { return received }
                waiter = continuation
                return nil
            }
            if let already { continuation.resume(returning: already) }
        }
    }
}
