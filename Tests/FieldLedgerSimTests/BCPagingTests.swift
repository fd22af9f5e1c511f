import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("BC server-driven paging (reference §3, §5)")
struct BCPagingTests {
    @Test("§3 Prefer: odata.maxpagesize pages with @odata.nextLink until every entity was seen once")
    func followNextLinks() async throws {
        let live = try await LiveServer.start()
        let token = try await live.token()
        let auth = [("Authorization", "Bearer \(token)")]
        for index in 0..<7 {
            let created = try await RawHTTPClient.sendJSON("POST", "\(live.companyURL)/customers", ["displayName": .string("Paged \(index)")], headers: auth)
            #expect(created.status == 201)
        }
        var url: String? = "\(live.companyURL)/customers?$filter=startswith(displayName,'Paged')&$select=id,displayName"
        var seen: [String] = []
        var pages = 0
        while let next = url, pages < 10 {
            let page = try await RawHTTPClient.send("GET", next, headers: auth + [("Prefer", "odata.maxpagesize=3")])
            #expect(page.status == 200)
            #expect(page.header("Preference-Applied") == "odata.maxpagesize=3")
            seen += page.json["value"]?.arrayValue?.compactMap { $0["displayName"]?.stringValue } ?? []
            url = page.json["@odata.nextLink"]?.stringValue
            pages += 1
        }
        #expect(pages == 3)
        #expect(seen == (0..<7).map { "Paged \($0)" })
        await live.stop()
    }

    @Test("§5 a page size above 20,000 is refused with 413")
    func pageTooLarge() async throws {
        let bc = try await BCHarness()
        let reply = await bc.get("customers", headers: [("Prefer", "odata.maxpagesize=20001")])
        #expect(reply.status == 413)
        #expect(await bc.get("customers", headers: [("Prefer", "odata.maxpagesize=20000")]).status == 200)
    }

    @Test("§3 without Prefer all rows up to 20,000 come in one page without a nextLink")
    func defaultPage() async throws {
        let bc = try await BCHarness()
        let reply = await bc.get("customers")
        #expect(reply.json["value"]?.arrayValue?.count == 3)
        #expect(reply.json["@odata.nextLink"] == nil)
    }
}
