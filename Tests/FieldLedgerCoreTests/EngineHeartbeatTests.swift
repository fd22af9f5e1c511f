import Foundation
import Testing
@testable import FieldLedgerCore

@Suite("Engine heartbeat and payment rows")
struct EngineHeartbeatTests {
    @Test("a beat round-trips with its connectors, is rewritten in place, and goes stale")
    func beatRoundTrip() throws {
        let folder = TemporaryDirectory()
        let store = try Store.open(path: folder.file("store.sqlite"))
        let started = Timestamp.now()
        var beat = EngineHeartbeat(process: "host:1", mode: "serve", startedAt: started, lastRunID: 3,
                                   connectors: [ConnectorHealth(system: "businesscentral", lastContactAt: started,
                                                                tokenState: "valid", budgetUsed: 12, budgetLimit: 6000)])
        try store.write { db in try beat.beat(in: db) }
        beat.lastRunID = 4
        try store.write { db in try beat.beat(in: db) }
        let latest = try store.read { db in try EngineHeartbeat.latest(in: db) }
        #expect(latest == beat)
        #expect(latest?.isAlive(at: Date()) == true)
        #expect(latest?.isAlive(at: Date().addingTimeInterval(EngineHeartbeat.staleAfter + 1)) == false)
        try store.write { db in try EngineHeartbeat.remove(process: "host:1", in: db) }
        #expect(try store.read { db in try EngineHeartbeat.latest(in: db) } == nil)
    }

    @Test("payment state follows remaining, status and a rise in the remaining amount", arguments: [
        ("100", "100", "Open", false, InvoicePayment.State.unpaid),
        ("100", "40", "Open", false, .partial),
        ("100", "0", "Paid", false, .paid),
        ("100", "100", "Open", true, .reopened),
        ("100", "0", "Canceled", false, .canceled),
    ])
    func paymentState(total: String, remaining: String, status: String, rose: Bool, expected: InvoicePayment.State) {
        #expect(InvoicePayment.State.of(total: Decimal(string: total)!, remaining: Decimal(string: remaining)!,
                                        erpStatus: status, rose: rose) == expected)
    }

    @Test("paid share rounds down")
    func paidShare() {
        let row = InvoicePayment(linkId: 1, sourceId: "1", sourceRef: "INV-1", erpId: "x", erpNumber: nil, erpStatus: "Open",
                                 total: Decimal(string: "1642.02")!, remaining: Decimal(string: "0.01")!, paymentState: .partial)
        #expect(row.paidPercent == 99)
    }
}
