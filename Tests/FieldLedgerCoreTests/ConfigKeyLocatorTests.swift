import Testing
@testable import FieldLedgerCore

/// The scanner that finds a key's line (TOMLKit gives positions for syntax errors only).
@Suite struct ConfigKeyLocatorTests {
    let text = """
        # comment with [brackets] and key = value
        title = "a # not a comment"
        sync.workers = 2
        [ roles ]
        viewer = [
          "alice",   # first
          "bob",
        ]
        operator = \"\"\"
        finance = "inside a multi-line string"
        \"\"\"
        "quoted key" = 1
        finance = ['x']
        [business_central]
        a.'b.c' = 3
        [[jobs]]
        id = 1
        """

    @Test func findsKeysAfterCommentsStringsAndMultiLineValues() {
        let locator = TOMLKeyLocator(text: text)
        #expect(locator.line(of: ["title"]) == 2)
        #expect(locator.line(of: ["sync", "workers"]) == 3)
        #expect(locator.line(of: ["roles"]) == 4)
        #expect(locator.line(of: ["roles", "viewer"]) == 5)
        #expect(locator.line(of: ["roles", "operator"]) == 9)
        #expect(locator.line(of: ["roles", "quoted key"]) == 12)
        #expect(locator.line(of: ["roles", "finance"]) == 13)
        #expect(locator.line(of: ["business_central", "a", "b.c"]) == 15)
        #expect(locator.line(of: ["jobs", "id"]) == 17)
    }

    @Test func absentKeyFallsBackToItsSection() {
        let locator = TOMLKeyLocator(text: text)
        #expect(locator.line(of: ["business_central", "tenant"]) == 14)
        #expect(locator.line(of: ["nowhere", "key"]) == nil)
    }

    @Test func errorsAfterMultiLineValuesHaveTheRightLine() throws {
        let error = try configErrors("""
            [roles]
            viewer = [
              "alice",
              "@staff",
            ]
            operator = ["ok"]
            finance = ["bad name"]
            """)
        #expect(error?.hasPrefix("fieldledger.toml:7: roles.finance: ") == true)
        #expect(try configErrors("sync.workers = 17")
            == "fieldledger.toml:1: sync.workers: expected a whole number from 1 to 16, found 17")
    }
}
