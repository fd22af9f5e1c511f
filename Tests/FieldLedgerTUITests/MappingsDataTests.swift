import FieldLedgerCore
import Foundation
import GRDB
import Testing
@testable import FieldLedgerTUI

/// The Mappings and Conflicts panes against a real store: the reads, the inline check, the
/// preview, and saving through the core (finance saves; an operator is refused, nothing changes).
@Suite struct MappingsDataTests {
    static func store(_ folder: TempFolder) throws -> Store {
        let store = try seededStore(folder)
        try store.write { db in
            for (code, name, blocked) in [("43100", "Service Revenue - HVAC", false), ("49000", "Backflow Testing Revenue", false),
                                          ("44900", "Fire Protection Revenue - OLD", true)] {
                try db.execute(sql: """
                    INSERT INTO reference_data (erp_system, entity, erp_id, code, name, blocked, data, refreshed_at)
                    VALUES ('businesscentral', 'accounts', ?, ?, ?, ?, ?, 't')
                    """, arguments: ["acc-\(code)", code, name, blocked,
                                     #"{"accountType":"Posting","directPosting":true\#(blocked ? #","blocked":true"# : "")}"#])
            }
        }
        return store
    }

    @Test func theEditorsChecksAndPickerReadTheStore() throws {
        let folder = TempFolder()
        let data = ConsoleData(store: try Self.store(folder))
        let rule = PostingRule(kind: .glAccount, serviceLine: "Backflow Testing", target: "44900", createdBy: "carol")
        let action = try data.load(.checkRule(RuleChangeSet(add: [rule], reason: ""), entity: "accounts", query: "4", revision: 3))
        guard case .ruleChecked(let revision, let issues, let hits)? = action else {
            Issue.record("no check result: \(String(describing: action))")
            return
        }
        #expect(revision == 3)
        #expect(issues.map(\.code) == ["BLOCKED_GL_ACCOUNT"])
        #expect(hits.map(\.code) == ["43100", "44900", "49000"])
        #expect(hits.map(\.blocked) == [false, true, false])
    }

    @Test func financeSavesThroughTheCoreAndAnOperatorIsRefused() throws {
        let folder = TempFolder()
        let store = try Self.store(folder)
        let rule = PostingRule(kind: .glAccount, serviceLine: "Backflow Testing", target: "49000", createdBy: "omar")
        let changes = RuleChangeSet(add: [rule], reason: "new service line")

        let refused = EffectRunner.apply(changes, retry: true, context: CommandContext(store: store, user: ActingUser(name: "omar"), role: .operator))
        #expect(refused == .rulesApplied(StatusMessage(
            "change posting rules: needs role finance; you are omar (operator). Ask an admin to grant it under [roles] in the configuration.",
            isError: true), saved: false))
        #expect(try store.read { db in try RuleBook.liveRules(db) }.isEmpty)

        let saved = EffectRunner.apply(changes, retry: false, context: CommandContext(store: store, user: ActingUser(name: "carol"), role: .finance))
        guard case .rulesApplied(let message, true) = saved else {
            Issue.record("not saved: \(saved)")
            return
        }
        #expect(message.text.hasPrefix("Saved rule version 1"))
        let rows = try ConsoleData(store: store).rules()
        #expect(rows.map(\.target) == ["49000"])
        #expect(rows.first?.match.contains("service_line Backflow Testing") == true)
        #expect(rows.first?.problem == nil)

        // A change the core refuses (no reason) comes back as its message, nothing saved.
        let noReason = EffectRunner.apply(RuleChangeSet(retire: [rows[0].id], reason: " "), retry: false,
                                          context: CommandContext(store: store, user: ActingUser(name: "carol"), role: .finance))
        guard case .rulesApplied(let why, false) = noReason else {
            Issue.record("an empty reason was accepted: \(noReason)")
            return
        }
        #expect(why.text.contains("MISSING_REASON") || why.text.contains("reason"))
        #expect(try ConsoleData(store: store).rules().count == 1)
    }

    @Test func conflictsAreReadNewestFirstAndSanitised() throws {
        let folder = TempFolder()
        let store = try Self.store(folder)
        try store.write { db in
            for (n, phone) in [(1, "919-555-0100"), (2, "919-555-\u{1B}[31m0199")] {
                try db.execute(sql: """
                    INSERT INTO master_data_conflicts (entity, st_ref, bc_ref, field, st_value, bc_value, st_modified, bc_modified,
                        rule, winner, decided_at)
                    VALUES ('customer', ?, ?, 'phoneNumber', ?, '919-555-0000', '2026-11-27T07:00:00Z', '2026-11-27T06:00:00Z',
                        'newest', 'servicetrade', ?)
                    """, arguments: ["servicetrade:company:\(n)", "businesscentral:customer:C1000\(n)", phone, "2026-11-27T07:0\(n):00.000Z"])
            }
        }
        let rows = try ConsoleData(store: store).conflicts()
        #expect(rows.map(\.stRef) == ["servicetrade:company:2", "servicetrade:company:1"])
        #expect(!rows[0].stValue.contains("\u{1B}"))
        #expect(rows[0].winningValue == rows[0].stValue)
        #expect(rows[0].explanation.hasPrefix("servicetrade won: newest change wins"))
    }
}
