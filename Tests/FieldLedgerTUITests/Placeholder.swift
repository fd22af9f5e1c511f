import Testing

@Test func FieldLedgerTUITestsBuilds() { #expect(Bool(true)) }
