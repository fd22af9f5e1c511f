import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

/// The Business Central behaviours most suites prove in-process (through `handle`), proved again
/// on the wire: a `SimulatorServer` on 127.0.0.1, port 0, and a raw HTTP/1.1 client, so status
/// lines, headers and bodies are what a real client receives. Section numbers are those of
/// `reference/business-central-api-v2.md`.
@Suite("BC over HTTP: bad input, OData, etags, $batch, actions, rules (reference §2.3, §3, §5, §6)")
struct BCWireFidelityTests {
    private var invoicesPath: String { "salesInvoices" }

    private func count(_ bc: BCLive, _ set: String) async throws -> Int {
        BCLive.rows(try await bc.get(set)).count
    }

    @Test("§6 malformed JSON, wrong types, unknown and read-only properties are 400 in BC's error shape with a CorrelationId, and nothing is applied")
    func badBodies() async throws {
        try await BCLive.run { bc in
            let before = try await count(bc, "customers")
            let raw = try await RawHTTPClient.send("POST", "\(bc.live.companyURL)/customers",
                                                   headers: [("Authorization", "Bearer \(bc.token)"), ("Content-Type", "application/json")],
                                                   body: Array("{\"displayName\": ".utf8))
            #expect(raw.status == 400)
            #expect(raw.json["error"]?["code"]?.stringValue == "BadRequest")
            #expect(raw.json["error"]?["message"]?.stringValue?.contains("CorrelationId:") == true)
            let unknown = try await bc.post("customers", ["displayName": "X", "shipToCode": "MAIN"])
            #expect(unknown.status == 400)
            #expect(unknown.errorMessage.contains("The property 'shipToCode' does not exist on type 'Microsoft.NAV.customer'."))
            #expect(try await bc.post("customers", ["displayName": 12]).status == 400)
            #expect(try await bc.post("customers", ["displayName": "X", "balanceDue": 10]).errorCode == "BadRequest_InvalidOperation")
            #expect(try await bc.post("customers", ["displayName": "X", "paymentTermsId": "nope"]).errorCode == "Application_InvalidGUID")
            #expect(try await count(bc, "customers") == before)
        }
    }

