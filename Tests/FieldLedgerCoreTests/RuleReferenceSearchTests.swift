import Foundation
import Testing
@testable import FieldLedgerCore

@Suite("Pickers' data: reference values searched by code prefix or name, case-insensitive")
struct RuleReferenceSearchTests {
    @Test("code prefix first in code order, then name matches; blocked flag kept; limit honoured")
    func search() throws {
        let f = try RuleFixture()
        let search = try f.store.read { db in try ReferenceSearch.load(db) }
        #expect(search.search("accounts", query: "43").map(\.code) == ["43100", "43200"])
        #expect(search.search("accounts", query: "protection").map(\.code) == ["44900"])
        #expect(search.search("accounts", query: "PROTECTION").first?.blocked == true)
        #expect(search.search("accounts", query: "4", limit: 2).count == 2)
        #expect(search.search("accounts", query: "revenue").map(\.code) == ["40000", "44900"])
        #expect(search.search("accounts", query: "").count == 10)
        #expect(search.search("dimensionValues:DEPARTMENT", query: "").map(\.code) == ["FS", "HVAC", "SPRINKLER-OLD"])
        #expect(search.search("nothing", query: "x").isEmpty)
    }

    @Test("a 10,000-account chart: prefix and substring searches return the right accounts")
    func large() {
        let hits = (0..<10_000).map { ReferenceSearch.Hit(code: String(10_000 + $0), name: "Account \($0) \($0 % 2 == 0 ? "Even" : "Odd")", blocked: false) }
        let search = ReferenceSearch(entries: ["accounts": hits.shuffled()])
        // Code prefix 1999 (19990…19999), then the name "Account 1999" (code 11999).
        #expect(search.search("accounts", query: "1999", limit: 100).map(\.code) == (19_990...19_999).map(String.init) + ["11999"])
        #expect(search.search("accounts", query: "9999 odd", limit: 5).map(\.code) == ["19999"])
        #expect(search.search("accounts", query: "even", limit: 10_000).count == 5_000)
    }
}
