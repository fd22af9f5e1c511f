import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

/// ServiceTrade and PartsManager over real HTTP (127.0.0.1, port 0): the behaviours of
/// `servicetrade-partsmanager-intacct.md` that the in-process suites prove, on the wire — headers
/// (cookies, signatures), statuses and bodies exactly as a client receives them.
@Suite("ServiceTrade and PartsManager over HTTP (servicetrade-partsmanager-intacct.md §1, §2)")
struct ServiceTradePartsManagerLiveTests {
    /// A server with ServiceTrade and PartsManager (no data: every record is made through the API).
    private static func withServer(stTransport: CapturingTransport = CapturingTransport(),
                                   pmTransport: CapturingTransport = CapturingTransport(),
                                   _ body: (ServiceTradeSimulator, PartsManagerSimulator, String) async throws -> Void) async throws {
        let clock = SimClock()
        let st = ServiceTradeSimulator(clock: clock, webhookTransport: stTransport)
        let pm = PartsManagerSimulator(clock: clock, webhookTransport: pmTransport)
        let server = SimulatorServer(options: SimulatorOptions(port: 0), apis: [st, pm], clock: clock)
        _ = try await server.start()
        do {
            try await body(st, pm, server.baseURL ?? "")
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("ST §1.2 POST /api/auth → data.authToken and Set-Cookie PHPSESSID; the cookie authorises; DELETE /api/auth ends it; §1.1 401 in the envelope")
    func sessionOverHTTP() async throws {
        try await Self.withServer { st, _, root in
            let anonymous = SimCaller(api: st, root: root)
            #expect(await anonymous.call("GET", "/st/api/invoice").status == 401)
            let login = await anonymous.call("POST", "/st/api/auth", json: [
                "username": .string(ServiceTradeTestCredentials.username), "password": .string(ServiceTradeTestCredentials.password),
            ])
            #expect(login.status == 200)
            let token = login.data["authToken"]?.stringValue ?? ""
            #expect(!token.isEmpty)
            #expect(login.header("Set-Cookie")?.hasPrefix("PHPSESSID=\(token)") == true)
            let session = SimCaller(api: st, headers: [(name: "Cookie", value: "PHPSESSID=\(token)")], root: root)
            #expect(await session.call("GET", "/st/api/invoice").status == 200)
            #expect(await session.call("DELETE", "/st/api/auth").status == 200)
            let after = await session.call("GET", "/st/api/invoice")
            #expect(after.status == 401)
            #expect(!after.errors.isEmpty, "the refusal is in the {messages: {error: […]}} envelope")
            let wrong = await anonymous.call("POST", "/st/api/auth", json: ["username": .string(ServiceTradeTestCredentials.username), "password": "nope"])
            #expect(wrong.status == 401 || wrong.status == 403)
        }
    }

    @Test("ST §1.2 POST /api/oauth2/token (client_credentials, form-encoded) gives a bearer token that authorises; a wrong secret is refused")
    func oauthOverHTTP() async throws {
        try await Self.withServer { st, _, root in
            let anonymous = SimCaller(api: st, headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded")], root: root)
            let form = "grant_type=client_credentials&client_id=\(ServiceTradeTestCredentials.clientId)&client_secret=\(ServiceTradeTestCredentials.clientSecret)"
            let token = await anonymous.call("POST", "/st/api/oauth2/token", raw: form)
            #expect(token.status == 200)
            let access = token.json["access_token"]?.stringValue ?? ""
            #expect(!access.isEmpty && (token.json["expires_in"]?.intValue ?? 0) > 0)
            let bearer = SimCaller(api: st, headers: [(name: "Authorization", value: "Bearer \(access)")], root: root)
            #expect(await bearer.call("GET", "/st/api/company").status == 200)
            let bad = await anonymous.call("POST", "/st/api/oauth2/token",
                                           raw: "grant_type=client_credentials&client_id=\(ServiceTradeTestCredentials.clientId)&client_secret=wrong")
            #expect(bad.status == 401 || bad.status == 400)
            #expect(!bad.json.serialized().contains(ServiceTradeTestCredentials.clientSecret))
        }
    }

    @Test("ST §1.1 envelope and 400 validation messages; §1.3 page/totalPages; status=a,b filter; §1.5 status update fires a §1.8 signed webhook")
    func recordsStatusesAndWebhooksOverHTTP() async throws {
        let transport = CapturingTransport()
        try await Self.withServer(stTransport: transport) { st, _, root in
            let login = await SimCaller(api: st, root: root).call("POST", "/st/api/auth", json: [
                "username": .string(ServiceTradeTestCredentials.username), "password": .string(ServiceTradeTestCredentials.password),
            ])
            let c = SimCaller(api: st, headers: [(name: "Cookie", value: "PHPSESSID=\(login.data["authToken"]?.stringValue ?? "")")], root: root)
            let b = await STFixture.basics(c)
            #expect(b.job > 0 && b.location > 0, "reference records created over HTTP")
            let invalid = await c.call("POST", "/st/api/location", json: ["name": "No company"])
            #expect(invalid.status == 400)
            #expect(!invalid.errors.isEmpty, "messages.error is an array of strings")
            let secret = "live-listener-secret-0001"
            #expect(await c.call("POST", "/st/api/webhook", json: ["hookUrl": "http://127.0.0.1:9/st", "secret": .string(secret)]).status == 200)
            var ids: [Int] = []
            for _ in 1...3 { ids.append(await STFixture.invoice(c, b).data["id"]?.intValue ?? 0) }
            let approved = await c.call("PUT", "/st/api/invoice/\(ids[0])", json: ["status": "pending_accounting"])
            #expect(approved.data["status"]?.stringValue == "pending_accounting")
            #expect(await c.call("PUT", "/st/api/invoice/\(ids[0])", json: ["status": "approved"]).status == 400)
            let page = await c.call("GET", "/st/api/invoice", query: [(name: "limit", value: "2"), (name: "page", value: "2")])
            #expect(page.data["totalPages"]?.intValue == 2)
            #expect(page.data["page"]?.intValue == 2)
            #expect(page.data["invoices"]?.arrayValue?.count == 1)
            let filtered = await c.call("GET", "/st/api/invoice", query: [(name: "status", value: "pending_accounting,processed")])
            #expect(filtered.data["invoices"]?.arrayValue?.compactMap { $0["id"]?.intValue } == [ids[0]])
            let delivered = await SimCaller(api: st, root: root).call("POST", "/_sim/st/webhooks/deliver")
            #expect(delivered.status == 200)
            let update = transport.deliveries.last { $0.json["action"]?.stringValue == "updated" }
            #expect(update?.json["entity"]?["id"]?.intValue == ids[0])
            #expect(update.map { $0.header("X-ServiceTrade-Signature") == WebhookSignature.header(body: $0.body, secret: secret) } == true)
        }
    }

    @Test("PM §2 OAuth2 client credentials; purchase order created → issued → partiallyFulfilled → fulfilled by shipment receipts; status filter; signed webhook")
    func partsManagerOverHTTP() async throws {
        let transport = CapturingTransport()
        try await Self.withServer(pmTransport: transport) { _, pm, root in
            #expect(await SimCaller(api: pm, root: root).call("GET", "/pm/api/vendors").status == 401)
            let form = "grant_type=client_credentials&client_id=\(PartsManagerTestCredentials.clientId)&client_secret=\(PartsManagerTestCredentials.clientSecret)"
            let token = await SimCaller(api: pm, headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded")], root: root)
                .call("POST", "/pm/api/oauth/token", raw: form)
            let c = SimCaller(api: pm, headers: [(name: "Authorization", value: "Bearer \(token.json["access_token"]?.stringValue ?? "none")")], root: root)
            let b = await PMFixture.basics(c)
            #expect(await c.call("POST", "/pm/api/webhooks", json: ["uri": "http://127.0.0.1:9/pm", "events": ["shipmentReceipt.created"],
                                                                   "secret": "pm-live-secret-0001"]).status == 201)
            let po = await PMFixture.issuedPO(c, vendor: b.vendorA, warehouse: b.main, lines: [(b.heads, "4", "7.40")])
            #expect(po["status"]?.stringValue == "issued")
            let line = PMFixture.lineIds(po)[0]
            let poId = po["_id"]?.intValue ?? 0
            for (quantity, status) in [(1, "partiallyFulfilled"), (3, "fulfilled")] {
                let receipt = await c.call("POST", "/pm/api/shipmentReceipts", json: [
                    "VendorId": .int(b.vendorA), "ShipmentReceiptLines": [["POLineItemId": .int(line), "quantityReceived": .int(quantity)]],
                ])
                #expect(receipt.status == 201)
                #expect(await c.call("GET", "/pm/api/purchaseOrders/\(poId)").json["status"]?.stringValue == status)
            }
            let fulfilled = await c.call("GET", "/pm/api/purchaseOrders", query: [(name: "status", value: "fulfilled")])
            #expect(fulfilled.json["totalItems"]?.intValue == 1)
            #expect(await SimCaller(api: pm, root: root).call("POST", "/_sim/pm/webhooks/deliver").status == 200)
            #expect(transport.deliveries.count == 2)
            #expect(transport.deliveries.allSatisfy {
                $0.header("X-PartsManager-Signature") == WebhookSignature.header(body: $0.body, secret: "pm-live-secret-0001")
            })
        }
    }
}
