import FieldLedgerHTTP
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore
@testable import FieldLedgerSim

/// Business Central vendors and items → PartsManager over real HTTP against the simulators
/// (issue 6): Business Central is the system of record; a PartsManager-side edit of a field it owns
/// is overwritten on the next cycle and logged field by field.
@Suite("Engine: vendors and items reach PartsManager")
struct MasterDataPartsManagerTests {
    @discardableResult
    static func sync(_ company: SimulatedCompany, _ pm: PartsManagerClient) async throws -> [FlowCounts] {
        _ = try await ReferenceDataRefresh(client: company.bc, store: company.store).run()
        return [try await PartsManagerPush(store: company.store, pm: pm, entity: .vendor).run(),
                try await PartsManagerPush(store: company.store, pm: pm, entity: .item).run()]
    }

    static func editBC(_ company: SimulatedCompany, _ set: String, _ number: String, _ body: JSONObject) async throws {
        let found = try await company.bc.list(set, query: ODataQuery(filter: ODataQuery.equals("number", number)))
        let record = try #require(found.first)
        _ = try await company.bc.patch("\(set)(\(record["id"]!.stringValue!))", etag: record["@odata.etag"]!.stringValue!, body: body)
    }

    static func pmVendor(_ pm: PartsManagerClient, _ code: String) async throws -> JSONObject {
        try #require(try await pm.list(.vendors).first { $0["id"]?.stringValue == code })
    }

    static func pmItem(_ pm: PartsManagerClient, _ sku: String) async throws -> JSONObject {
        try #require(try await pm.list(.items, filters: [("sku", sku)]).first)
    }

    @Test("first sync couples the sample's 6 vendors and 15 items by number without duplicates; new and edited Business Central records reach PartsManager")
    func reachPartsManager() async throws {
        let company = try await SimulatedCompany()
        let pm = company.partsManagerClient()
        let first = try await Self.sync(company, pm)
        #expect(first.allSatisfy { $0.failed == 0 })
        let links = try company.store.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, count(*) FROM links WHERE source_system = 'partsmanager' GROUP BY kind")
                .reduce(into: [String: Int]()) { $0[$1[0]] = $1[1] }
        }
        #expect(links == ["item": 15, "vendor": 6])
        let (vendors, items) = (try await pm.list(.vendors), try await pm.list(.items))
        #expect(vendors.count == 6 && items.count == 15, "matched, not duplicated")

        CustomerSyncTests.later(company)
        _ = try await company.bc.create("vendors", body: ["number": "V2001", "displayName": "Raleigh Valve Supply",
                                                          "email": "orders@rvs.example", "city": "Raleigh", "postalCode": "27601"])
        _ = try await company.bc.create("items", body: ["number": "VLV-200", "displayName": "Gate valve 2in",
                                                        "unitCost": .decimal(Decimal(string: "41.10")!),
                                                        "unitPrice": .decimal(Decimal(string: "79.95")!)])
        try await Self.editBC(company, "vendors", "V1001", ["email": "new-orders@ferg.example"])
        try await Self.editBC(company, "items", "SPK-155P", ["unitCost": .decimal(Decimal(string: "7.85")!)])
        let counts = try await Self.sync(company, pm)
        #expect(counts.allSatisfy { $0.failed == 0 })

