import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("ServiceTrade simulator: authentication")
struct ServiceTradeAuthTests {
    @Test("ST §1.2 POST /auth returns data.authToken; Cookie: PHPSESSID=<token> authorises requests") func sessionLoginSetsCookieAndAuthorisesRequests() async {
        let st = ServiceTradeSimulator()
        let login = await SimCaller(api: st).call("POST", "/st/api/auth", json: [
            "username": .string(ServiceTradeTestCredentials.username), "password": .string(ServiceTradeTestCredentials.password),
        ])
        #expect(login.status == 200)
        let token = login.data["authToken"]?.stringValue ?? ""
        #expect(!token.isEmpty)
        #expect(login.header("Set-Cookie")?.hasPrefix("PHPSESSID=\(token)") == true)
        let authed = SimCaller(api: st, headers: [(name: "Cookie", value: "theme=dark; PHPSESSID=\(token)")])
        let list = await authed.call("GET", "/st/api/company")
        #expect(list.status == 200)
        #expect(list.data["companies"]?.arrayValue?.isEmpty == true)
    }

    @Test("ST §1.2 requests without a session or bearer token are refused (401)") func requestsWithoutAuthAreRefused() async {
        let st = ServiceTradeSimulator()
        let answer = await SimCaller(api: st).call("GET", "/st/api/invoice")
        #expect(answer.status == 401)
        #expect(answer.errors.first?.contains("Authentication required") == true)
        let forged = await SimCaller(api: st, headers: [(name: "Cookie", value: "PHPSESSID=forged")]).call("GET", "/st/api/invoice")
        #expect(forged.status == 401)
    }

    @Test("ST §1.2 a wrong username or password is refused with messages") func badCredentialsAreRefused() async {
        let st = ServiceTradeSimulator()
        let wrong = await SimCaller(api: st).call("POST", "/st/api/auth", json: [
            "username": .string(ServiceTradeTestCredentials.username), "password": "nope",
        ])
        #expect(wrong.status == 401)
        #expect(wrong.data["authToken"] == nil)
        let missing = await SimCaller(api: st).call("POST", "/st/api/auth", json: ["username": "x"])
        #expect(missing.status == 400)
    }

    @Test("ST §1.2 DELETE /auth ends the session") func logoutEndsTheSession() async {
        let st = ServiceTradeSimulator()
        let c = await STFixture.session(st)
        #expect(await c.call("GET", "/st/api/auth").status == 200)
        #expect(await c.call("DELETE", "/st/api/auth").status == 200)
        #expect(await c.call("GET", "/st/api/company").status == 401)
    }

    @Test("ST §1.2 too many sessions per user: the oldest token is deleted") func sessionCapDeletesTheOldestSession() async {
        let st = ServiceTradeSimulator(sessionCap: 2)
        let first = await STFixture.session(st)
        let second = await STFixture.session(st)
        let third = await STFixture.session(st)
        #expect(await first.call("GET", "/st/api/company").status == 401)
        #expect(await second.call("GET", "/st/api/company").status == 200)
        #expect(await third.call("GET", "/st/api/company").status == 200)
    }

    @Test("ST §1.2 POST /api/oauth2/token (client_credentials, form-encoded) issues an expiring bearer token") func oauthClientCredentialsIssueExpiringBearerTokens() async {
        let clock = SimClock()
        let st = ServiceTradeSimulator(clock: clock)
        let form = "grant_type=client_credentials&client_id=\(ServiceTradeTestCredentials.clientId)&client_secret=\(ServiceTradeTestCredentials.clientSecret)"
        let token = await SimCaller(api: st).call("POST", "/st/api/oauth2/token", raw: form,
                                                   extraHeaders: [(name: "Content-Type", value: "application/x-www-form-urlencoded")])
        #expect(token.status == 200)
        #expect(token.json["token_type"]?.stringValue == "Bearer")
        #expect(token.json["expires_in"]?.intValue == 3600)
        let access = token.json["access_token"]?.stringValue ?? ""
        #expect(access.split(separator: ".").count == 3, "a JWT, as the official SDK expects")
        let bearer = SimCaller(api: st, headers: [(name: "Authorization", value: "Bearer \(access)")])
        #expect(await bearer.call("GET", "/st/api/job").status == 200)
        clock.advance(by: 3601)
        let expired = await bearer.call("GET", "/st/api/job")
        #expect(expired.status == 401)
        #expect(expired.errors.first?.contains("expired") == true)
    }

    @Test("ST §1.2 oauth2 refuses a wrong secret and grants other than client_credentials") func oauthRefusesWrongSecretAndOtherGrants() async {
        let st = ServiceTradeSimulator()
        let wrong = await SimCaller(api: st).call("POST", "/st/api/oauth2/token",
                                                   raw: "grant_type=client_credentials&client_id=\(ServiceTradeTestCredentials.clientId)&client_secret=bad")
        #expect(wrong.status == 401)
        #expect(wrong.json["error"]?.stringValue == "invalid_client")
        let grant = await SimCaller(api: st).call("POST", "/st/api/oauth2/token", raw: "grant_type=password&username=a&password=b")
        #expect(grant.status == 400)
        #expect(grant.json["error"]?.stringValue == "unsupported_grant_type")
        let basic = Data("\(ServiceTradeTestCredentials.clientId):\(ServiceTradeTestCredentials.clientSecret)".utf8).base64EncodedString()
        let viaBasic = await SimCaller(api: st).call("POST", "/st/api/oauth2/token", raw: "grant_type=client_credentials",
                                                      extraHeaders: [(name: "Authorization", value: "Basic \(basic)")])
        #expect(viaBasic.status == 200)
        let revoked = viaBasic.json["access_token"]?.stringValue ?? ""
        _ = await SimCaller(api: st).call("POST", "/st/api/oauth2/revoke", raw: "token=\(revoked)")
        #expect(await SimCaller(api: st, headers: [(name: "Authorization", value: "Bearer \(revoked)")]).call("GET", "/st/api/job").status == 401)
    }
}
