import FieldLedgerHTTP
import FieldLedgerSim
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore
@testable import FieldLedgerServe

/// The listener over real HTTP on loopback: ServiceTrade signatures, the body cap, the 202 only
/// after the commit, Business Central's handshake and clientState.
@Suite("Webhook receiver", .serialized)
struct WebhookReceiverTests {
    /// A running receiver over a simulated company; `nudges` counts the scheduler nudges.
    final class Harness: @unchecked Sendable {
        let company: ServeCompany
        let receiver: WebhookReceiver
        let base: String
        let nudges = Locked<Int>(0)

        init(maxBodyBytes: Int = 65_536) async throws {
            company = try await ServeCompany()
            let counter = nudges
            receiver = WebhookReceiver(settings: company.receiverSettings(maxBodyBytes: maxBodyBytes),
                                       inbox: WebhookInbox(store: company.store, st: company.st), store: company.store) { _ in
                counter.mutate { $0 += 1 }
            }
            base = try await receiver.start()
        }

        func stop() async {
            await receiver.stop()
            await company.stop()
        }

        /// Runs `body` on a fresh harness and stops it whatever happens.
        static func with(maxBodyBytes: Int = 65_536, _ body: (Harness) async throws -> Void) async throws {
            let harness = try await Harness(maxBodyBytes: maxBodyBytes)
            do { try await body(harness) } catch {
                await harness.stop()
                throw error
            }
            await harness.stop()
        }

        func refusals() throws -> [JSONValue] {
            try company.store.read { db in
                try AuditLog.page(limit: 1000, in: db).reversed().filter { $0.action == "webhook.refused" }.map(\.detailsJSON)
            }
        }

        func inboxCount(_ sql: String = "1 = 1") throws -> Int {
            try company.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inbox WHERE \(sql)") ?? 0 }
        }
    }

