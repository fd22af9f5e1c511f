import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore

/// The rules a running cycle validates with follow what finance saves.
@Suite("CycleRules: the engine's rules follow a change mid-cycle")
struct CycleRulesTests {
    @Test("current() reloads after a saved version and after a retired rule, and only then")
    func reloadsOnChange() throws {
        let f = try RuleFixture()
        let rules = try CycleRules(store: f.store)
        let atStart = rules.validator
        #expect(atStart.resolver.glAccount(itemType: "labor", serviceLine: "Backflow Testing", branch: nil) == nil)
        #expect(try rules.current().rulesFingerprint == atStart.rulesFingerprint, "nothing changed: the same rules")

        let saved = try f.finance.saveRules(RuleChangeSet(add: [RuleFixture.gl("49000", serviceLine: "Backflow Testing")], reason: "new line"))
        #expect(try f.store.read { db in try CycleRules.changed(since: atStart, in: db) })
        let afterSave = try rules.current()
        #expect(afterSave.resolver.glAccount(itemType: "labor", serviceLine: "Backflow Testing", branch: nil)?.value == "49000")
        #expect(try f.store.read { db in try !CycleRules.changed(since: afterSave, in: db) })

        let id = try #require(saved.added.first?.id)
        _ = try f.finance.deleteRule(id: id, reason: "wrong line")
        #expect(try f.store.read { db in try CycleRules.changed(since: afterSave, in: db) })
        #expect(try rules.current().resolver.glAccount(itemType: "labor", serviceLine: "Backflow Testing", branch: nil) == nil)
        // A validator built outside a cycle carries no fingerprint: nothing to compare, never "changed".
        let outside = InvoiceValidator(resolver: atStart.resolver, reference: atStart.reference)
        #expect(try f.store.read { db in try !CycleRules.changed(since: outside, in: db) })
    }
}
