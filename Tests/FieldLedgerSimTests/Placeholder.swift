import Testing

@Test func FieldLedgerSimTestsBuilds() { #expect(Bool(true)) }
