import FieldLedgerHTTP
import Testing
@testable import FieldLedgerSim

/// The secondary index behind uniqueness checks (ServiceTrade external ids): it must answer what
/// a scan with JSON equality would, after puts, replacements and removals.
@Suite("Simulator record table: lookups by member values")
struct SimRecordTableIndexTests {
    @Test("ids(matching:) follows puts, replacements and removals, and matches 7 with 7.0")
    func indexFollowsChanges() throws {
        var table = SimRecordTable()
        table.put(["id": 1, "system": "bc", "value": "C1", "entityId": 7])
        table.put(["id": 2, "system": "bc", "value": "C2", "entityId": 8])
        #expect(table.ids(matching: ["system": "bc", "value": "C1"]) == [1])
        #expect(table.ids(matching: ["entityId": try JSONValue(parsing: "7.0")]) == [1])

        table.put(["id": 3, "system": "bc", "value": "C1", "entityId": 9])  // indexed after the index exists
        #expect(table.ids(matching: ["system": "bc", "value": "C1"]) == [1, 3])

        table.put(["id": 1, "system": "bc", "value": "C9", "entityId": 7])  // a replacement moves it
        #expect(table.ids(matching: ["system": "bc", "value": "C1"]) == [3])
        #expect(table.ids(matching: ["system": "bc", "value": "C9"]) == [1])

        table.remove(3)
        #expect(table.ids(matching: ["system": "bc", "value": "C1"]).isEmpty)
        #expect(table.ids(matching: ["system": "intacct", "value": "C9"]).isEmpty)
    }

    @Test("a missing member matches null, and nothing else")
    func missingIsNull() {
        var table = SimRecordTable()
        table.put(["id": 1, "system": "bc"])
        table.put(["id": 2, "system": "bc", "value": .null])
        table.put(["id": 3, "system": "bc", "value": ""])
        #expect(table.ids(matching: ["system": "bc", "value": .null]) == [1, 2])
    }
}
