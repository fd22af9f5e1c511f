import FieldLedgerHTTP
import FieldLedgerSim
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore

/// Rule changes on the sample company against the simulators: the preview's promise is what a
/// real retry delivers, the trace names the rule version per line, and an account blocked in
/// Business Central after the rule was saved is flagged once at the next reference refresh.
@Suite("Engine: rule preview, apply-and-retry, trace by rule version, rule health", .serialized)
struct RulePreviewTests {
    @Test("the preview of the missing GL rule fixes the two planted failures; apply-and-retry posts exactly those")
    func previewEqualsRetry() async throws {
        let company = try await SimulatedCompany()
        let engine = company.engine()
        try await engine.runOnce()
        let carol = CommandContext(store: company.store, user: ActingUser(name: "carol"), role: .finance)

        // The department mapping alone fixes nothing: both invoices fail on the GL rule first.
        let dimensionOnly = try company.store.read { db in
            try RuleChangePreview.compute(RuleChangeSet(add: [SimulatedCompany.backflowDepartment], reason: "p"), in: db)
        }
        #expect(dimensionOnly.fixes.isEmpty && dimensionOnly.issues.isEmpty)
        try carol.saveRules(RuleChangeSet(add: [SimulatedCompany.backflowDepartment], reason: "Backflow Testing is a sprinkler-department line"))

        // The GL rule alone: the preview names both planted failures.
        let change = RuleChangeSet(add: [SimulatedCompany.backflowGL], reason: "new service line Backflow Testing")
        let preview = try company.store.read { db in try RuleChangePreview.compute(change, in: db) }
        #expect(Set(preview.fixes.map(\.sourceRef)) == ["INV-26077", "INV-26143"])
        #expect(preview.fixes.allSatisfy { $0.before == "UNMAPPED_GL_ACCOUNT" && $0.after == nil })
        #expect(preview.changesPending.isEmpty)
        #expect(preview.postedDifferently.isEmpty, "no posted invoice has a Backflow Testing line")

        let applied = try carol.applyRules(change, retryFixed: true)
        #expect(applied.retried.map(\.workItemID) == preview.fixes.map(\.workItemID))
        let cycle = try await engine.runOnce()
        #expect(cycle.posted == preview.fixes.count)
        let inERP = try await company.invoicesInERP()
        #expect(inERP["INV-26077"] == 1 && inERP["INV-26143"] == 1 && inERP.count == 169)

        // trace: each line of INV-26077 names the rule and its version.
        guard case .found(let report) = try company.store.read({ db in try TraceLookup.find("INV-26077", in: db) }) else {
            Issue.record("INV-26077 not found by trace")
            await company.stop()
            return
        }
        let gl = try #require(applied.version.added.first?.id)
        #expect(!report.ruleLines.isEmpty)
        #expect(report.ruleLines.allSatisfy { $0.ruleID == gl && $0.version == applied.version.version && $0.account == "49000" })
        #expect(report.ruleLines.first?.text == "line 1 → GL 49000 by rule \(gl) (version \(applied.version.version))")
        #expect(try company.store.read { db in try AuditVerifier.verify(db) }.isIntact)
        await company.stop()
    }

    @Test("a change of a posting account previews the pending and posted records it changes")
    func pendingAndPosted() async throws {
        let company = try await SimulatedCompany()
        try await company.engine().runOnce()
        let (labour, hvacPosted) = try company.store.read { db in
            (try #require(try RuleBook.liveRules(db).first { $0.kind == .glAccount && $0.itemType == "labor" && $0.serviceLine == "HVAC" }),
             try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM work_items WHERE state = 'posted'
                AND EXISTS (SELECT 1 FROM json_each(json_extract(payload, '$.items')) i
                            WHERE json_extract(i.value, '$.itemType') = 'labor' AND json_extract(i.value, '$.serviceLine.name') = 'HVAC')
                """) ?? 0)
        }
        var replacement = labour
        replacement.target = "49000"
        let preview = try company.store.read { db in
            try RuleChangePreview.compute(RuleChangeSet(add: [replacement], retire: [labour.id!], reason: "reclass"), in: db)
        }
        #expect(hvacPosted > 0)
        #expect(preview.postedDifferently.count == hvacPosted)
        #expect(preview.fixes.isEmpty && preview.issues.isEmpty)
        await company.stop()
    }

    @Test("an account blocked in Business Central after the rule was saved is flagged once by the next refresh")
    func blockedAfterSave() async throws {
        let company = try await SimulatedCompany()
        let engine = company.engine()
        try await engine.runOnce()
        let carol = CommandContext(store: company.store, user: ActingUser(name: "carol"), role: .finance)
        let saved = try carol.saveRules(RuleChangeSet(add: [SimulatedCompany.backflowDepartment, SimulatedCompany.backflowGL], reason: "backflow"))
        let glRule = try #require(saved.added.first { $0.kind == .glAccount }?.id)

        // Block 49000 in the simulated Business Central (its data reloaded with the account blocked and modified later).
        let data = company.folder + "/bc-data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: SimulatedCompany.sampleData.path + "/bc", toPath: data + "/bc")
        let accountsFile = data + "/bc/accounts.json"
        var accounts = try #require(try JSONValue(parsing: String(contentsOfFile: accountsFile, encoding: .utf8)).arrayValue)
        for i in accounts.indices where accounts[i]["number"]?.stringValue == "49000" {
            var account = try #require(accounts[i].objectValue)
            account["blocked"] = true
            account["lastModifiedDateTime"] = "2030-01-01T00:00:00Z"
            accounts[i] = .object(account)
        }
        try JSONValue.array(accounts).serialized().write(toFile: accountsFile, atomically: true, encoding: .utf8)
        try company.bcSim.load(dataDirectory: URL(fileURLWithPath: data))

        try await ReferenceDataRefresh(client: company.bc, store: company.store).run()
        let problems = try company.store.read { db in try RuleHealth.problems(db) }
        #expect(problems.count == 1)
        #expect(problems.first?.ruleID == glRule && problems.first?.code == "BLOCKED_GL_ACCOUNT")
        let failedBackflow = try company.store.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM work_items WHERE source_ref IN ('INV-26077','INV-26143') ORDER BY id")
        }
        #expect(problems.first?.affected == failedBackflow)
        // A second refresh does not flag it again; the preview of retrying them shows they would still fail.
        try await ReferenceDataRefresh(client: company.bc, store: company.store).run()
        let flagged = try company.store.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_events WHERE action = 'mapping.rule_invalid'")
        }
        #expect(flagged == 1)
        await company.stop()
    }
}
