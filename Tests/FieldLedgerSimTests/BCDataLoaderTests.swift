import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("BC data directory loader")
struct BCDataLoaderTests {
    private func directory(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("bcsim-data-\(UUID().uuidString)")
        let bc = root.appendingPathComponent("bc")
        try FileManager.default.createDirectory(at: bc, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: bc.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return root
    }

    private let company = #"{"id":"c0000000-0000-4000-8000-000000000001","name":"T","displayName":"T"}"#

    @Test("the fixture directory loads with derived values")
    func fixturesLoad() throws {
        let api = BusinessCentralAPI(clock: SimClock())
        try api.load(dataDirectory: Fixtures.directory)
        let state = api.snapshot()
        #expect(state.table("customers").count == 3)
        #expect(state.taxRates["ATLANTA|TAXABLE"] == dec("8.25"))
        #expect(state.row("items", Fixtures.valveItem)?["taxGroupId"]?.stringValue == "a1000000-0000-4000-8000-000000000001")
    }

    @Test("a broken reference is reported as file: entry N: what is wrong")
    func badReference() throws {
        let dir = try directory(["company.json": company,
                                 "customers.json": #"[{"id":"b1000000-0000-4000-8000-000000000001","displayName":"A"},{"id":"b1000000-0000-4000-8000-000000000002","displayName":"B","paymentTermsId":"a3000000-0000-4000-8000-000000000009"}]"#])
        defer { try? FileManager.default.removeItem(at: dir) }
        let api = BusinessCentralAPI(clock: SimClock())
        #expect {
            try api.load(dataDirectory: dir)
        } throws: { error in
            let text = String(describing: error)
            return text.hasPrefix("customers.json: entry 2:") && text.contains("Payment Terms")
        }
    }

    @Test("unknown properties, missing ids, bad JSON and unknown tax codes are refused")
    func badFiles() throws {
        let cases: [([String: String], String)] = [
            (["company.json": company, "items.json": #"[{"id":"b2000000-0000-4000-8000-000000000001","displayName":"X","colour":"red"}]"#], "items.json: entry 1: "),
            (["company.json": company, "vendors.json": #"[{"displayName":"X"}]"#], "vendors.json: entry 1: "),
            (["company.json": company, "accounts.json": "[{"], "accounts.json: "),
            (["company.json": company, "_taxDetails.json": #"[{"taxAreaCode":"X","taxGroupCode":"Y","taxPercent":1}]"#], "_taxDetails.json: entry 1: "),
            (["customers.json": "[]"], "company.json"),
        ]
        for (files, prefix) in cases {
            let dir = try directory(files)
            defer { try? FileManager.default.removeItem(at: dir) }
            #expect(performing: { try BusinessCentralAPI(clock: SimClock()).load(dataDirectory: dir) },
                    throws: { String(describing: $0).hasPrefix(prefix) })
        }
    }
}
