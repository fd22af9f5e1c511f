import Testing

@Test func FieldLedgerCoreTestsBuilds() { #expect(Bool(true)) }
