import FieldLedgerHTTP
import FieldLedgerSim
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore

/// The invoice lifecycle against the simulators over real HTTP: what `sync --once` does on the
/// sample company.
@Suite("Engine: approved invoices into Business Central", .serialized)
struct InvoiceSyncTests {
    @Test("the sample company: every valid approved invoice posts exactly once; each planted problem fails with its code")
    func sampleCompany() async throws {
        let company = try await SimulatedCompany()
        let engine = company.engine()
        let first = try await engine.runOnce().counts("invoice.post")
        #expect(first.received == 173)
        #expect(first.posted == 167)
        #expect(first.failed == 5)
        #expect(first.blocked == 1)

        let inERP = try await company.invoicesInERP()
        #expect(inERP.count == 167)
        #expect(inERP.values.allSatisfy { $0 == 1 }, "no invoice twice")
        for (number, _) in SimulatedCompany.planted { #expect(inERP[number] == nil, "\(number) must not post") }

        let codes = try company.store.read { db in
            try Row.fetchAll(db, sql: "SELECT source_ref, error_code FROM work_items WHERE flow = 'invoice.post' AND state IN ('failed','blocked')")
                .reduce(into: [String: String]()) { $0[$1[0]] = $1[1] }
        }
        #expect(codes == SimulatedCompany.planted)

        // A second cycle finds nothing new and changes nothing in the ERP.
        let second = try await engine.runOnce().counts("invoice.post")
        #expect(second.received == 0 && second.posted == 0 && second.failed == 0)
        #expect(try await company.invoicesInERP() == inERP)
        #expect(try company.store.read { db in try AuditVerifier.verify(db) }.isIntact)
        await company.stop()
    }

    @Test("posted invoices carry the mapped account, tax group and dimensions; the id survives posting; ServiceTrade says processed")
    func mappedDocument() async throws {
        let company = try await SimulatedCompany()
        try await company.engine().runOnce()
        let link = try #require(try company.store.read { db in
            try Link.fetchOne(db, sql: "SELECT * FROM links WHERE kind = 'salesInvoice' AND source_ref = 'INV-26001'")
        })
        let invoice = try #require(try await company.bc.get("salesInvoices(\(link.erpId))", query: ODataQuery(expand: ["salesInvoiceLines", "dimensionSetLines"])))
        #expect(invoice["externalDocumentNumber"]?.stringValue == "INV-26001")
        #expect(invoice["status"]?.stringValue == "Open")
        #expect(invoice["number"]?.stringValue == link.erpNumber)
        let lines = try #require(invoice["salesInvoiceLines"]?.arrayValue)
        #expect(lines.first?["lineObjectNumber"]?.stringValue == "42100")   // labor, Fire Alarm
        #expect(lines.first?["taxCode"]?.stringValue == "LABOR")
        let dims = invoice["dimensionSetLines"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
        #expect(Set(dims).isSuperset(of: ["AREA", "PROJECT"]))
        let stInvoice = try #require(try await company.st.get("invoice", id: "1"))
        #expect(stInvoice["status"]?.stringValue == "processed")
        #expect(stInvoice["externalIds"]?["business_central"]?.stringValue == link.erpNumber)
        // The service site (API v2.0 has no ship-to entity): the location's name and address on the invoice.
        let locationID = try #require(stInvoice["location"]?["id"]?.intValue)
        let location = try #require(try await company.st.get("location", id: String(locationID)))
        #expect(invoice["shipToName"]?.stringValue == location["name"]?.stringValue)
        #expect(invoice["shipToAddressLine1"]?.stringValue == location["address"]?["street"]?.stringValue)
        #expect(invoice["shipToCity"]?.stringValue == location["address"]?["city"]?.stringValue)
        #expect(invoice["shipToState"]?.stringValue == location["address"]?["state"]?.stringValue)
        #expect(invoice["shipToPostCode"]?.stringValue == location["address"]?["postalCode"]?.stringValue)
        #expect(invoice["shipToName"]?.stringValue?.isEmpty == false)
        await company.stop()
    }

    @Test("failed invoices are set to failed in ServiceTrade with a comment saying why")
    func failureReachesServiceTrade() async throws {
        let company = try await SimulatedCompany()
        try await company.engine().runOnce()
        let invoice = try #require(try await company.st.get("invoice", id: "45"))
        #expect(invoice["status"]?.stringValue == "failed")
        let comments = try await company.st.list("comment", plural: "comments", filters: [("entityType", "invoice"), ("entityId", "45")])
        #expect(comments.contains { $0["content"]?.stringValue?.contains("add up") == true })
        await company.stop()
    }

    @Test("fixing the missing GL rule and retrying by cause posts exactly the affected invoices")
    func fixAndRetry() async throws {
        let company = try await SimulatedCompany()
        let engine = company.engine()
        try await engine.runOnce()
        try company.store.write { db in
            var rule = PostingRule(kind: .glAccount, itemType: "*", serviceLine: "Backflow Testing", target: "49000", createdBy: "carol")
            try rule.insert(db)
            var dim = PostingRule(kind: .dimension, sourceKind: "service_line", sourceValue: "Backflow Testing",
                                  dimensionCode: "DEPARTMENT", target: "FS", createdBy: "carol")
            try dim.insert(db)
        }
        let carol = CommandContext(store: company.store, user: ActingUser(name: "carol"), role: .finance)
        let retried = try carol.retryAllFailed(cause: "UNMAPPED_GL_ACCOUNT")
        #expect(retried.count == 2)
        let cycle = try await engine.runOnce().counts("invoice.post")
        #expect(cycle.posted == 2)
        let inERP = try await company.invoicesInERP()
        #expect(inERP["INV-26077"] == 1 && inERP["INV-26143"] == 1)
        #expect(inERP.count == 169)
        await company.stop()
    }

