import Foundation
import Testing
@testable import FieldLedgerCore

@Suite("Trace: finding a record by any reference")
struct TraceLookupTests {
    /// The folder lives as long as the suite value (one per test).
    let dir = TemporaryDirectory()

    private func seeded(_ dir: TemporaryDirectory) throws -> Store {
        let store = try Store.open(path: dir.file("t.sqlite"))
        try seedInvoice(store, number: "INV-1001", sourceId: "501", posted: true, erpNumber: "PS-INV103001",
                        erpId: "AAAAAAAA-0000-4000-8000-000000000001")
        try seedInvoice(store, number: "INV-1002", sourceId: "502", posted: false)
        return store
    }

    private func find(_ ref: String, _ store: Store) throws -> TraceLookup.Result {
        try store.read { db in try TraceLookup.find(ref, in: db) }
    }

    @Test("by ServiceTrade invoice number, id, ERP number, ERP id (any case) and work item id", arguments: [
        "INV-1001", "501", "st:501", "PS-INV103001", "bc:PS-INV103001", "aaaaaaaa-0000-4000-8000-000000000001",
        "AAAAAAAA-0000-4000-8000-000000000001", "wi:1",
    ])
    func findsPosted(ref: String) throws {
        let store = try seeded(dir)
        guard case .found(let report) = try find(ref, store) else { Issue.record("not found: \(ref)"); return }
        #expect(report.subject == "servicetrade:invoice:501")
        #expect(report.outcome == .reachedERP)
        #expect(report.links.first?.erpNumber == "PS-INV103001")
        #expect(report.events.map(\.action) == ["work_item.created", "work_item.state", "work_item.state", "work_item.state", "link.created"])
        #expect(report.events.map(\.seq) == report.events.map(\.seq).sorted())
    }

    @Test("a failed record reports why, with the remedy")
    func failedRecord() throws {
        let store = try seeded(dir)
        guard case .found(let report) = try find("INV-1002", store) else { Issue.record("not found"); return }
        #expect(report.outcome == .notInERP(.failed))
        let why = try #require(report.whyNotInERP)
        #expect(why.contains("failed"))
        #expect(why.contains("UNMAPPED_GL_ACCOUNT"))
        #expect(why.contains("Mappings › GL accounts"))
        #expect(report.json["inERP"]?.boolValue == false)
    }

    @Test("an unknown reference is unknown")
    func unknown() throws {
        let store = try seeded(dir)
        #expect(try find("INV-9999", store) == .unknown)
        #expect(try find("wi:99", store) == .unknown)
        #expect(try find("   ", store) == .unknown)
    }

    @Test("a bare number naming two records is ambiguous; a prefix settles it")
    func ambiguous() throws {
        let store = try seeded(dir)
        // Invoice number "2" of another record collides with source id "2" of a third.
        try seedInvoice(store, number: "2", sourceId: "900", posted: false)
        try seedInvoice(store, number: "INV-3", sourceId: "2", posted: false)
        guard case .ambiguous(let subjects) = try find("2", store) else { Issue.record("expected ambiguous"); return }
        #expect(Set(subjects) == ["servicetrade:invoice:900", "servicetrade:invoice:2"])
        guard case .found(let byWorkItem) = try find("wi:2", store) else { Issue.record("wi:2"); return }
        #expect(byWorkItem.subject == "servicetrade:invoice:502")
    }
}