        let created = try await Self.pmVendor(pm, "V2001")
        #expect(created["name"]?.stringValue == "Raleigh Valve Supply" && created["email"]?.stringValue == "orders@rvs.example")
        #expect(created["Address"]?["city"]?.stringValue == "Raleigh" && created["Address"]?["zip"]?.stringValue == "27601")
        #expect(created["isActive"]?.boolValue == true)
        let item = try await Self.pmItem(pm, "VLV-200")
        #expect(item["name"]?.stringValue == "Gate valve 2in")
        #expect(item["purchasePrice"]?.decimalValue == Decimal(string: "41.10") && item["salePrice"]?.decimalValue == Decimal(string: "79.95"))
        #expect(try await Self.pmVendor(pm, "V1001")["email"]?.stringValue == "new-orders@ferg.example")
        #expect(try await Self.pmItem(pm, "SPK-155P")["purchasePrice"]?.decimalValue == Decimal(string: "7.85"))
        #expect(try ConflictQuery(record: "V1001").fetch(company.store).isEmpty, "a Business Central change is not a conflict")
        let (vendorsAfter, itemsAfter) = (try await pm.list(.vendors), try await pm.list(.items))
        #expect(vendorsAfter.count == 7 && itemsAfter.count == 16)
        await company.stop()
    }

    @Test("a PartsManager-side edit of a Business Central-owned field is overwritten next cycle and logged field by field; then no echo over five cycles")
    func partsManagerEditOverwritten() async throws {
        let company = try await SimulatedCompany()
        let pm = company.partsManagerClient()
        try await Self.sync(company, pm)
        CustomerSyncTests.later(company)
        let ferg = try await Self.pmVendor(pm, "V1001")
        _ = try await pm.update(.vendors, id: ferg["_id"]!.intValue!, ["name": "Ferguson (PM edit)", "isActive": false])
        let head = try await Self.pmItem(pm, "SPK-155P")
        _ = try await pm.update(.items, id: head["_id"]!.intValue!, ["salePrice": .decimal(Decimal(string: "19.99")!)])
        // Business Central changes the same item later, on another field: it propagates, no conflict for it.
        CustomerSyncTests.later(company)
        try await Self.editBC(company, "items", "SPK-155P", ["displayName": "Pendent sprinkler head 155F (std)"])
        let counts = try await Self.sync(company, pm)
        #expect(counts.map(\.posted) == [1, 1])

        let vendor = try await Self.pmVendor(pm, "V1001")
        #expect(vendor["name"]?.stringValue == "Ferguson Fire & Fabrication" && vendor["isActive"]?.boolValue == true)
        let item = try await Self.pmItem(pm, "SPK-155P")
        #expect(item["salePrice"]?.decimalValue == Decimal(string: "15") && item["name"]?.stringValue == "Pendent sprinkler head 155F (std)")

        let conflicts = try ConflictQuery(record: "V1001").fetch(company.store)
        #expect(Set(conflicts.map(\.field)) == ["displayName", "status"])
        let name = try #require(conflicts.first { $0.field == "displayName" })
        #expect(name.rule == .businesscentral && name.winner == .businesscentral && name.loser == .partsmanager)
        #expect(name.losingValue == "Ferguson (PM edit)" && name.winningValue == "Ferguson Fire & Fabrication")
        #expect(name.stRef == "partsmanager:vendor:V1001" && name.bcRef == "businesscentral:vendor:V1001")
        #expect(name.stModified != nil && name.bcModified != nil)
        #expect(name.explanation.contains("partsmanager's value \"Ferguson (PM edit)\" was replaced"))
        let price = try ConflictQuery(record: "SPK-155P").fetch(company.store)
        #expect(price.map(\.field) == ["unitPrice"] && price.first?.losingValue == "19.99" && price.first?.entity == "item")
        let audited = try company.store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_events WHERE action = 'masterdata.conflict' AND subject LIKE 'partsmanager:%'")
        }
        #expect(audited == 3)

        let writes = { try company.store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_events WHERE action IN ('masterdata.updated', 'masterdata.coupled')") ?? -1
        } }
        let before = try writes()
        let stamps = try await pm.list(.vendors).map { "\($0["_id"]!)=\($0["updatedAt"]!)" } + (try await pm.list(.items)).map { "\($0["_id"]!)=\($0["updatedAt"]!)" }
        for _ in 1...5 {
            CustomerSyncTests.later(company)
            let again = try await Self.sync(company, pm)
            #expect(again.allSatisfy { $0.posted == 0 && $0.failed == 0 })
        }
        #expect(try writes() == before)
        let after = try await pm.list(.vendors).map { "\($0["_id"]!)=\($0["updatedAt"]!)" } + (try await pm.list(.items)).map { "\($0["_id"]!)=\($0["updatedAt"]!)" }
        #expect(after == stamps)
        await company.stop()
    }
}

extension MasterDataPartsManagerTests {
    @Test("the engine with a configured PartsManager runs vendor.sync and item.sync after the master data it owns; without one it skips them")
    func throughTheEngine() async throws {
        let company = try await SimulatedCompany()
        let pm = company.partsManagerClient()
        let without = try await company.engine().runOnce()
        #expect(without.counts("vendor.sync") == FlowCounts(flow: "vendor.sync"))
        let engine = SyncEngine(store: company.store, bc: company.bc, st: company.st, pm: pm,
                                settings: .init(workers: 4, retry: RetryPolicy(maxAttempts: 30, baseDelay: 0, maxDelay: 0)))
        CustomerSyncTests.later(company)
        try await Self.editBC(company, "vendors", "V1002", ["email": "engine@vendor.example"])
        let summary = try await engine.runOnce()
        #expect(summary.counts("vendor.sync").posted == 1 && summary.counts("vendor.sync").failed == 0)
        #expect(summary.counts("item.sync").failed == 0)
        #expect(try await Self.pmVendor(pm, "V1002")["email"]?.stringValue == "engine@vendor.example")
        let names = engine.flows.map(\.name)
        #expect(names.firstIndex(of: "vendor.sync")! < names.firstIndex(of: InvoicePostFlow.name)!)
        await company.stop()
    }
}
