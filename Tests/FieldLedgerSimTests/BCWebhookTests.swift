import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

/// Records webhook traffic; echoes the validation token unless told otherwise.
final class BCCapturingTransport: WebhookTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var _calls: [(url: String, body: [UInt8])] = []
    private var _status = 200
    private var _echo = true

    var calls: [(url: String, body: [UInt8])] { lock.withLock { _calls } }
    var notifications: [JSONValue] {
        calls.filter { !$0.url.contains("validationToken=") }.compactMap { try? JSONValue(parsing: $0.body) }
    }
    func answer(status: Int, echo: Bool = true) { lock.withLock { _status = status; _echo = echo } }

    func post(url: String, headers: [(name: String, value: String)], body: [UInt8]) async -> Int? {
        lock.withLock { _calls.append((url, body)); return _status }
    }

    func postReadingBody(url: String, headers: [(name: String, value: String)], body: [UInt8]) async -> (status: Int, body: [UInt8]?)? {
        let token = URLComponents(string: url)?.queryItems?.first { $0.name == "validationToken" }?.value ?? ""
        return lock.withLock {
            _calls.append((url, body))
            return (_status, Array((_echo ? token : "not-the-token").utf8))
        }
    }
}

@Suite("BC webhook subscriptions (reference §4)")
struct BCWebhookTests {
    private func subscribe(_ bc: BCHarness, _ set: String = "customers", clientState: String = "s3cret-state") async -> BCHarness.Reply {
        await bc.call("POST", "/bc/v2.0/\(bc.tenant)/production/api/v2.0/subscriptions",
                      ["notificationUrl": "http://127.0.0.1:9/hook", "resource": .string("/api/v2.0/companies(\(Fixtures.companyId))/\(set)"),
                       "clientState": .string(clientState)])
    }

    private func flush(_ bc: BCHarness) async { _ = await bc.api.handleSimControl(SimRequest(method: "POST", path: "/_sim/bc/webhooks/deliver")) }

    @Test("§4 create: the handshake echoes the validation token, 201, expiry in 3 days")
    func create() async throws {
        let transport = BCCapturingTransport()
        let bc = try await BCHarness(transport: transport)
        let reply = await subscribe(bc)
        #expect(reply.status == 201)
        #expect(transport.calls.first?.url.hasPrefix("http://127.0.0.1:9/hook?validationToken=") == true)
        let expiry = reply.json["expirationDateTime"]?.stringValue.flatMap(SimTime.parseISO8601)
        #expect(expiry.map { abs($0.timeIntervalSince(bc.clock.now()) - 3 * 24 * 3600) < 5 } == true)
        #expect(reply.json["clientState"]?.stringValue == "s3cret-state")
        let list = await bc.get("/bc/v2.0/\(bc.tenant)/production/api/v2.0/subscriptions")
        #expect(list.json["value"]?.arrayValue?.count == 1)
    }

    @Test("§4 a failed handshake or an unsupported resource registers nothing")
    func refused() async throws {
        let transport = BCCapturingTransport()
        let bc = try await BCHarness(transport: transport)
        transport.answer(status: 200, echo: false)
        #expect(await subscribe(bc).status == 400)
        transport.answer(status: 404)
        #expect(await subscribe(bc).status == 400)
        transport.answer(status: 200)
        #expect(await subscribe(bc, "salesInvoiceLines").status == 400)
        #expect(await subscribe(bc, "dimensionSetLines").status == 400)
        #expect(await bc.get("/bc/v2.0/\(bc.tenant)/production/api/v2.0/subscriptions").json["value"]?.arrayValue?.isEmpty == true)
    }

    @Test("§4 a change is notified 30 s after it happened, naming the resource; the client must GET it")
    func notifyAfterDelay() async throws {
        let transport = BCCapturingTransport()
        let bc = try await BCHarness(transport: transport)
        let subscriptionId = await subscribe(bc).json["subscriptionId"]?.stringValue
        _ = await bc.patch("customers(\(Fixtures.acme))", ["phoneNumber": "555-0100"])
        let created = await bc.post("customers", ["displayName": "Hooked"])
        await flush(bc)
        #expect(transport.notifications.isEmpty, "nothing before 30 s")
        bc.clock.advance(by: 31)
        await flush(bc)
        let values = transport.notifications.first?["value"]?.arrayValue ?? []
        #expect(values.count == 2)
        #expect(values.first?["subscriptionId"]?.stringValue == subscriptionId)
        #expect(values.first?["clientState"]?.stringValue == "s3cret-state")
        #expect(values.first?["changeType"]?.stringValue == "updated")
        #expect(values.first?["resource"]?.stringValue == "api/v2.0/companies(\(Fixtures.companyId))/customers(\(Fixtures.acme))")
        #expect(values.last?["changeType"]?.stringValue == "created")
        #expect(values.last?["resource"]?.stringValue?.hasSuffix("customers(\(created.json["id"]?.stringValue ?? ""))") == true)
        await flush(bc)
        #expect(transport.notifications.count == 1, "delivered once")
    }