    @Test("§1.1 unknown entity sets are 404 BadRequest_NotFound; §3 a bad $filter and OR across fields are 400")
    func badPathsAndFilters() async throws {
        try await BCLive.run { bc in
            let unknown = try await bc.get("planets")
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "BadRequest_NotFound")
            let syntax = try await bc.get("customers", [("$filter", "displayName eq")])
            #expect(syntax.status == 400)
            let across = try await bc.get("customers", [("$filter", "displayName eq 'A' or number eq 'B'")])
            #expect(across.status == 400)
            let property = try await bc.get("customers", [("$filter", "shoeSize eq 3")])
            #expect(property.status == 400)
            #expect(property.errorMessage.contains("shoeSize"))
        }
    }

    @Test("§3 $filter, $select, $orderby, $top, $skip and nested $expand with $select over HTTP; @odata.etag on every entity")
    func queryOptions() async throws {
        try await BCLive.run { bc in
            let invoice = try await bc.post(invoicesPath, ["customerId": .string(Fixtures.acme), "externalDocumentNumber": "wire-1",
                                                           "salesInvoiceLines": [BCHarness.itemLine(2), BCHarness.itemLine(3)]])
            #expect(invoice.status == 201)
            let expanded = try await bc.get(invoicesPath, [("$filter", "externalDocumentNumber eq 'WIRE-1'"), ("$select", "id,number"),
                                                           ("$expand", "salesInvoiceLines($select=quantity;$orderby=quantity desc)")])
            let rows = BCLive.rows(expanded)
            #expect(rows.count == 1)
            #expect(rows.first?["@odata.etag"]?.stringValue?.hasPrefix("W/\"") == true)
            #expect(rows.first?["customerId"] == nil, "$select limits the properties")
            #expect(rows.first?["salesInvoiceLines"]?.arrayValue?.compactMap { $0["quantity"]?.intValue } == [3, 2])
            let ordered = try await bc.get("customers", [("$orderby", "displayName desc"), ("$top", "2"), ("$skip", "1"), ("$select", "displayName")])
            let all = BCLive.rows(try await bc.get("customers", [("$orderby", "displayName desc"), ("$select", "displayName")]))
            #expect(BCLive.rows(ordered).map { $0["displayName"] } == Array(all.dropFirst().prefix(2)).map { $0["displayName"] })
            let inList = try await bc.get("customers", [("$filter", "number in ('C10000','C30000') and startswith(displayName,'A')")])
            #expect(BCLive.rows(inList).compactMap { $0["number"]?.stringValue } == ["C10000"])
        }
    }

    @Test("§3 Prefer: odata.maxpagesize pages with absolute @odata.nextLink links that work on the wire; §5 above 20,000 → 413")
    func pagingOverHTTP() async throws {
        try await BCLive.run { bc in
            let expected = try await count(bc, "accounts")
            var seen: [String] = []
            var reply = try await bc.call("GET", "accounts", headers: [("Prefer", "odata.maxpagesize=2")])
            #expect(reply.header("Preference-Applied") == "odata.maxpagesize=2")
            var pages = 0
            while pages < 100 {
                pages += 1
                seen += BCLive.rows(reply).compactMap { $0["id"]?.stringValue }
                guard let next = reply.json["@odata.nextLink"]?.stringValue else { break }
                #expect(next.hasPrefix(bc.live.root), "nextLink is absolute, on this server")
                let raw = try await RawHTTPClient.send("GET", next, headers: [("Authorization", "Bearer \(bc.token)"),
                                                                              ("Prefer", "odata.maxpagesize=2")])
                reply = BCHarness.Reply(status: raw.status, json: raw.json, headers: raw.headers.map { (name: $0.key, value: $0.value) })
            }
            #expect(seen.count == expected && Set(seen).count == expected)
            #expect(pages == (expected + 1) / 2)
            let tooLarge = try await bc.call("GET", "accounts", headers: [("Prefer", "odata.maxpagesize=20001")])
            #expect(tooLarge.status == 413)
        }
    }

    @Test("§3 If-Match required on PATCH and DELETE (BadRequest_InvalidToken); a stale etag is 409 Request_EntityChanged; the right one works")
    func etagsOverHTTP() async throws {
        try await BCLive.run { bc in
            let path = "customers(\(Fixtures.acme))"
            let etag = try await bc.get(path).json["@odata.etag"]?.stringValue ?? ""
            #expect(try await bc.call("PATCH", path, ["phoneNumber": "555-0100"]).errorCode == "BadRequest_InvalidToken")
            #expect(try await bc.call("DELETE", path).errorCode == "BadRequest_InvalidToken")
            let updated = try await bc.call("PATCH", path, ["phoneNumber": "555-0100"], headers: [("If-Match", etag)])
            #expect(updated.status == 200)
            let stale = try await bc.call("PATCH", path, ["phoneNumber": "555-0199"], headers: [("If-Match", etag)])
            #expect(stale.status == 409)
            #expect(stale.errorCode == "Request_EntityChanged")
            #expect(try await bc.get(path).json["phoneNumber"]?.stringValue == "555-0100")
        }
    }

    @Test("§3 $batch with Isolation: snapshot rolls every change back when one request fails (statuses 201, 400, 424)")
    func batchOverHTTP() async throws {
        try await BCLive.run { bc in
            let before = try await count(bc, "customers")
            func create(_ id: String, _ name: JSONValue) -> JSONValue {
                ["method": "POST", "id": .string(id), "url": .string("companies(\(Fixtures.companyId))/customers"),
                 "headers": ["Content-Type": "application/json"], "body": ["displayName": name]]
            }
            let tenant = bc.live.api.tenant.tenantId
            let reply = try await bc.call("POST", "/bc/v2.0/\(tenant)/production/api/v2.0/$batch",
                                          ["requests": [create("1", "Rolled Back"), create("2", 42), create("3", "Never Run")]],
                                          headers: [("Isolation", "snapshot")])
            #expect(reply.status == 200)
            #expect(reply.json["responses"]?.arrayValue?.map { $0["status"]?.intValue } == [201, 400, 424])
            #expect(try await count(bc, "customers") == before)
        }
    }

    @Test("§2.3 deep insert is atomic; post answers 204, keeps the id and moves the number; a blocked customer and an empty invoice are refused")
    func documentsOverHTTP() async throws {
        try await BCLive.run { bc in
            let before = try await count(bc, invoicesPath)
            let badLine = try await bc.post(invoicesPath, ["customerId": .string(Fixtures.acme),
                                                           "salesInvoiceLines": [BCHarness.itemLine(1), BCHarness.itemLine(1, item: Fixtures.blockedItem)]])
            #expect(badLine.status == 400)
            #expect(try await count(bc, invoicesPath) == before, "one bad line and nothing is created")
            let blocked = try await bc.post(invoicesPath, ["customerId": .string(Fixtures.blockedCustomer), "salesInvoiceLines": [BCHarness.itemLine(1)]])
            #expect(blocked.status == 400)
            #expect(blocked.errorCode?.hasPrefix("Application_") == true)
            let empty = try await bc.post(invoicesPath, ["customerId": .string(Fixtures.acme)])
            let emptyId = empty.json["id"]?.stringValue ?? ""
            #expect(try await bc.action("\(invoicesPath)(\(emptyId))/Microsoft.NAV.post").status == 400)
            let draft = try await bc.post(invoicesPath, ["customerId": .string(Fixtures.acme), "salesInvoiceLines": [BCHarness.itemLine(1)]])
            let id = draft.json["id"]?.stringValue ?? ""
            let draftNumber = draft.json["number"]?.stringValue
            let posted = try await bc.action("\(invoicesPath)(\(id))/Microsoft.NAV.post")
            #expect(posted.status == 204)
            #expect(posted.json == .null, "a bound action answers without a body")
            let after = try await bc.get("\(invoicesPath)(\(id))")
            #expect(after.json["id"]?.stringValue == id)
            #expect(after.json["status"]?.stringValue == "Open")
            #expect(after.json["number"]?.stringValue != draftNumber)
        }
    }

    @Test("§5 a body over the cap is 413 in BC's error shape and creates nothing")
    func oversizedBody() async throws {
        try await BCLive.run({ $0.maxBodyBytes = 1_024 }) { bc in
            let before = try await count(bc, "customers")
            let big = try await bc.post("customers", ["displayName": .string(String(repeating: "x", count: 4_096))])
            #expect(big.status == 413)
            #expect(big.json["error"]?["message"]?.stringValue?.isEmpty == false)
            #expect(try await count(bc, "customers") == before)
        }
    }
}
