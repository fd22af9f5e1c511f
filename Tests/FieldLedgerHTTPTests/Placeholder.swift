import Testing

@Test func FieldLedgerHTTPTestsBuilds() { #expect(Bool(true)) }
