import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

/// What the simulator server shell asks of the ServiceTrade and PartsManager simulators.
@Suite("ServiceTrade and PartsManager simulators: server hooks")
struct ServiceTradeServerHooksTests {
    @Test("ST §1.1 / PM §2 faults and limits answer in each API's own error shape") func errorResponsesUseEachAPIsOwnShape() {
        let st = ServiceTradeSimulator().errorResponse(status: 503, code: "Unavailable", message: "Injected fault", headers: [(name: "Retry-After", value: "2")])
        let stBody = (try? JSONValue(parsing: st.body)) ?? .null
        #expect(st.status == 503)
        #expect(stBody["messages"]?["error"]?[0]?.stringValue == "Injected fault")
        #expect(st.headers.contains { $0.name == "Retry-After" && $0.value == "2" })
        let pm = PartsManagerSimulator().errorResponse(status: 429, code: "TooMany", message: "Slow down", headers: [])
        let pmBody = (try? JSONValue(parsing: pm.body)) ?? .null
        #expect(pm.status == 429)
        #expect(pmBody["message"]?.stringValue == "Slow down")
        #expect(pmBody["errors"]?[0]?.stringValue == "Slow down")
    }

    @Test("ST §1.2 / PM §2 login endpoints are fault-exempt; principals are known for limits") func loginEndpointsAreFaultExemptAndPrincipalsAreKnown() async {
        let st = ServiceTradeSimulator()
        #expect(st.isFaultExempt(SimRequest(method: "POST", path: "/st/api/auth")))
        #expect(st.isFaultExempt(SimRequest(method: "POST", path: "/st/api/oauth2/token")))
        #expect(!st.isFaultExempt(SimRequest(method: "GET", path: "/st/api/invoice")))
        let c = await STFixture.session(st)
        let request = SimRequest(method: "GET", path: "/st/api/invoice", headers: c.headers)
        #expect(st.principal(of: request) == "user:\(ServiceTradeTestCredentials.username)")
        #expect(st.principal(of: SimRequest(method: "GET", path: "/st/api/invoice")) == nil)

        let pm = PartsManagerSimulator()
        #expect(pm.isFaultExempt(SimRequest(method: "POST", path: "/pm/api/oauth/token")))
        #expect(!pm.isFaultExempt(SimRequest(method: "GET", path: "/pm/api/vendors")))
        let p = await PMFixture.client(pm)
        #expect(pm.principal(of: SimRequest(method: "GET", path: "/pm/api/vendors", headers: p.headers)) == "client:\(PartsManagerTestCredentials.clientId)")
    }

    @Test("ST §1.8 /_sim/st/webhooks/deliver sends due webhooks now") func controlRouteDeliversDueWebhooks() async {
        let transport = CapturingTransport()
        let st = ServiceTradeSimulator(webhookTransport: transport)
        let c = await STFixture.session(st)
        _ = await c.call("POST", "/st/api/webhook", json: ["hookUrl": "http://127.0.0.1:9/h"])
        _ = await c.call("POST", "/st/api/region", json: ["name": "Raleigh"])
        _ = await c.call("POST", "/st/api/user", json: ["firstName": "A", "lastName": "B"])
        let queue = await st.handleSimControl(SimRequest(method: "GET", path: "/_sim/st/webhooks"))
        #expect((try? JSONValue(parsing: queue.body))?["pending"]?.arrayValue?.count == 1)
        let delivered = await st.handleSimControl(SimRequest(method: "POST", path: "/_sim/st/webhooks/deliver"))
        let counts = (try? JSONValue(parsing: delivered.body)) ?? .null
        #expect(counts["accepted"]?.intValue == 1 && counts["pending"]?.intValue == 0)
        #expect(transport.deliveries.count == 1)
        #expect(await st.handleSimControl(SimRequest(method: "POST", path: "/_sim/st/nothing")).status == 404)
        #expect(await PartsManagerSimulator().handleSimControl(SimRequest(method: "POST", path: "/_sim/pm/webhooks/deliver")).status == 200)
    }
}
