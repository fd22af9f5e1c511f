import FieldLedgerHTTP
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore
@testable import FieldLedgerServe

/// The daemon end to end in-process: registration at start, an approval reaching `posted` through
/// the webhook path while the poll interval is an hour away, the heartbeat, a clean stop.
@Suite("Serve daemon", .serialized)
struct ServeDaemonTests {
    @Test("an invoice approved in ServiceTrade is posted via its webhook without waiting for the poll interval")
    func webhookPath() async throws {
        let company = try await ServeCompany()
        let daemon = ServeDaemon(
            store: company.store, bc: company.bc, st: company.st,
            engineSettings: .init(workers: 4, retry: RetryPolicy(maxAttempts: 30, baseDelay: 0, maxDelay: 0)),
            receiver: company.receiverSettings(),
            settings: .init(pollInterval: .seconds(3600), reconcileInterval: .seconds(86_400), heartbeatInterval: .seconds(1)))
        do {
            try await daemon.start()
            #expect(daemon.status.warnings.isEmpty)
            let base = try #require(daemon.webhookBaseURL)
            let hooks = try await company.st.list("webhook", plural: "webhooks")
            #expect(hooks.contains { $0["hookUrl"]?.stringValue == base + "/servicetrade" })
            #expect(try await company.bc.subscriptions().count == 2)
            #expect(try company.store.read { db in try EngineHeartbeat.latest(in: db)?.mode } == "serve")

            // The start-up cycle (polling) takes in the approved invoices 1–10.
            #expect(try await company.eventually(seconds: 120) { daemon.status.cycles >= 1 })
            #expect(try company.workItemState(sourceID: "1") == "posted")
            #expect(try company.workItemState(sourceID: "60") == nil)

            try await company.approve(60)
            #expect(await company.deliverServiceTradeWebhooks() >= 1)
            #expect(try await company.eventually(seconds: 120) { try company.workItemState(sourceID: "60") == "posted" })
            let triggers = try company.store.read { db in try String.fetchAll(db, sql: "SELECT trigger FROM sync_runs ORDER BY id") }
            #expect(triggers.first == "poll")
            #expect(triggers.contains("webhook"))
            // Its notification is in the inbox. (The invoice itself is taken in by the webhook handler
            // or by the nudged cycle's own ServiceTrade read, whichever comes first.)
            let notifications = try company.store.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inbox WHERE entity = 'notification' AND source_id = 'invoice:60'") ?? 0
            }
            #expect(notifications == 1)
        } catch {
            await daemon.stop()
            await company.stop()
            throw error
        }
        await daemon.stop()
        #expect(try company.store.read { db in try EngineHeartbeat.latest(in: db) } == nil)
        await company.stop()
    }

    @Test("a notification that arrives while ServiceTrade is unreachable is kept and resolved later")
    func deferredNotification() async throws {
        let company = try await ServeCompany()
        do {
            try await company.approve(61)
            // A ServiceTrade client pointed at a closed port: the fetch fails, the notification stays.
            let unreachable = ServiceTradeClient(endpoint: ServiceTradeEndpoint(baseURL: "http://127.0.0.1:9/st/api", auth: .session(
                username: "x", password: "y")), http: company.http)
            let body = WebhookReceiverTests.notification(invoice: 61, event: 77)
            #expect(try await WebhookInbox(store: company.store, st: unreachable).recordServiceTrade(body: body) == .deferred)
            #expect(try WebhookInbox(store: company.store, st: company.st).pendingCount() == 1)
            #expect(try company.workItemState(sourceID: "61") == nil)
            // ServiceTrade answers again: the next cycle's resolution takes the invoice in.
            #expect(try await WebhookInbox(store: company.store, st: company.st).resolvePending() == 1)
            #expect(try company.workItemState(sourceID: "61") == "received")
            #expect(try WebhookInbox(store: company.store, st: company.st).pendingCount() == 0)
        } catch {
            await company.stop()
            throw error
        }
        await company.stop()
    }
}
