import FieldLedgerHTTP
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore

@Suite("Posting rules: versions, history, rollback, roles and audit")
struct RuleVersioningTests {
    @Test("set, replace and delete are versions with author and reason; history shows old → new; retired rules stop resolving")
    func versions() throws {
        let f = try RuleFixture()
        let v1 = try f.finance.saveRules(RuleChangeSet(add: [RuleFixture.gl("43100", itemType: "labor", serviceLine: "HVAC")], reason: "HVAC labour"))
        let ruleID = try #require(v1.added.first?.id)
        let v2 = try f.finance.saveRules(RuleChangeSet(add: [RuleFixture.gl("49000", itemType: "labor", serviceLine: "HVAC")],
                                                       retire: [ruleID], reason: "moved to other revenue"))
        let v3 = try f.finance.deleteRule(id: try #require(v2.added.first?.id), reason: "not needed")
        #expect([v1.version, v2.version, v3.version] == [1, 2, 3])
        #expect(v2.author == "carol" && v2.reason == "moved to other revenue")
        #expect(try f.live().isEmpty)

        let history = try f.store.read { db in try RuleBook.history(db) }
        #expect(history.map(\.version) == [3, 2, 1])
        #expect(history[1].retired.map(\.target) == ["43100"] && history[1].added.map(\.target) == ["49000"])
        let ofRule = try f.store.read { db in try RuleBook.history(ruleID: ruleID, db) }
        #expect(ofRule.map(\.version) == [2, 1], "the versions that added and retired rule \(ruleID)")
        // The retired row is kept, with who retired it, so traces of old postings still name it.
        let old = try #require(try f.store.read { db in try RuleBook.rule(id: ruleID, db) })
        #expect(old.retiredByVersion == 2 && old.version == 1 && old.target == "43100")
        let resolver = try f.store.read { db in try PostingRuleResolver.load(db) }
        #expect(resolver.glAccount(itemType: "labor", serviceLine: "HVAC", branch: nil) == nil)
    }

    @Test("rollback restores the live rules of a version as a new version; history is never rewritten")
    func rollback() throws {
        let f = try RuleFixture()
        try f.finance.saveRules(RuleChangeSet(add: [RuleFixture.gl("43100", itemType: "labor"), RuleFixture.gl("43200", itemType: "material")],
                                              reason: "v1"))
        let live1 = try f.live()
        try f.finance.saveRules(RuleChangeSet(add: [RuleFixture.gl("49000", itemType: "labor")], retire: [live1[0].id!], reason: "v2"))
        try f.finance.saveRules(RuleChangeSet(add: [RuleFixture.gl("41100", itemType: "other")], reason: "v3"))
        let back = try f.finance.rollbackRules(to: 1, reason: "month-end mistake")
        #expect(back.version == 4 && back.rollbackOf == 1)
        let live = try f.live()
        #expect(Set(live.map(\.target)) == ["43100", "43200"])
        #expect(live.first { $0.target == "43200" }?.id == live1[1].id, "a rule live throughout keeps its id")
        #expect(live.first { $0.target == "43100" }?.version == 4, "a restored rule is a new row of the rollback version")
        #expect(try f.store.read { db in try RuleBook.history(db) }.count == 4)
        // Rolling back to where we are changes nothing and says so.
        #expect(refusal { try f.finance.rollbackRules(to: 4, reason: "again") }.map(\.code) == ["NO_CHANGE"])
        #expect(refusal { try f.finance.rollbackRules(to: 99, reason: "x") }.map(\.code) == ["UNKNOWN_VERSION"])
    }

    @Test("only finance changes rules; the refusal is audited and nothing changes")
    func roles() throws {
        let f = try RuleFixture()
        let change = RuleChangeSet(add: [RuleFixture.gl("43100")], reason: "try")
        #expect { try f.operatorContext.saveRules(change) } throws: { error in
            "\(error)".contains("change posting rules: needs role finance; you are omar (operator)")
        }
        let viewer = CommandContext(store: f.store, user: ActingUser(name: "vic"), role: .viewer)
        #expect(throws: AccessDenied.self) { try viewer.rollbackRules(to: 1, reason: "x") }
        #expect(throws: AccessDenied.self) { try viewer.importRules(csv: RuleCSV.export([]), reason: "x") }
        #expect(throws: AccessDenied.self) { try f.operatorContext.applyRules(change, retryFixed: true) }
        let readOnly = CommandContext(store: f.store, user: ActingUser(name: "carol"), role: .finance, readOnly: true)
        #expect(throws: AccessDenied.self) { try readOnly.deleteRule(id: 1, reason: "x") }
        #expect(try f.live().isEmpty)
        let denied = try f.events("access.denied")
        #expect(denied.map(\.actor) == ["omar", "vic", "vic", "omar", "carol"])
        #expect(denied.allSatisfy { $0.detailsJSON["needed"]?.stringValue == "finance" })
    }

    @Test("every change is one audit event in the hash chain, by the user, with the version, reason and rules")
    func audited() throws {
        let f = try RuleFixture()
        let v1 = try f.finance.saveRules(RuleChangeSet(add: [RuleFixture.gl("43100", itemType: "labor")], reason: "first"))
        try f.finance.deleteRule(id: v1.added[0].id!, reason: "second")
        try f.finance.rollbackRules(to: 1, reason: "third")
        _ = try f.finance.importRules(csv: RuleCSV.export([RuleFixture.gl("49000", itemType: "other")]), reason: "fourth")
        let changed = try f.events("mapping.changed")
        let rolledBack = try f.events("mapping.rolled_back")
        #expect(changed.map { $0.detailsJSON["reason"]?.stringValue } == ["first", "second", "fourth"])
        #expect(rolledBack.map { $0.detailsJSON["reason"]?.stringValue } == ["third"])
        #expect((changed + rolledBack).allSatisfy { $0.actor == "carol" })
        #expect(changed[0].detailsJSON["added"]?[0]?.stringValue?.contains("gl_account item_type labor → 43100") == true)
        #expect(changed[1].detailsJSON["retired"]?.arrayValue?.count == 1)
        #expect(changed[0].subject == "mapping:version:1")
        #expect(try f.store.read { db in try AuditVerifier.verify(db) }.isIntact)
    }
}
