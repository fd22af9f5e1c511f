import FieldLedgerHTTP
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore

@Suite("Posting rules against Business Central's reference data: refused at save, flagged once when it changes")
struct RuleReferenceTests {
    @Test("accounts: missing, heading, blocked, no direct posting — each refused with what to do", arguments: [
        ("99999", "INVALID_GL_ACCOUNT", "does not exist"),
        ("40000", "INVALID_GL_ACCOUNT", "is a Heading account, not a posting account"),
        ("44900", "BLOCKED_GL_ACCOUNT", "is blocked"),
        ("45000", "INVALID_GL_ACCOUNT", "does not allow direct posting"),
    ])
    func accounts(number: String, code: String, words: String) throws {
        let f = try RuleFixture()
        let issues = refusal { try f.finance.saveRules(RuleChangeSet(add: [RuleFixture.gl(number, itemType: "labor")], reason: "x")) }
        #expect(issues.map(\.code) == [code])
        #expect(issues.first?.column == .target)
        #expect(issues.first?.message.contains("GL account \(number) \(words) in Business Central") == true)
        #expect(try f.live().isEmpty)
    }

    @Test("dimensions and values, tax groups and areas, payment terms must exist; a blocked dimension value is refused")
    func otherReferences() throws {
        let f = try RuleFixture()
        let issues = refusal {
            try f.finance.saveRules(RuleChangeSet(add: [
                PostingRule(kind: .dimension, sourceKind: "service_line", sourceValue: "Backflow Testing", dimensionCode: "DEPT", target: "FS", createdBy: ""),
                PostingRule(kind: .dimension, sourceKind: "service_line", sourceValue: "Fire Sprinkler", dimensionCode: "DEPARTMENT", target: "SPRINKLER-OLD", createdBy: ""),
                PostingRule(kind: .dimension, sourceKind: "branch", sourceValue: "Durham", dimensionCode: "AREA", target: "DUR", createdBy: ""),
                PostingRule(kind: .taxGroup, sourceValue: "Equipment Rental 8.50%", target: "RENTAL", createdBy: ""),
                PostingRule(kind: .taxArea, sourceKind: "location", sourceValue: "61", target: "NC-ORANGE", createdBy: ""),
                PostingRule(kind: .paymentTerms, sourceValue: "Net 60", target: "NET60", createdBy: ""),
            ], reason: "x"))
        }
        #expect(issues.map(\.code) == ["UNKNOWN_DIMENSION", "BLOCKED_DIMENSION_VALUE", "UNKNOWN_DIMENSION_VALUE",
                                       "UNKNOWN_TAX_GROUP", "UNKNOWN_TAX_AREA", "UNKNOWN_PAYMENT_TERMS"])
        #expect(issues.map(\.addIndex) == [0, 1, 2, 3, 4, 5])
        // The valid ones save.
        try f.finance.saveRules(RuleChangeSet(add: [
            PostingRule(kind: .dimension, sourceKind: "service_line", sourceValue: "Backflow Testing", dimensionCode: "DEPARTMENT", target: "FS", createdBy: ""),
            PostingRule(kind: .taxGroup, sourceValue: "Labor - exempt", target: "LABOR", createdBy: ""),
            PostingRule(kind: .paymentTerms, sourceValue: "Net 30", target: "NET30", createdBy: ""),
        ], reason: "valid"))
        #expect(try f.live().count == 3)
    }

    @Test("an account blocked after the rule was saved is flagged once, with the open records it affects; unblocking closes it")
    func health() throws {
        let f = try RuleFixture()
        let saved = try f.finance.saveRules(RuleChangeSet(add: [
            RuleFixture.gl("49000", serviceLine: "Backflow Testing"),
            RuleFixture.gl("43100", itemType: "labor", serviceLine: "HVAC"),
        ], reason: "x"))
        let backflow = saved.added[0].id!
        let failed = try seedPayload(f.store, serviceLine: "Backflow Testing", state: .failed)
        let posted = try seedPayload(f.store, serviceLine: "Backflow Testing", state: .posted)
        _ = try seedPayload(f.store, serviceLine: "HVAC", state: .failed)
        #expect(try f.store.write { db in try RuleHealth.check(db) }.isEmpty)

        try f.store.write { db in
            try db.execute(sql: "UPDATE reference_data SET blocked = 1 WHERE entity = 'accounts' AND code = '49000'")
        }
        let problems = try f.store.write { db in try RuleHealth.check(db) }
        #expect(problems.count == 1)
        #expect(problems.first?.ruleID == backflow && problems.first?.code == "BLOCKED_GL_ACCOUNT")
        #expect(problems.first?.affected == [failed], "open records only; posted \(posted) is not affected")
        #expect(problems.first?.reason.contains("GL account 49000 is blocked") == true)
        // The next refresh finds the same problem and does not flag it again.
        #expect(try f.store.write { db in try RuleHealth.check(db) }.count == 1)
        #expect(try f.events("mapping.rule_invalid").count == 1)
        // Saving a new rule to the blocked account is refused at save time.
        #expect(refusal { try f.finance.saveRules(RuleChangeSet(add: [RuleFixture.gl("49000", itemType: "other", serviceLine: "HVAC")], reason: "y")) }
            .map(\.code) == ["BLOCKED_GL_ACCOUNT"])

        try f.store.write { db in
            try db.execute(sql: "UPDATE reference_data SET blocked = 0 WHERE entity = 'accounts' AND code = '49000'")
        }
        #expect(try f.store.write { db in try RuleHealth.check(db) }.isEmpty)
        #expect(try f.events("mapping.rule_valid_again").count == 1)
    }
}

/// An invoice work item with one labour line of `serviceLine` and its stored ServiceTrade payload.
func seedPayload(_ store: Store, serviceLine: String, state: WorkItemState, id: Int = Int.random(in: 1000...999_999)) throws -> Int64 {
    let payload = """
        {"id": \(id), "invoiceNumber": "INV-\(id)", "status": "pending_accounting", "company": {"id": 1, "name": "Acme"},
         "region": {"id": 1, "name": "Raleigh"},
         "items": [{"description": "Test (hr)", "itemType": "labor", "serviceLine": {"id": 4, "name": "\(serviceLine)"},
                    "quantity": 1, "price": 100.00, "total": 100.00, "taxAmount": 0.00}],
         "subtotal": 100.00, "taxAmount": 0.00, "totalPrice": 100.00, "updated": 1}
        """
    return try store.write { db in
        var item = WorkItem(flow: "invoice.post", sourceSystem: "servicetrade", sourceEntity: "invoice", sourceId: String(id),
                            sourceRef: "INV-\(id)", naturalKey: "INV-\(id)", state: .received)
        item.payload = payload
        try item.insert(recordingBy: .engine, in: db)
        if state != .received {
            try db.execute(sql: "UPDATE work_items SET state = ? WHERE id = ?", arguments: [state.rawValue, item.id])
        }
        return item.id!
    }
}
