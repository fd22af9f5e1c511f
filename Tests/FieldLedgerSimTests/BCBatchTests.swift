import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("BC JSON $batch (reference §3)")
struct BCBatchTests {
    private func batch(_ bc: BCHarness, _ requests: [JSONValue], snapshot: Bool) async -> BCHarness.Reply {
        await bc.call("POST", "/bc/v2.0/\(bc.tenant)/production/api/v2.0/$batch", ["requests": .array(requests)],
                      headers: snapshot ? [("Isolation", "snapshot")] : [])
    }

    private func createCustomer(_ id: String, _ name: JSONValue) -> JSONValue {
        ["method": "POST", "id": .string(id), "url": .string("companies(\(Fixtures.companyId))/customers"),
         "headers": ["Content-Type": "application/json"], "body": ["displayName": name]]
    }

    @Test("§3 each request gets its own response with id and status")
    func independentRequests() async throws {
        let bc = try await BCHarness()
        let reply = await batch(bc, [createCustomer("1", "Batch One"), createCustomer("2", 42),
                                     ["method": "GET", "id": "3", "url": .string("companies(\(Fixtures.companyId))/customers?$filter=displayName eq 'Batch One'")]],
                                snapshot: false)
        #expect(reply.status == 200)
        let responses = reply.json["responses"]?.arrayValue ?? []
        #expect(responses.map { $0["status"]?.intValue } == [201, 400, 200])
        #expect(responses[2]["body"]?["value"]?.arrayValue?.count == 1)
        #expect(await bc.get("customers").json["value"]?.arrayValue?.count == 4)
    }

    @Test("§3 Isolation: snapshot rolls back every change when one request fails")
    func snapshotRollsBack() async throws {
        let bc = try await BCHarness()
        let reply = await batch(bc, [createCustomer("1", "Rolled Back"), createCustomer("2", 42), createCustomer("3", "Never Run")], snapshot: true)
        let statuses = reply.json["responses"]?.arrayValue?.map { $0["status"]?.intValue } ?? []
        #expect(statuses == [201, 400, 424])
        #expect(await bc.get("customers").json["value"]?.arrayValue?.count == 3)
    }

    @Test("§3 at most 100 operations per batch")
    func tooMany() async throws {
        let bc = try await BCHarness()
        let reply = await batch(bc, (0..<101).map { createCustomer("\($0)", "X") }, snapshot: false)
        #expect(reply.status == 400)
        #expect(reply.errorMessage.contains("at most 100"))
    }
}
