import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("BC auth (reference §1.2)")
struct BCAuthTests {
    private func tokenReply(_ request: SimRequest, _ api: BusinessCentralAPI) async -> (Int, JSONValue) {
        let response = await api.handle(request)
        return (response.status, (try? JSONValue(parsing: response.body)) ?? .null)
    }

    @Test("§1.2 client credentials give a Bearer token with expires_in and no refresh token")
    func goodCredentials() async throws {
        let bc = try await BCHarness()
        let (status, json) = await tokenReply(BCHarness.tokenRequest(bc.api.tenant), bc.api)
        #expect(status == 200)
        #expect(json["token_type"]?.stringValue == "Bearer")
        #expect(json["expires_in"]?.intValue == 3599)
        #expect(json["access_token"]?.stringValue?.isEmpty == false)
        #expect(json["refresh_token"] == nil)
        #expect(await bc.get("customers").status == 200)
    }

    @Test("§1.2 a wrong secret gets Entra's invalid_client (401) with an AADSTS description")
    func badSecret() async throws {
        let bc = try await BCHarness()
        let (status, json) = await tokenReply(BCHarness.tokenRequest(bc.api.tenant, secret: "wrong"), bc.api)
        #expect(status == 401)
        #expect(json["error"]?.stringValue == "invalid_client")
        #expect(json["error_description"]?.stringValue?.hasPrefix("AADSTS7000215") == true)
        #expect(json["error_codes"]?[0]?.intValue == 7000215)
        #expect(json["error_description"]?.stringValue?.contains("wrong") == false, "the rejected secret is not echoed")
    }

    @Test("§1.2 a scope without /.default, another grant type or an unknown client are refused", arguments: [
        ("scope", "invalid_scope"), ("grant", "unsupported_grant_type"), ("resource", "invalid_resource"),
    ])
    func badRequests(kind: String, expected: String) async throws {
        let bc = try await BCHarness()
        let request: SimRequest
        switch kind {
        case "scope": request = BCHarness.tokenRequest(bc.api.tenant, scope: "https://api.businesscentral.dynamics.com/user_impersonation")
        case "grant": request = BCHarness.tokenRequest(bc.api.tenant, grant: "password")
        default: request = BCHarness.tokenRequest(bc.api.tenant, scope: "https://graph.microsoft.com/.default")
        }
        let (status, json) = await tokenReply(request, bc.api)
        #expect(status == 400)
        #expect(json["error"]?.stringValue == expected)
    }

    @Test("§1.2 an unknown client id or tenant is refused")
    func unknownClientOrTenant() async throws {
        let bc = try await BCHarness()
        var request = BCHarness.tokenRequest(bc.api.tenant)
        request.body = Array("grant_type=client_credentials&client_id=00000000-1111-2222-3333-444444444444&client_secret=x&scope=https%3A%2F%2Fapi.businesscentral.dynamics.com%2F.default".utf8)
        let (status, json) = await tokenReply(request, bc.api)
        #expect(status == 400 && json["error"]?.stringValue == "unauthorized_client")
        var otherTenant = BCHarness.tokenRequest(bc.api.tenant)
        otherTenant.path = "/bc-login/contoso.example/oauth2/v2.0/token"
        let (tenantStatus, tenantJSON) = await tokenReply(otherTenant, bc.api)
        #expect(tenantStatus == 400 && tenantJSON["error_description"]?.stringValue?.contains("AADSTS90002") == true)
    }

    @Test("§1.2 API calls without a bearer token get 401 Authentication_InvalidCredentials")
    func missingToken() async throws {
        let bc = try await BCHarness()
        let reply = await bc.call("GET", "customers", auth: false)
        #expect(reply.status == 401)
        #expect(reply.errorCode == "Authentication_InvalidCredentials")
        #expect(reply.errorMessage.contains("CorrelationId:"))
        let forged = await bc.call("GET", "customers", headers: [("Authorization", "Bearer forged")], auth: false)
        #expect(forged.status == 401)
    }

    @Test("§1.2 a token stops working after expires_in on the simulation clock")
    func tokenExpires() async throws {
        let bc = try await BCHarness()
        #expect(await bc.get("customers").status == 200)
        bc.clock.advance(by: 3598)
        #expect(await bc.get("customers").status == 200)
        bc.clock.advance(by: 2)
        let expired = await bc.get("customers")
        #expect(expired.status == 401)
        #expect(expired.errorMessage.contains("expired"))
    }
}
