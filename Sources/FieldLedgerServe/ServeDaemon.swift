import FieldLedgerCore
import FieldLedgerHTTP
import Foundation
import GRDB
import Logging

/// `fieldledger serve` without the command line: the webhook listener, the ServiceTrade hook and
/// the Business Central subscriptions, one sync cycle at a time (every `pollInterval` as the
/// polling fallback, and soon after a webhook), reconciliation every `reconcileInterval`, and a
/// heartbeat row for the console.
///
/// Webhook nudges are debounced and coalesced: a nudge during a cycle schedules exactly one more.
/// `stop()` lets the current cycle finish, stops the listener and removes the heartbeat row.
public final class ServeDaemon: Sendable {
    public struct Settings: Sendable {
        public var pollInterval: Duration
        public var reconcileInterval: Duration
        public var heartbeatInterval: Duration
        /// How long a nudge waits for more nudges before the cycle starts.
        public var debounce: Duration
        /// How often the subscriptions are checked (renewal happens when less than a day is left).
        public var subscriptionCheckInterval: Duration
        /// The base URL the external systems call (`…/webhooks`); nil: the listener's own URL + `/webhooks`.
        public var publicURL: String?
        /// `engine_heartbeat.mode`: `serve` or `demo`.
        public var mode: String
        /// Register the ServiceTrade webhook and the Business Central subscriptions at start.
        public var registerWebhooks: Bool

        public init(pollInterval: Duration, reconcileInterval: Duration, heartbeatInterval: Duration = .seconds(5),
                    debounce: Duration = .milliseconds(150), subscriptionCheckInterval: Duration = .seconds(3600),
                    publicURL: String? = nil, mode: String = "serve", registerWebhooks: Bool = true) {
            self.pollInterval = pollInterval
            self.reconcileInterval = reconcileInterval
            self.heartbeatInterval = heartbeatInterval
            self.debounce = debounce
            self.subscriptionCheckInterval = subscriptionCheckInterval
            self.publicURL = publicURL
            self.mode = mode
            self.registerWebhooks = registerWebhooks
        }
    }

    /// What the daemon has done so far (for the heartbeat, logs and tests).
    public struct Status: Sendable {
        public var cycles = 0
        public var lastRunID: Int64?
        public var lastCycleError: String?
        /// `businesscentral` / `servicetrade` when the last failure was that system's; nil: unknown.
        public var lastErrorSystem: String?
        public var lastContact: String?
        public var reconciliations = 0
        public var lastReconciliation: ReconciliationReport?
        /// Registration problems at start (the daemon runs on, polling).
        public var warnings: [String] = []
    }

    let store: Store
    let bc: BusinessCentralClient
    let st: ServiceTradeClient
    let engine: SyncEngine
    let settings: Settings
    let receiver: WebhookReceiver
    let inbox: WebhookInbox
    let receiverSettings: WebhookReceiver.Settings
    let logger: Logger
    private let wake: WakeSignal
    private let state = Locked<Status>(Status())
    private let tasks = Locked<[Task<Void, Never>]>([])
    private let startedAt = Timestamp.now()

    public init(store: Store, bc: BusinessCentralClient, st: ServiceTradeClient, pm: PartsManagerClient? = nil,
                engineSettings: SyncEngine.Settings,
                receiver receiverSettings: WebhookReceiver.Settings, settings: Settings,
                logger: Logger = Logger(label: "fieldledger.serve")) {
        self.store = store
        self.bc = bc
        self.st = st
        self.settings = settings
        self.receiverSettings = receiverSettings
        self.logger = logger
        self.engine = SyncEngine(store: store, bc: bc, st: st, pm: pm, settings: engineSettings, logger: logger)
        let inbox = WebhookInbox(store: store, st: st)
        self.inbox = inbox
        let wake = WakeSignal()
        self.wake = wake
        self.receiver = WebhookReceiver(settings: receiverSettings, inbox: inbox, store: store, logger: logger) { _ in wake.signal() }
    }

    public var status: Status { state.value }

    /// The base URL webhooks are registered with (`…/webhooks`).
    public var webhookBaseURL: String? {
        if let configured = settings.publicURL { return configured.hasSuffix("/") ? String(configured.dropLast()) : configured }
        return receiver.baseURL.map { $0 + "/webhooks" }
    }

