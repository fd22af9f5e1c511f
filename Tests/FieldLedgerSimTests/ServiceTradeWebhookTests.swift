import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("ServiceTrade simulator: webhooks")
struct ServiceTradeWebhookTests {
    @Test("ST §1.8 (choice) the webhook signature is HMAC-SHA256, checked against RFC 4231") func hmacMatchesTheRFC4231Vector() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        #expect(WebhookSignature.header(body: Array("what do ya want for nothing?".utf8), secret: "Jefe")
            == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("ST §1.8 (choice) changes are delivered with X-ServiceTrade-Signature: sha256=<HMAC of the body>") func changesAreDeliveredSignedWithTheWebhookSecret() async {
        let transport = CapturingTransport()
        let clock = SimClock()
        let st = ServiceTradeSimulator(clock: clock, webhookTransport: transport)
        let c = await STFixture.session(st)
        let b = await STFixture.basics(c)
        let secret = "listener-shared-secret-0001"
        let hook = await c.call("POST", "/st/api/webhook", json: ["hookUrl": "http://127.0.0.1:9/st", "secret": .string(secret)])
        #expect(hook.status == 200)
        #expect(hook.data["secret"] == nil, "the secret is never returned")
        #expect(await c.call("GET", "/st/api/webhook/\(hook.data["id"]?.intValue ?? 0)").json.serialized().contains(secret) == false)
        let invoice = await STFixture.invoice(c, b).data["id"]?.intValue ?? 0
        _ = await c.call("PUT", "/st/api/invoice/\(invoice)", json: ["status": "pending_accounting"])
        #expect(transport.deliveries.isEmpty, "nothing is sent until the queue is drained")
        #expect(await st.deliverDueWebhooks() == 2)
        let deliveries = transport.deliveries
        #expect(deliveries.count == 2)
        let update = deliveries[1]
        #expect(update.url == "http://127.0.0.1:9/st")
        #expect(update.json["entity"]?["type"]?.stringValue == "invoice")
        #expect(update.json["entity"]?["id"]?.intValue == invoice)
        #expect(update.json["action"]?.stringValue == "updated")
        #expect(update.json["webhookId"]?.intValue == hook.data["id"]?.intValue)
        #expect(update.json["occurred"]?.intValue == Int(clock.now().timeIntervalSince1970))
        let change = update.json["changeset"]?.arrayValue?.first { $0["field"]?.stringValue == "status" }
        #expect(change?["old"]?.stringValue == "ok")
        #expect(change?["new"]?.stringValue == "pending_accounting")
        #expect(update.header("X-ServiceTrade-Event-Id") == update.json["eventId"]?.intValue.map { String($0) })
        #expect(update.header("X-ServiceTrade-Signature") == WebhookSignature.header(body: update.body, secret: secret))
        #expect(update.header("X-ServiceTrade-Signature") != WebhookSignature.header(body: update.body, secret: ServiceTradeTestCredentials.webhookSecret))
        #expect(!st.dump().serialized().contains(secret), "secrets never reach the state dump")
        #expect(st.dump()["webhookDeliveries"]?["delivered"]?.arrayValue?.count == 2)
    }

    @Test("ST §1.8 webhooks filter by entity type; a deleted webhook receives nothing") func entityTypeFilterAndDeletionLimitDeliveries() async {
        let transport = CapturingTransport()
        let st = ServiceTradeSimulator(webhookTransport: transport)
        let c = await STFixture.session(st)
        let b = await STFixture.basics(c)
        let hook = await c.call("POST", "/st/api/webhook", json: ["hookUrl": "http://127.0.0.1:9/inv", "entityTypes": ["invoice"]])
        _ = await c.call("PUT", "/st/api/company/\(b.company)", json: ["phoneNumber": "1"])
        #expect(await st.deliverDueWebhooks() == 0)
        _ = await STFixture.invoice(c, b)
        #expect(await st.deliverDueWebhooks() == 1)
        #expect(transport.deliveries.first?.header("X-ServiceTrade-Signature")
            == WebhookSignature.header(body: transport.deliveries.first?.body ?? [], secret: ServiceTradeTestCredentials.webhookSecret))
        #expect(await c.call("DELETE", "/st/api/webhook/\(hook.data["id"]?.intValue ?? 0)").status == 200)
        _ = await STFixture.invoice(c, b)
        #expect(await st.deliverDueWebhooks() == 0)
        #expect(await c.call("POST", "/st/api/webhook", json: ["hookUrl": "ftp://x"]).status == 400)
        #expect(await c.call("POST", "/st/api/webhook", json: ["hookUrl": "http://x", "entityTypes": ["planet"]]).status == 400)
    }

    @Test("ST §1.8 (choice) failed deliveries are retried with backoff, then given up") func failedDeliveriesAreRetriedWithBackoffThenGivenUp() async {
        let transport = CapturingTransport(statuses: [500, nil, 200, 503, 503, 503])
        let clock = SimClock()
        let st = ServiceTradeSimulator(clock: clock, webhookTransport: transport, webhookMaxAttempts: 3, webhookBackoff: 30)
        let c = await STFixture.session(st)
        let b = await STFixture.basics(c)
        _ = await c.call("POST", "/st/api/webhook", json: ["hookUrl": "http://127.0.0.1:9/h", "entityTypes": ["company"]])
        _ = await c.call("PUT", "/st/api/company/\(b.company)", json: ["phoneNumber": "1"])
        #expect(await st.deliverDueWebhooks() == 0)          // 500
        #expect(await st.deliverDueWebhooks() == 0)          // not due yet: nothing sent
        #expect(transport.deliveries.count == 1)
        clock.advance(by: 30)
        #expect(await st.deliverDueWebhooks() == 0)          // unreachable
        clock.advance(by: 59)
        #expect(await st.deliverDueWebhooks() == 0)          // backoff doubled to 60 s
        clock.advance(by: 1)
        #expect(await st.deliverDueWebhooks() == 1)          // 200 on the third attempt
        #expect(transport.deliveries.count == 3)
        #expect(Set(transport.deliveries.map { $0.header("X-ServiceTrade-Event-Id") ?? "" }).count == 1, "redelivery keeps the event id")
        #expect(st.webhookDeliveryCounts.delivered == 1)

        _ = await c.call("PUT", "/st/api/company/\(b.company)", json: ["phoneNumber": "2"])
        for _ in 0..<3 {
            await st.deliverDueWebhooks()
            clock.advance(by: 1000)
        }
        await st.deliverDueWebhooks()
        #expect(transport.deliveries.count == 6, "bounded: three attempts, then given up")
        #expect(st.webhookDeliveryCounts.dead == 1)
        #expect(st.webhookDeliveryCounts.pending == 0)
    }
}