    @Test("§4 a line change notifies the invoice header")
    func lineNotifiesHeader() async throws {
        let transport = BCCapturingTransport()
        let bc = try await BCHarness(transport: transport)
        let (_, id) = await bc.draftInvoice(lines: [])
        _ = await subscribe(bc, "salesInvoices")
        _ = await bc.post("salesInvoices(\(id))/salesInvoiceLines", BCHarness.itemLine(1))
        bc.clock.advance(by: 31)
        await flush(bc)
        let values = transport.notifications.first?["value"]?.arrayValue ?? []
        #expect(values.count == 1)
        #expect(values.first?["resource"]?.stringValue?.hasSuffix("salesInvoices(\(id))") == true)
    }

    @Test("§4 408/429/5xx keep the subscription for retries; any other error deletes it")
    func deliveryFailures() async throws {
        let transport = BCCapturingTransport()
        let bc = try await BCHarness(transport: transport)
        _ = await subscribe(bc)
        _ = await bc.post("customers", ["displayName": "Retry Me"])
        bc.clock.advance(by: 31)
        transport.answer(status: 503)
        await flush(bc)
        #expect(bc.api.webhooks.all.count == 1)
        let summary = await bc.api.handleSimControl(SimRequest(method: "GET", path: "/_sim/bc/webhooks"))
        #expect((try? JSONValue(parsing: summary.body))?["subscriptions"]?[0]?["failingSince"]?.isNull == false)
        transport.answer(status: 200)
        await flush(bc)
        #expect(transport.notifications.count == 2, "retried and delivered")
        _ = await bc.post("customers", ["displayName": "Gone"])
        bc.clock.advance(by: 31)
        transport.answer(status: 410)
        await flush(bc)
        #expect(bc.api.webhooks.all.isEmpty)
    }

    @Test("§4 subscriptions expire after 3 days; PATCH with If-Match renews with a new handshake")
    func expiryAndRenewal() async throws {
        let transport = BCCapturingTransport()
        var bc = try await BCHarness(transport: transport)
        let created = await subscribe(bc)
        let id = created.json["subscriptionId"]?.stringValue ?? ""
        let path = "/bc/v2.0/\(bc.tenant)/production/api/v2.0/subscriptions('\(id)')"
        bc.clock.advance(by: 2 * 24 * 3600)
        await bc.renewToken()
        #expect(await bc.call("PATCH", path, ["clientState": "renewed"]).errorCode == "BadRequest_InvalidToken")
        let handshakesBefore = transport.calls.count
        let renewed = await bc.call("PATCH", path, ["clientState": "renewed"], headers: [("If-Match", created.json["@odata.etag"]?.stringValue ?? "")])
        #expect(renewed.status == 200)
        #expect(transport.calls.count == handshakesBefore + 1)
        bc.clock.advance(by: 2 * 24 * 3600)
        await bc.renewToken()
        _ = await bc.post("customers", ["displayName": "Still Watched"])
        bc.clock.advance(by: 31)
        await flush(bc)
        #expect(transport.notifications.first?["value"]?[0]?["clientState"]?.stringValue == "renewed")
        bc.clock.advance(by: 2 * 24 * 3600)
        await flush(bc)
        #expect(bc.api.webhooks.all.isEmpty, "expired")
    }

    @Test("§4 more than 1,000 changes in the window become one collection notification with a filter")
    func collection() async throws {
        let transport = BCCapturingTransport()
        let bc = try await BCHarness(transport: transport)
        _ = await subscribe(bc)
        for index in 0..<1001 { _ = await bc.post("customers", ["displayName": .string("Bulk \(index)")]) }
        bc.clock.advance(by: 31)
        await flush(bc)
        let values = transport.notifications.first?["value"]?.arrayValue ?? []
        #expect(values.count == 1)
        #expect(values.first?["changeType"]?.stringValue == "collection")
        #expect(values.first?["resource"]?.stringValue?.contains("$filter=lastModifiedDateTime") == true)
    }
}
