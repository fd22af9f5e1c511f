import FieldLedgerHTTP
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore
@testable import FieldLedgerServe

/// Business Central subscriptions against the simulator, with the handshake answered by our
/// listener: create, keep, renew, recreate after BC dropped it, adopt an existing one.
@Suite("Business Central subscriptions", .serialized)
struct SubscriptionKeeperTests {
    static func withListener(_ body: (ServeCompany, String) async throws -> Void) async throws {
        let company = try await ServeCompany()
        let receiver = WebhookReceiver(settings: company.receiverSettings(),
                                       inbox: WebhookInbox(store: company.store, st: company.st), store: company.store) { _ in }
        do {
            let base = try await receiver.start()
            try await body(company, base + WebhookReceiver.businessCentralPath)
        } catch {
            await receiver.stop()
            await company.stop()
            throw error
        }
        await receiver.stop()
        await company.stop()
    }

    @Test("create, keep, renew (handshake again) and recreate after Business Central deleted it")
    func lifecycle() async throws {
        try await Self.withListener { company, url in
            let keeper = SubscriptionKeeper(bc: company.bc, store: company.store, notificationURL: url, clientState: ServeCompany.clientState)
            #expect(try await keeper.ensure("salesInvoices") == .created)
            var remote = try await company.bc.subscriptions()
            #expect(remote.count == 1)
            #expect(remote.first?["notificationUrl"]?.stringValue == url)
            #expect(remote.first?["clientState"]?.stringValue == ServeCompany.clientState.reveal())
            #expect(remote.first?["resource"]?.stringValue?.hasSuffix("/salesInvoices") == true)
            let first = try #require(try keeper.storedRow("salesInvoices"))
            #expect(first.id == remote.first?["subscriptionId"]?.stringValue)

            // Three days ahead: nothing to do.
            #expect(try await keeper.ensure("salesInvoices") == .kept)

            // Inside the renewal margin: PATCH with If-Match (the simulator re-runs the handshake).
            let eager = SubscriptionKeeper(bc: company.bc, store: company.store, notificationURL: url,
                                           clientState: ServeCompany.clientState, renewWithin: 4 * 24 * 3600)
            #expect(try await eager.ensure("salesInvoices") == .renewed)
            #expect(try keeper.storedRow("salesInvoices")?.id == first.id)

            // Business Central dropped it: a new one is created and stored.
            _ = try await company.bc.send(.delete, url: company.bc.endpoint.apiRoot + "/subscriptions('\(first.id)')",
                                          headers: ["If-Match": "*"], operation: "DELETE subscriptions")
            #expect(try await keeper.ensure("salesInvoices") == .recreated)
            let second = try #require(try keeper.storedRow("salesInvoices"))
            #expect(second.id != first.id)
            remote = try await company.bc.subscriptions()
            #expect(remote.map { $0["subscriptionId"]?.stringValue } == [second.id])

            let actions = try company.store.read { db in
                try AuditLog.events(forSubject: "bc_subscription:salesInvoices", in: db).map(\.action)
            }
            #expect(actions == ["subscription.created", "subscription.renewed", "subscription.recreated"])
        }
    }

    @Test("a store without a record adopts the subscription Business Central already has for our URL")
    func adopt() async throws {
        try await Self.withListener { company, url in
            let keeper = SubscriptionKeeper(bc: company.bc, store: company.store, notificationURL: url, clientState: ServeCompany.clientState)
            let (created, failures) = await keeper.ensureAll()
            #expect(failures.isEmpty)
            #expect(created == ["salesInvoices": .created, "customers": .created])
            let otherStore = try Store.open(path: company.folder + "/other.sqlite")
            let fresh = SubscriptionKeeper(bc: company.bc, store: otherStore, notificationURL: url, clientState: ServeCompany.clientState)
            #expect(try await fresh.ensure("customers") == .adopted)
            #expect(try await company.bc.subscriptions().count == 2)
        }
    }

    @Test("a notification URL that does not answer the handshake is an error naming the resource")
    func handshakeFails() async throws {
        try await Self.withListener { company, _ in
            let keeper = SubscriptionKeeper(bc: company.bc, store: company.store, notificationURL: "http://127.0.0.1:9/nothing",
                                            clientState: ServeCompany.clientState)
            let (actions, failures) = await keeper.ensureAll()
            #expect(actions.isEmpty)
            #expect(failures.count == 2)
            #expect(failures.first?.description.contains("salesInvoices") == true)
            let remaining = try await company.bc.subscriptions()
            #expect(remaining.isEmpty)
        }
    }
}
