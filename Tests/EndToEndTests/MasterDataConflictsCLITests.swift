import FieldLedgerCore
import FieldLedgerHTTP
import Foundation
import Testing

/// The sample customer edited in both systems (sample-data/README.md, problem 7), through the
/// binary: `fieldledger sync --once` against `fieldledger sim`, then `fieldledger conflicts`.
@Suite("CLI: conflicts on the sample company", .serialized)
struct MasterDataConflictsCLITests {
    static let sampleData = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sample-data").path

    @Test("Wake County Schools ends with Business Central's newer phone in both systems, and conflicts says why")
    func sampleConflict() async throws {
        let folder = TemporaryFolder()
        let sim = try SimulatorProcess.start(data: Self.sampleData, folder: folder.path)
        defer { sim.stop() }
        let config = try FieldLedgerConfig.load(path: sim.configPath, credentials: .load)
        try PostingRuleSeed.load(directory: Self.sampleData + "/rules", into: try Store.open(path: config.store.path),
                                 by: ActingUser(name: "finance-test"))
        let run = try BinaryRunner.run(["sync", "--once", "--config", sim.configPath], timeout: 240)
        #expect(run.status == 0, "sync --once: \(run.stderr)")

        let text = try BinaryRunner.run(["conflicts", "--record", "5", "--config", sim.configPath])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("servicetrade:company:5 ↔ businesscentral:customer:C10005  phoneNumber  rule newest"), "\(text.stdout)")
        #expect(text.stdout.contains("businesscentral won: newest change wins"), "\(text.stdout)")
        #expect(text.stdout.contains("\"(919) 555-0142\" was replaced by \"(919) 555-0199\""), "\(text.stdout)")

        let json = try BinaryRunner.run(["conflicts", "--record", "C10005", "--field", "phoneNumber", "--json", "--config", sim.configPath])
        #expect(json.status == 0)
        let document = try JSONValue(parsing: json.stdout)
        let conflicts = try #require(document["conflicts"]?.arrayValue)
        #expect(conflicts.count == 1)
        #expect(conflicts.first?["winner"]?.stringValue == "businesscentral")
        #expect(conflicts.first?["loser"]?.stringValue == "servicetrade")
        #expect(conflicts.first?["losingValue"]?.stringValue == "(919) 555-0142")
        #expect(conflicts.first?["servicetradeModified"]?.stringValue == "2026-11-18T15:05:00.000Z")
        #expect(conflicts.first?["businesscentralModified"]?.stringValue == "2026-11-19T13:40:00Z")
    }
}
