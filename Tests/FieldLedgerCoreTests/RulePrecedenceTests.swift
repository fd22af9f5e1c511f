import Foundation
import Testing
@testable import FieldLedgerCore

@Suite("Posting rules: precedence, ties refused at save time, every kind resolved")
struct RulePrecedenceTests {
    @Test("the most specific GL rule wins; document separates invoices from credit memos")
    func mostSpecificWins() throws {
        let f = try RuleFixture()
        try f.finance.saveRules(RuleChangeSet(add: [
            RuleFixture.gl("49000"),
            RuleFixture.gl("43100", itemType: "labor", serviceLine: "HVAC"),
            RuleFixture.gl("43200", itemType: "labor", serviceLine: "HVAC", branch: "Raleigh"),
            RuleFixture.gl("61000", itemType: "labor", serviceLine: "HVAC", branch: "Charlotte", document: "credit_memo"),
        ], reason: "chart"))
        let resolver = try f.store.read { db in try PostingRuleResolver.load(db) }
        #expect(resolver.glAccount(itemType: "labor", serviceLine: "HVAC", branch: "Raleigh")?.value == "43200")
        #expect(resolver.glAccount(itemType: "labor", serviceLine: "HVAC", branch: "Charlotte")?.value == "43100")
        #expect(resolver.creditMemoAccount(itemType: "labor", serviceLine: "HVAC", branch: "Raleigh")?.value == "43200")
        #expect(resolver.glAccount(itemType: "material", serviceLine: "Fire Alarm", branch: nil)?.value == "49000")
        #expect(resolver.creditMemoAccount(itemType: "labor", serviceLine: "HVAC", branch: "Charlotte")?.value == "61000")
        #expect(resolver.creditMemoAccount(itemType: "material", serviceLine: "HVAC", branch: nil)?.value == "49000")
    }

    @Test("two GL rules of equal specificity that overlap are refused, naming the rule they collide with")
    func tieRefused() throws {
        let f = try RuleFixture()
        let first = try f.finance.saveRules(RuleChangeSet(add: [RuleFixture.gl("43100", itemType: "labor", branch: "Raleigh")], reason: "a"))
        let firstID = try #require(first.added.first?.id)
        let issues = refusal {
            try f.finance.saveRules(RuleChangeSet(add: [RuleFixture.gl("43200", serviceLine: "HVAC", branch: "Raleigh")], reason: "b"))
        }
        #expect(issues.map(\.code) == ["TIE"])
        #expect(issues.first?.message.contains("rule \(firstID)") == true)
        #expect(issues.first?.message.contains("item_type labor, branch Raleigh") == true)
        #expect(try f.live().count == 1, "nothing saved")

        // Within one change the pair is a tie too; a rule for exactly their overlap settles it.
        let both = [RuleFixture.gl("41100", itemType: "material", branch: "Charlotte", document: "invoice"),
                    RuleFixture.gl("43200", itemType: "*", serviceLine: "HVAC", branch: "Charlotte", document: "invoice")]
        #expect(refusal { try f.finance.saveRules(RuleChangeSet(add: both, reason: "c")) }.map(\.code) == ["TIE"])
        let settled = both + [RuleFixture.gl("43100", itemType: "material", serviceLine: "HVAC", branch: "Charlotte", document: "invoice")]
        #expect(try f.finance.saveRules(RuleChangeSet(add: settled, reason: "d")).added.count == 3)

        // An exact duplicate of a live rule is refused with the way out (replace it).
        let dup = refusal { try f.finance.saveRules(RuleChangeSet(add: [RuleFixture.gl("49000", itemType: "labor", branch: "Raleigh")], reason: "e")) }
        #expect(dup.map(\.code) == ["DUPLICATE"])
        #expect(dup.first?.message.contains("--replace") == true)
        // Replacing it in the same change is fine.
        let replaced = try f.finance.saveRules(RuleChangeSet(add: [RuleFixture.gl("49000", itemType: "labor", branch: "Raleigh")],
                                                             retire: [firstID], reason: "f"))
        #expect(replaced.retired.map(\.id) == [firstID])
    }

    @Test("purchase, stock adjustment, timecard, cost code and field authority rules resolve")
    func otherKinds() throws {
        let f = try RuleFixture()
        try f.finance.saveRules(RuleChangeSet(add: [
            PostingRule(kind: .purchaseGL, category: "Filters", target: "12000", createdBy: ""),
            PostingRule(kind: .purchaseGL, category: "Filters", vendor: "V1003", target: "61000", createdBy: ""),
            PostingRule(kind: .stockAdjustmentGL, target: "62000", createdBy: ""),
            PostingRule(kind: .timecardGL, serviceLine: "HVAC", target: "61000", createdBy: ""),
            PostingRule(kind: .costCode, sourceKind: "activity", sourceValue: "onsite", target: "100", workType: "LABOR", createdBy: ""),
            PostingRule(kind: .costCode, sourceKind: "activity", sourceValue: "*", target: "900", createdBy: ""),
            PostingRule(kind: .fieldAuthority, sourceKind: "customer", sourceValue: "taxAreaId", target: "businesscentral", createdBy: ""),
            PostingRule(kind: .fieldAuthority, sourceKind: "customer", sourceValue: "*", target: "newest", createdBy: ""),
        ], reason: "all kinds"))
        let r = try f.store.read { db in try PostingRuleResolver.load(db) }
        #expect(r.purchaseAccount(category: "Filters", vendor: "V1001")?.value == "12000")
        #expect(r.purchaseAccount(category: "Filters", vendor: "V1003")?.value == "61000")
        #expect(r.purchaseAccount(category: "Specialty Tools", vendor: "V1001") == nil)
        #expect(r.stockAdjustmentAccount(category: "Filters", branch: "Raleigh")?.value == "62000")
        #expect(r.timecardAccount(serviceLine: "HVAC", branch: nil, jobType: nil)?.value == "61000")
        #expect(r.costCode(sourceKind: "activity", value: "onsite").map { [$0.jobTask.value, $0.workType] } == ["100", "LABOR"])
        #expect(r.costCode(sourceKind: "activity", value: "enroute")?.jobTask.value == "900")
        #expect(r.fieldAuthority(entity: "customer", field: "taxAreaId")?.authority == .businesscentral)
        #expect(r.fieldAuthority(entity: "customer", field: "phoneNumber")?.authority == .newest)
        #expect(r.fieldAuthority(entity: "vendor", field: "phoneNumber") == nil)
    }

    @Test("a rule's shape is checked: unknown values, unused columns, missing target, a reason")
    func shape() throws {
        let f = try RuleFixture()
        let issues = refusal {
            try f.finance.saveRules(RuleChangeSet(add: [
                PostingRule(kind: .glAccount, itemType: "labour", target: "43100", createdBy: ""),
                PostingRule(kind: .taxGroup, sourceValue: "Labor - exempt", dimensionCode: "X", target: "LABOR", createdBy: ""),
                PostingRule(kind: .fieldAuthority, sourceKind: "customer", sourceValue: "phone", target: "whoever", createdBy: ""),
                PostingRule(kind: .paymentTerms, sourceValue: "Net 30", target: "", createdBy: ""),
            ], reason: " "))
        }
        #expect(issues.map(\.code).sorted() == ["BAD_VALUE", "BAD_VALUE", "MISSING_REASON", "MISSING_VALUE", "UNUSED_COLUMN"], "\(issues)")
        #expect(issues.contains { $0.column == .itemType && $0.message.contains("'labour' is not one of labor, material, other, *") })
    }
}
