import Foundation
import Testing
@testable import FieldLedgerCore

@Suite("Rule editing: the console's inline check and picker entities")
struct RuleEditingTests {
    @Test("a rule being typed: per-field problems as saveRules reports them, without asking for the reason")
    func inlineCheck() throws {
        let f = try RuleFixture()
        let good = try f.store.read { db in
            try RuleEditing.check(RuleChangeSet(add: [RuleFixture.gl("49000", serviceLine: "Backflow Testing")], reason: ""), in: db)
        }
        #expect(good.isEmpty)
        let blocked = try f.store.read { db in
            try RuleEditing.check(RuleChangeSet(add: [RuleFixture.gl("44900", serviceLine: "Backflow Testing")], reason: ""), in: db)
        }
        #expect(blocked.map(\.code) == ["BLOCKED_GL_ACCOUNT"])
        #expect(blocked.first?.column == .target)
        var badType = RuleFixture.gl("49000")
        badType.itemType = "labour"
        let shape = try f.store.read { db in try RuleEditing.check(RuleChangeSet(add: [badType], reason: "x"), in: db) }
        #expect(shape.map(\.code) == ["BAD_VALUE"])
        #expect(shape.first?.column == .itemType)
        // Nothing was saved by checking.
        #expect(try f.live().isEmpty)
    }

    @Test("pickers: accounts for GL targets, the dimension's own values, nil for free text")
    func entities() {
        let gl = RuleFixture.gl("")
        #expect(RuleEditing.referenceEntity(for: .target, of: gl) == "accounts")
        #expect(RuleEditing.referenceEntity(for: .serviceLine, of: gl) == nil)
        var dim = PostingRule(kind: .dimension, sourceKind: "service_line", dimensionCode: "DEPARTMENT", target: "", createdBy: "")
        #expect(RuleEditing.referenceEntity(for: .target, of: dim) == "dimensionValues:DEPARTMENT")
        #expect(RuleEditing.referenceEntity(for: .dimensionCode, of: dim) == "dimensions")
        dim.dimensionCode = ""
        #expect(RuleEditing.referenceEntity(for: .target, of: dim) == "dimensionValues")
        #expect(RuleEditing.referenceEntity(for: .target, of: PostingRule(kind: .paymentTerms, target: "", createdBy: "")) == "paymentTerms")
        #expect(RuleEditing.referenceEntity(for: .target, of: PostingRule(kind: .costCode, target: "", createdBy: "")) == nil)
    }
}
