import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("BC item inventory adjustments (reference §2.1)")
struct BCInventoryTests {
    @Test("§2.1 PATCH inventory posts a Positive/Negative Adjmt. with Document No. = item number, and G/L entries")
    func adjust() async throws {
        let bc = try await BCHarness()
        let path = "items(\(Fixtures.valveItem))"
        let before = await bc.get(path).json["lastModifiedDateTime"]?.stringValue
        bc.clock.advance(by: 10)
        #expect(await bc.patch(path, ["inventory": 15]).status == 200)
        #expect(await bc.get(path).json["inventory"]?.money == 15)
        #expect(await bc.get(path).json["lastModifiedDateTime"]?.stringValue == before, "stock is a FlowField (inferred)")
        #expect(await bc.patch(path, ["inventory": 12]).status == 200)
        let entries = await bc.get("itemLedgerEntries", [("$filter", "itemNumber eq 'I1000'"), ("$orderby", "entryNumber")]).json["value"]?.arrayValue ?? []
        #expect(entries.map { $0["entryType"]?.stringValue } == ["Positive Adjmt.", "Negative Adjmt."])
        #expect(entries.map { $0["quantity"]?.money } == [5, -3])
        #expect(entries.first?["documentNumber"]?.stringValue == "I1000")
        #expect(entries.first?["costAmountActual"]?.money == 400)
        let ledger = await bc.get("generalLedgerEntries", [("$filter", "documentNumber eq 'I1000'")]).json["value"]?.arrayValue ?? []
        #expect(ledger.count == 4)
        #expect(await bc.post("itemLedgerEntries", ["itemNumber": "X"]).status == 405)
    }

    @Test("§2.1 only inventory items carry stock")
    func serviceItemRefused() async throws {
        let bc = try await BCHarness()
        let labor = await bc.get("items", [("$filter", "number eq 'LABOR'")]).json["value"]?[0]?["id"]?.stringValue ?? ""
        let reply = await bc.patch("items(\(labor))", ["inventory": 3])
        #expect(reply.errorCode == "Application_FieldValidationException")
    }
}