    /// The console's Apply & retry can land while a cycle is under way (its master data flows take
    /// seconds on a busy day). The cycle loaded the rules before the fix; the retried invoices must
    /// still be validated with the fix, not fail again with the code finance just fixed.
    @Test("a rule fixed and retried while a cycle is under way: that cycle posts the invoices with the new rule")
    func fixLandsMidCycle() async throws {
        let company = try await SimulatedCompany()
        try await company.engine().runOnce()
        let cycle = try company.cycle()  // rules loaded now, before the fix
        #expect(cycle.validator.resolver.glAccount(itemType: "labor", serviceLine: "Backflow Testing", branch: nil) == nil)

        let carol = CommandContext(store: company.store, user: ActingUser(name: "carol"), role: .finance)
        let fix = RuleChangeSet(add: [SimulatedCompany.backflowDepartment, SimulatedCompany.backflowGL], reason: "new service line")
        let applied = try carol.applyRules(fix, retryFixed: true)
        #expect(applied.retried.count == 2)

        let counts = try await InvoicePostFlow().run(cycle)
        #expect(counts.posted == 2 && counts.failed == 0)
        let states = try company.store.read { db in
            try String.fetchAll(db, sql: "SELECT state FROM work_items WHERE source_ref IN ('INV-26077', 'INV-26143')")
        }
        #expect(states == ["posted", "posted"])
        await company.stop()
    }

    /// The narrower window: an invoice already handed to a worker with the page's rules when
    /// finance saves the fix. It is not `failed` yet, so Apply & retry cannot include it; it must
    /// not be failed with the stale rules either, but stay due for the next cycle.
    @Test("an invoice validated with rules that changed meanwhile is not failed: it stays due and the next cycle posts it")
    func staleRulesNeverFail() async throws {
        let company = try await SimulatedCompany()
        let engine = company.engine()
        try await engine.runOnce()
        let stale = try CycleRules(store: company.store).validator
        let carol = CommandContext(store: company.store, user: ActingUser(name: "carol"), role: .finance)
        _ = try carol.retryAllFailed(cause: "UNMAPPED_GL_ACCOUNT")
        _ = try carol.saveRules(RuleChangeSet(add: [SimulatedCompany.backflowDepartment, SimulatedCompany.backflowGL],
                                              reason: "new service line"))

        let processor = InvoiceProcessor(store: company.store, bc: company.bc, st: company.st,
                                         companies: CompanyDirectory(st: company.st), retry: engine.settings.retry)
        let items = try company.store.read { db in
            try WorkItem.fetchAll(db, sql: "SELECT * FROM work_items WHERE source_ref IN ('INV-26077', 'INV-26143') ORDER BY id")
        }
        #expect(items.map(\.state) == [.ready, .ready])
        for item in items {
            let outcome = await processor.process(item, validator: stale)
            #expect(outcome == .retrying)
        }
        let states = { try company.store.read { db in
            try String.fetchAll(db, sql: "SELECT state FROM work_items WHERE source_ref IN ('INV-26077', 'INV-26143')")
        } }
        #expect(try states() == ["ready", "ready"])

        let next = try await engine.runOnce().counts("invoice.post")
        #expect(next.posted == 2)
        #expect(try states() == ["posted", "posted"])
        await company.stop()
    }

    /// 173 approved sample invoices (6 with planted problems) + 327 generated ones = 500.
    static let generated = 327

    @Test("under faults (5xx, 429, timeouts, drop-after-commit) 500 invoices: every valid one posts exactly once, every planted problem fails with its code")
    func exactlyOnceUnderFaults() async throws {
        let company = try await SimulatedCompany(faults: "bc:5xx=0.10,429=0.05,timeout=0.02,drop-after-commit=0.02", seed: 11,
                                                 requestTimeout: .seconds(1), extraInvoices: Self.generated)
        let engine = company.engine()
        var cycles = 0
        var open = Int.max
        var cycleSucceeded = false
        while open > 0 || !cycleSucceeded, cycles < 40 {
            cycles += 1
            cycleSucceeded = (try? await engine.runOnce()) != nil
            open = try company.store.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM work_items WHERE flow = 'invoice.post' AND state IN ('received','ready','posting','retry_wait')") ?? 0
            }
        }
        #expect(open == 0, "everything settled within \(cycles) cycles")
        try await company.setFaults("")
        let inERP = try await company.invoicesInERP()
        let valid = 167 + Self.generated
        #expect(inERP.count == valid)
        #expect(inERP.filter { $0.value > 1 }.isEmpty, "duplicates: \(inERP.filter { $0.value > 1 })")
        #expect((0..<Self.generated).allSatisfy { inERP[ScaledSampleData.invoiceNumber($0)] == 1 })
        let failures = try company.store.read { db in
            try Row.fetchAll(db, sql: "SELECT source_ref, error_code FROM work_items WHERE flow = 'invoice.post' AND state IN ('failed', 'blocked')")
                .reduce(into: [String: String]()) { $0[$1["source_ref"]] = $1["error_code"] }
        }
        #expect(failures == SimulatedCompany.planted)
        let posted = try company.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM work_items WHERE flow = 'invoice.post' AND state = 'posted'") }
        let stuck = try company.store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT error_code, error_object, MAX(error_message), COUNT(*) FROM work_items
                WHERE flow = 'invoice.post' AND state IN ('failed','blocked') GROUP BY 1, 2
                """).map { "\($0[0] as String? ?? "-") \($0[1] as String? ?? "-") ×\($0[3] as Int): \($0[2] as String? ?? "")" }
        }
        #expect(posted == valid, "not posted: \(stuck)")
        #expect(try company.store.read { db in try AuditVerifier.verify(db) }.isIntact)
        await company.stop()
    }
}
