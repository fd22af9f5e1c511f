import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("PartsManager simulator: auth, lists, vendors, items, warehouses")
struct PartsManagerMasterDataTests {
    @Test("PM §2 OAuth2 client credentials (SoftLedger) authorise requests and expire") func oauthTokensAuthoriseAndExpire() async {
        let clock = SimClock()
        let pm = PartsManagerSimulator(clock: clock)
        #expect(await SimCaller(api: pm).call("GET", "/pm/api/vendors").status == 401)
        let json = await SimCaller(api: pm).call("POST", "/pm/api/oauth/token", json: [
            "grant_type": "client_credentials", "client_id": .string(PartsManagerTestCredentials.clientId),
            "client_secret": .string(PartsManagerTestCredentials.clientSecret), "tenantUUID": .string(PartsManagerTestCredentials.tenantUUID),
        ])
        #expect(json.status == 200)
        #expect(json.json["token_type"]?.stringValue == "Bearer")
        let c = await PMFixture.client(pm)
        let list = await c.call("GET", "/pm/api/vendors")
        #expect(list.status == 200)
        #expect(list.json["totalItems"]?.intValue == 0)
        clock.advance(by: Double(PartsManagerRules.accessTokenLifetime + 1))
        let expired = await c.call("GET", "/pm/api/vendors")
        #expect(expired.status == 401)
        #expect(expired.json["message"]?.stringValue?.contains("expired") == true)
        let bad = await SimCaller(api: pm).call("POST", "/pm/api/oauth/token", raw: "grant_type=client_credentials&client_id=x&client_secret=y")
        #expect(bad.status == 401)
        #expect(bad.json["error"]?.stringValue == "invalid_client")
        let tenant = await SimCaller(api: pm).call("POST", "/pm/api/oauth/token", raw:
            "grant_type=client_credentials&client_id=\(PartsManagerTestCredentials.clientId)&client_secret=\(PartsManagerTestCredentials.clientSecret)&tenantUUID=other")
        #expect(tenant.status == 400)
        #expect(await SimCaller(api: pm, headers: [(name: "Authorization", value: "Bearer forged")]).call("GET", "/pm/api/items").status == 401)
    }

    @Test("PM §2 (choice) lists page with limit and offset") func listsPageWithLimitAndOffset() async {
        let pm = PartsManagerSimulator()
        let c = await PMFixture.client(pm)
        for n in 1...5 { _ = await c.call("POST", "/pm/api/vendors", json: ["name": .string("Vendor \(n)")]) }
        let page = await c.call("GET", "/pm/api/vendors", query: [("limit", "2"), ("offset", "3")])
        #expect(page.json["totalItems"]?.intValue == 5)
        #expect(page.json["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Vendor 4", "Vendor 5"])
        #expect(await c.call("GET", "/pm/api/vendors", query: [("limit", "0")]).status == 400)
        #expect(await c.call("GET", "/pm/api/vendors", query: [("offset", "-1")]).status == 400)
        let unknown = await c.call("GET", "/pm/api/vendors", query: [("colour", "red")])
        #expect(unknown.status == 400)
        #expect(unknown.json["errors"]?[0]?.stringValue?.contains("Unknown filter 'colour'") == true)
    }

    @Test("PM §2 /vendors, /items, /warehouses can be created, read and edited") func vendorsItemsAndWarehousesAreEditable() async {
        let clock = SimClock()
        let pm = PartsManagerSimulator(clock: clock)
        let c = await PMFixture.client(pm)
        let b = await PMFixture.basics(c)
        let vendor = await c.call("GET", "/pm/api/vendors/\(b.vendorA)")
        #expect(vendor.json["id"]?.stringValue == "V1001")
        #expect(vendor.json["isActive"]?.boolValue == true)
        clock.advance(by: 60)
        let edited = await c.call("PUT", "/pm/api/vendors/\(b.vendorA)", json: [
            "email": "ap@ferguson.example", "Address": ["line1": "1 Supply Way", "city": "Raleigh", "state": "NC", "zip": "27601"],
        ])
        #expect(edited.status == 200)
        #expect(edited.json["email"]?.stringValue == "ap@ferguson.example")
        #expect(edited.json["updatedAt"] != vendor.json["updatedAt"])
        let item = await c.call("PUT", "/pm/api/items/\(b.heads)", json: ["salePrice": STFixture.number("15.50"), "category": "Heads"])
        #expect(item.json["salePrice"]?.numberValue?.literal == "15.50")
        #expect(item.json["purchasePrice"]?.numberValue?.literal == "7.40")
        #expect(await c.call("GET", "/pm/api/items", query: [("category", "Heads")]).json["totalItems"]?.intValue == 1)
        let duplicate = await c.call("POST", "/pm/api/items", json: ["name": "Again", "sku": "SPK-1"])
        #expect(duplicate.status == 400)
        #expect(duplicate.json["errors"]?[0]?.stringValue?.contains("sku 'SPK-1' is already used") == true)
        let truck = await c.call("GET", "/pm/api/warehouses/\(b.truck)")
        #expect(truck.json["ParentId"]?.intValue == b.main)
        #expect(await c.call("PUT", "/pm/api/warehouses/\(b.truck)", json: ["inactive": true]).json["inactive"]?.boolValue == true)
        #expect(await c.call("POST", "/pm/api/warehouses", json: ["name": "Van", "type": "boat"]).status == 400)
        #expect(await c.call("GET", "/pm/api/warehouses", query: [("type", "truck")]).json["totalItems"]?.intValue == 1)
    }

    @Test("PM §2 (choice) errors have the documented shape") func errorsHaveTheDocumentedShape() async {
        let pm = PartsManagerSimulator()
        let c = await PMFixture.client(pm)
        let missing = await c.call("GET", "/pm/api/vendors/42")
        #expect(missing.status == 404)
        #expect(missing.json["error"]?.stringValue == "Not Found")
        #expect(missing.json["message"]?.stringValue == "vendor 42 not found.")
        let noName = await c.call("POST", "/pm/api/vendors", json: ["email": "x@example.com"])
        #expect(noName.status == 400)
        #expect(noName.json["errors"]?.arrayValue?.compactMap(\.stringValue) == ["name is required."])
        let malformed = await c.call("POST", "/pm/api/items", raw: "{\"name\": \"x\",")
        #expect(malformed.status == 400)
        #expect(malformed.json["message"]?.stringValue?.contains("not valid JSON") == true)
        let unknownField = await c.call("POST", "/pm/api/vendors", json: ["name": "V", "color": "red"])
        #expect(unknownField.status == 400)
        #expect(await c.call("GET", "/pm/api/nothing").status == 404)
        #expect(await c.call("DELETE", "/pm/api/vendors/1").status == 405)
        #expect(await c.call("GET", "/pm/api/vendors/abc").status == 404)
    }
}
