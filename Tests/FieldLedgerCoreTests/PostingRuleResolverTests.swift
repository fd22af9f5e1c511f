import Foundation
import Testing
@testable import FieldLedgerCore

@Suite("Posting rules: the one resolver")
struct PostingRuleResolverTests {
    private func rule(_ kind: PostingRule.Kind, id: Int64, itemType: String = "*", serviceLine: String = "*", branch: String = "*",
                      sourceKind: String = "*", sourceValue: String = "*", dimension: String = "", target: String) -> PostingRule {
        var r = PostingRule(kind: kind, itemType: itemType, serviceLine: serviceLine, branch: branch, sourceKind: sourceKind,
                            sourceValue: sourceValue, dimensionCode: dimension, target: target, createdBy: "test", at: "t")
        r.id = id
        return r
    }

    @Test("the most specific GL rule wins; wildcards fill the gaps")
    func glPrecedence() {
        let resolver = PostingRuleResolver(rules: [
            rule(.glAccount, id: 1, itemType: "labor", target: "49000"),
            rule(.glAccount, id: 2, itemType: "labor", serviceLine: "HVAC", target: "43100"),
            rule(.glAccount, id: 3, itemType: "labor", serviceLine: "HVAC", branch: "Charlotte", target: "43150"),
        ])
        #expect(resolver.glAccount(itemType: "labor", serviceLine: "HVAC", branch: "Raleigh") == .init(value: "43100", ruleID: 2))
        #expect(resolver.glAccount(itemType: "labor", serviceLine: "HVAC", branch: "Charlotte") == .init(value: "43150", ruleID: 3))
        #expect(resolver.glAccount(itemType: "labor", serviceLine: "Fire Alarm", branch: nil) == .init(value: "49000", ruleID: 1))
        #expect(resolver.glAccount(itemType: "material", serviceLine: "HVAC", branch: nil) == nil)
    }

    @Test("two equally specific GL rules with different accounts resolve to nothing (a tie is never guessed)")
    func glTie() {
        let resolver = PostingRuleResolver(rules: [
            rule(.glAccount, id: 1, itemType: "labor", target: "41100"),
            rule(.glAccount, id: 2, serviceLine: "HVAC", target: "43100"),
        ])
        #expect(resolver.glAccount(itemType: "labor", serviceLine: "HVAC", branch: nil) == nil)
    }

    @Test("dimension, tax group, tax area (location before company) and payment terms")
    func otherKinds() {
        let resolver = PostingRuleResolver(rules: [
            rule(.dimension, id: 1, sourceKind: "service_line", sourceValue: "HVAC", dimension: "DEPARTMENT", target: "HVAC"),
            rule(.dimension, id: 2, sourceKind: "job", sourceValue: "*", dimension: "PROJECT", target: "="),
            rule(.taxGroup, id: 3, sourceKind: "tax_rate", sourceValue: "Materials 7.25%", target: "MATERIAL"),
            rule(.taxArea, id: 4, sourceKind: "company", sourceValue: "5", target: "NC-WAKE"),
            rule(.taxArea, id: 5, sourceKind: "location", sourceValue: "9", target: "NC-DURHAM"),
            rule(.paymentTerms, id: 6, sourceKind: "terms", sourceValue: "Net 30", target: "NET30"),
        ])
        #expect(resolver.dimension(sourceKind: "service_line", sourceValue: "HVAC")?.dimensionCode == "DEPARTMENT")
        #expect(resolver.dimension(sourceKind: "job", sourceValue: "24001")?.resolution == .init(value: "24001", ruleID: 2))
        #expect(resolver.dimension(sourceKind: "service_line", sourceValue: "Backflow Testing") == nil)
        #expect(resolver.taxGroup(forTaxRate: "Materials 7.25%")?.value == "MATERIAL")
        #expect(resolver.taxGroup(forTaxRate: "Equipment Rental 8.50%") == nil)
        #expect(resolver.taxArea(locationID: "9", companyID: "5")?.value == "NC-DURHAM")
        #expect(resolver.taxArea(locationID: "1", companyID: "5")?.value == "NC-WAKE")
        #expect(resolver.paymentTerms(forTerms: "Net 30")?.value == "NET30")
    }

    @Test("seed CSVs load all or nothing, report file and line, and are idempotent")
    func seed() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("s.sqlite"))
        let rules = dir.path + "/rules"
        try FileManager.default.createDirectory(atPath: rules, withIntermediateDirectories: true)
        try "item_type,service_line,branch,account_number\nlabor,HVAC,*,43100\nmaterial,HVAC,*,43200\n"
            .write(toFile: rules + "/gl-accounts.csv", atomically: true, encoding: .utf8)
        try "st_tax_rate,bc_tax_group\nMaterials 7.25%,MATERIAL\nbroken\n".write(toFile: rules + "/tax.csv", atomically: true, encoding: .utf8)
        #expect { try PostingRuleSeed.load(directory: rules, into: store, by: ActingUser(name: "carol")) } throws: {
            "\($0)".hasSuffix("tax.csv: line 3: expected 2 columns, found 1")
        }
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM posting_rules") } == 0)

        try "st_tax_rate,bc_tax_group\nMaterials 7.25%,MATERIAL\n".write(toFile: rules + "/tax.csv", atomically: true, encoding: .utf8)
        #expect(try PostingRuleSeed.load(directory: rules, into: store, by: ActingUser(name: "carol")) == 3)
        #expect(try PostingRuleSeed.load(directory: rules, into: store, by: ActingUser(name: "carol")) == 0)
        let resolver = try store.read { db in try PostingRuleResolver.load(db) }
        #expect(resolver.glAccount(itemType: "material", serviceLine: "HVAC", branch: "Raleigh")?.value == "43200")
        let seeded = try store.read { db in try AuditEvent.fetchAll(db, sql: "SELECT * FROM audit_events WHERE action = 'mapping.seeded'") }
        #expect(seeded.count == 2)
        #expect(seeded.allSatisfy { $0.actor == "carol" })
    }
}