    /// Starts listening, registers the webhooks (failures become warnings: polling still runs),
    /// and starts the scheduler and the heartbeat. Returns the listener's URL.
    @discardableResult
    public func start() async throws -> String {
        let url = try await receiver.start()
        try beat()
        if settings.registerWebhooks { await register() }
        let loop = Task { [self] in await runLoop() }
        let heartbeat = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: settings.heartbeatInterval)
                if Task.isCancelled { break }
                do { try beat() } catch { logger.warning("heartbeat failed", metadata: ["error": "\(error)"]) }
            }
        }
        tasks.value = [loop, heartbeat]
        return url
    }

    /// Runs a cycle soon (what a webhook does).
    public func nudge() { wake.signal() }

    /// Lets the current cycle finish, stops the listener and the heartbeat, removes the
    /// heartbeat row and signs out of ServiceTrade.
    public func stop() async {
        wake.close()
        let running = tasks.value
        tasks.value = []
        if let loop = running.first { await loop.value }
        for task in running.dropFirst() {
            task.cancel()
            await task.value
        }
        await receiver.stop()
        do {
            try store.write { db in try EngineHeartbeat.remove(in: db) }
        } catch {
            logger.warning("could not remove the heartbeat row", metadata: ["error": "\(error)"])
        }
        await st.signOut()
    }

    // MARK: - Registration

    private func register() async {
        guard let base = webhookBaseURL else { return }
        var warnings: [String] = []
        if let secret = receiverSettings.serviceTradeSecret, !secret.isEmpty {
            do {
                try await ServiceTradeHook(st: st, store: store, hookURL: base + "/servicetrade", secret: secret).ensure()
            } catch {
                warnings.append(ServeError.hookFailed(error).description)
            }
        } else {
            warnings.append("no ServiceTrade webhook secret (FIELDLEDGER_ST_WEBHOOK_SECRET): ServiceTrade webhooks are not registered and would be refused; polling only")
        }
        warnings += await ensureSubscriptions().map(\.description)
        for warning in warnings { logger.warning("\(warning)") }
        state.mutate { $0.warnings = warnings }
    }

    private func ensureSubscriptions() async -> [ServeError] {
        guard let base = webhookBaseURL, let clientState = receiverSettings.clientState, !clientState.isEmpty else {
            return [ServeError(description: "no Business Central clientState (FIELDLEDGER_BC_CLIENT_STATE): no subscriptions are created; Business Central changes are seen by polling only")]
        }
        let keeper = SubscriptionKeeper(bc: bc, store: store, notificationURL: base + "/businesscentral", clientState: clientState)
        let (actions, failures) = await keeper.ensureAll()
        for (set, action) in actions where action != .kept {
            logger.info("Business Central subscription \(action.rawValue)", metadata: ["resource": "\(set)"])
        }
        return failures
    }

    // MARK: - The loop

    private func runLoop() async {
        let clock = ContinuousClock()
        var nextReconcile = clock.now.advanced(by: settings.reconcileInterval)
        var nextSubscriptionCheck = clock.now.advanced(by: settings.subscriptionCheckInterval)
        await cycle(trigger: "poll")  // at start: catch up on what happened while we were down
        var nextPoll = clock.now.advanced(by: settings.pollInterval)
        while !wake.isClosed {
            let due = min(nextPoll, nextReconcile, nextSubscriptionCheck)
            let nudged = await wake.wait(upTo: max(.zero, clock.now.duration(to: due)))
            if wake.isClosed { break }
            if nudged {
                try? await Task.sleep(for: settings.debounce)
                wake.consume()  // the nudges of the pause are covered by this cycle
            }
            if nudged || clock.now >= nextPoll {
                await cycle(trigger: nudged ? "webhook" : "poll")
                nextPoll = clock.now.advanced(by: settings.pollInterval)
            }
            if clock.now >= nextReconcile {
                await reconcile()
                nextReconcile = clock.now.advanced(by: settings.reconcileInterval)
            }
            if clock.now >= nextSubscriptionCheck {
                if settings.registerWebhooks {
                    for failure in await ensureSubscriptions() { logger.warning("\(failure.description)") }
                }
                nextSubscriptionCheck = clock.now.advanced(by: settings.subscriptionCheckInterval)
            }
        }
    }

    /// One cycle: first the notifications that could not be resolved when they came, then the engine.
    private func cycle(trigger: String) async {
        do {
            try await inbox.resolvePending()
            let summary = try await engine.runOnce(trigger: trigger)
            state.mutate {
                $0.cycles += 1
                $0.lastRunID = summary.runID
                $0.lastCycleError = nil
                $0.lastErrorSystem = nil
                $0.lastContact = Timestamp.now()
            }
            if summary.received + summary.posted + summary.failed > 0 {
                logger.info("cycle \(summary.runID) (\(trigger)): \(summary.received) received, \(summary.posted) posted, \(summary.failed) failed")
            }
        } catch {
            let system: String? = switch (error as? RemoteError)?.system {
            case .businessCentral: "businesscentral"
            case .serviceTrade: "servicetrade"
            default: nil
            }
            state.mutate {
                $0.cycles += 1
                $0.lastCycleError = "\(error)"
                $0.lastErrorSystem = system
            }
            logger.warning("cycle failed; the next one retries", metadata: ["trigger": "\(trigger)", "error": "\(error)"])
        }
        try? beat()
    }

    private func reconcile() async {
        do {
            let report = try await Reconciliation(store: store, bc: bc, st: st).run(trigger: "serve", by: .engine)
            state.mutate {
                $0.reconciliations += 1
                $0.lastReconciliation = report
            }
            logger.info("reconciliation \(report.runID): \(report.compared) compared, \(report.findings.count) differences, \(report.enqueued) enqueued")
            if report.enqueued > 0 { wake.signal() }
        } catch {
            logger.warning("reconciliation failed", metadata: ["error": "\(error)"])
        }
    }

    private func beat() throws {
        let status = state.value
        let connectors = ["businesscentral", "servicetrade"].map { system in
            let failing = status.lastCycleError != nil && (status.lastErrorSystem == nil || status.lastErrorSystem == system)
            return ConnectorHealth(system: system, lastContactAt: status.lastContact, lastError: failing ? status.lastCycleError : nil,
                            tokenState: system == "businesscentral" ? (status.lastContact == nil ? "none" : "valid") : "n/a")
        }
        let heartbeat = EngineHeartbeat(mode: settings.mode, startedAt: startedAt, lastRunID: status.lastRunID, connectors: connectors)
        try store.write { db in try heartbeat.beat(in: db) }
    }
}