    static func notification(invoice id: Int, event: Int = 901) -> [UInt8] {
        Array(#"{"webhookId":1,"eventId":\#(event),"entity":{"type":"invoice","id":\#(id),"uri":"/st/api/invoice/\#(id)"},"action":"updated","changeset":[{"field":"status","old":"ok","new":"pending_accounting"}],"occurred":1790000000}"#.utf8)
    }

    @Test("a correctly signed notification is answered 202 only after the invoice is in the inbox")
    func goodSignature() async throws {
        try await Harness.with() { h in
            try await h.company.approve(60)
            let body = Self.notification(invoice: 60)
            let response = try await send(h.company.http, h.base + WebhookReceiver.serviceTradePath, body: body, headers: [
                "Content-Type": "application/json", "X-ServiceTrade-Signature": WebhookSignature.sign(body, secret: ServeCompany.secret)])
            #expect(response.status == 202)
            // Read right after the 202: the commit happened before the answer.
            #expect(try h.inboxCount("entity = 'invoice' AND source_id = '60' AND channel = 'webhook'") == 1)
            #expect(try h.inboxCount("entity = 'notification' AND processed_at IS NOT NULL") == 1)
            #expect(try h.company.workItemState(sourceID: "60") == "received")
            #expect(h.nudges.value == 1)
            // A redelivery of the same event stores nothing new.
            let again = try await send(h.company.http, h.base + WebhookReceiver.serviceTradePath, body: body, headers: [
                "Content-Type": "application/json", "X-ServiceTrade-Signature": WebhookSignature.sign(body, secret: ServeCompany.secret)])
            #expect(again.status == 202)
            #expect(try h.inboxCount() == 2)
        }
    }

    @Test("a wrong or missing signature is refused with 401, audited, and nothing is stored")
    func badSignature() async throws {
        try await Harness.with() { h in
            let body = Self.notification(invoice: 61)
            let wrong = try await send(h.company.http, h.base + WebhookReceiver.serviceTradePath, body: body, headers: [
                "Content-Type": "application/json", "X-ServiceTrade-Signature": WebhookSignature.sign(body, secret: Secret("not-the-secret-at-all"))])
            #expect(wrong.status == 401)
            let tampered = body + Array(" ".utf8)
            let changed = try await send(h.company.http, h.base + WebhookReceiver.serviceTradePath, body: tampered, headers: [
                "Content-Type": "application/json", "X-ServiceTrade-Signature": WebhookSignature.sign(body, secret: ServeCompany.secret)])
            #expect(changed.status == 401)
            let missing = try await send(h.company.http, h.base + WebhookReceiver.serviceTradePath, body: body)
            #expect(missing.status == 401)
            #expect(try h.inboxCount() == 0)
            let codes = try h.refusals().compactMap { $0["code"]?.stringValue }
            #expect(codes == ["signature_invalid", "signature_invalid", "signature_missing"])
            // No secret in what was audited.
            let audited = try h.refusals().map { $0.serialized() }.joined()
            #expect(!audited.contains(ServiceTradeTestCredentials.webhookSecret))
            #expect(h.nudges.value == 0)
        }
    }

    @Test("a body over the cap is refused with 413 before it is read")
    func oversized() async throws {
        try await Harness.with(maxBodyBytes: 2_048) { h in
            let body = Array(repeating: UInt8(ascii: "x"), count: 50_000)
            let response = try await send(h.company.http, h.base + WebhookReceiver.serviceTradePath, body: body, headers: [
                "Content-Type": "application/json", "X-ServiceTrade-Signature": WebhookSignature.sign(body, secret: ServeCompany.secret)])
            #expect(response.status == 413)
            #expect(try h.refusals().compactMap { $0["code"]?.stringValue } == ["body_too_large"])
            #expect(try h.inboxCount() == 0)
            // The listener keeps working.
            let small = Self.notification(invoice: 62)
            let next = try await send(h.company.http, h.base + WebhookReceiver.serviceTradePath, body: small, headers: [
                "Content-Type": "application/json", "X-ServiceTrade-Signature": WebhookSignature.sign(small, secret: ServeCompany.secret)])
            #expect(next.status == 202)
        }
    }

    @Test("a signed body that is not a ServiceTrade notification is refused with 400")
    func malformed() async throws {
        try await Harness.with() { h in
            let body = Array(#"{"hello":"world"}"#.utf8)
            let response = try await send(h.company.http, h.base + WebhookReceiver.serviceTradePath, body: body, headers: [
                "Content-Type": "application/json", "X-ServiceTrade-Signature": WebhookSignature.sign(body, secret: ServeCompany.secret)])
            #expect(response.status == 400)
            #expect(try h.inboxCount() == 0)
        }
    }

    @Test("Business Central's validation handshake echoes the token as text/plain")
    func handshake() async throws {
        try await Harness.with() { h in
            let post = try await send(h.company.http, h.base + WebhookReceiver.businessCentralPath + "?validationToken=abc-123", body: [],
                                      headers: ["Content-Type": "text/plain"])
            #expect(post.status == 200)
            #expect(post.text == "abc-123")
            #expect(post.headers["Content-Type"]?.hasPrefix("text/plain") == true)
            let get = try await send(h.company.http, h.base + WebhookReceiver.businessCentralPath + "?validationToken=xyz", body: [],
                                     headers: [:], method: .get)
            #expect(get.status == 200)
            #expect(get.text == "xyz")
        }
    }

    @Test("a notification with a wrong clientState is refused with 401 and audited; ours is accepted and nudges")
    func clientState() async throws {
        try await Harness.with() { h in
            func body(_ state: String) -> [UInt8] {
                Array(#"{"value":[{"subscriptionId":"s1","clientState":"\#(state)","expirationDateTime":"2026-12-01T00:00:00Z","resource":"api/v2.0/companies(c1)/salesInvoices(i1)","changeType":"updated","lastModifiedDateTime":"2026-11-27T10:00:00Z"}]}"#.utf8)
            }
            let wrong = try await send(h.company.http, h.base + WebhookReceiver.businessCentralPath, body: body("someone-else"))
            #expect(wrong.status == 401)
            #expect(try h.refusals().compactMap { $0["code"]?.stringValue } == ["client_state_invalid"])
            #expect(!(try h.refusals().map { $0.serialized() }.joined().contains(ServeCompany.clientState.reveal())))
            #expect(h.nudges.value == 0)
            let ours = try await send(h.company.http, h.base + WebhookReceiver.businessCentralPath, body: body(ServeCompany.clientState.reveal()))
            #expect(ours.status == 202)
            #expect(h.nudges.value == 1)
            #expect(try h.inboxCount("source_system = 'businesscentral' AND source_id = 'salesInvoices'") == 1)
        }
    }
}
