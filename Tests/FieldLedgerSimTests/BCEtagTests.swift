import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("BC etags and If-Match (reference §3)")
struct BCEtagTests {
    private let path = "customers(\(Fixtures.acme))"

    @Test("§3 PATCH without If-Match fails with BadRequest_InvalidToken, even with the etag in the body")
    func missingIfMatch() async throws {
        let bc = try await BCHarness()
        let etag = await bc.get(path).json["@odata.etag"]?.stringValue ?? ""
        let reply = await bc.call("PATCH", path, ["@odata.etag": .string(etag), "phoneNumber": "555-0100"])
        #expect(reply.status == 400)
        #expect(reply.errorCode == "BadRequest_InvalidToken")
        #expect(reply.errorMessage.contains("Could not validate the client concurrency token"))
        let delete = await bc.call("DELETE", path)
        #expect(delete.errorCode == "BadRequest_InvalidToken")
    }

    @Test("§3 the etag changes on every modification and a stale one gets Request_EntityChanged")
    func staleEtag() async throws {
        let bc = try await BCHarness()
        let first = await bc.get(path).json["@odata.etag"]?.stringValue ?? ""
        let updated = await bc.call("PATCH", path, ["phoneNumber": "555-0100"], headers: [("If-Match", first)])
        #expect(updated.status == 200)
        let second = updated.json["@odata.etag"]?.stringValue ?? ""
        #expect(second != first)
        #expect(await bc.get(path).json["@odata.etag"]?.stringValue == second)
        let stale = await bc.call("PATCH", path, ["phoneNumber": "555-0199"], headers: [("If-Match", first)])
        #expect(stale.status == 409)
        #expect(stale.errorCode == "Request_EntityChanged")
        #expect(await bc.get(path).json["phoneNumber"]?.stringValue == "555-0100")
    }

    @Test("§3 If-Match: * is accepted for PATCH and DELETE")
    func wildcard() async throws {
        let bc = try await BCHarness()
        #expect(await bc.call("PATCH", path, ["phoneNumber": "555-0111"], headers: [("If-Match", "*")]).status == 200)
        let created = await bc.post("customers", ["displayName": "Short Lived"])
        let id = created.json["id"]?.stringValue ?? ""
        #expect(await bc.call("DELETE", "customers(\(id))", headers: [("If-Match", "*")]).status == 204)
        #expect(await bc.get("customers(\(id))").status == 404)
    }

    @Test("§3 lastModifiedDateTime moves on a change, and a lastModifiedDateTime filter finds it")
    func lastModified() async throws {
        let bc = try await BCHarness()
        let before = await bc.get(path).json["lastModifiedDateTime"]?.stringValue ?? ""
        bc.clock.advance(by: 60)
        let cutoff = SimTime.iso8601(bc.clock.now())
        bc.clock.advance(by: 1)
        _ = await bc.patch(path, ["phoneNumber": "555-0123"])
        let after = await bc.get(path).json["lastModifiedDateTime"]?.stringValue ?? ""
        #expect(after > before)
        let changed = await bc.get("customers", [("$filter", "lastModifiedDateTime gt \(cutoff)")])
        #expect(changed.json["value"]?.arrayValue?.compactMap { $0["number"]?.stringValue } == ["C10000"])
    }

    @Test("§3 etags are W/\"<base64>\": the simulator's own base64 matches Foundation's for every length and byte")
    func etagEncoding() {
        for length in 0...20 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + length * 11 + 250) }
            #expect(BCValues.base64(bytes) == Data(bytes).base64EncodedString(), "length \(length)")
        }
        let key = "b1000000-0000-4000-8000-000000000001"
        #expect(BCValues.etag(version: 42, key: key) == "W/\"" + Data("'42;\(key.prefix(13));'".utf8).base64EncodedString() + "\"")
    }
}

