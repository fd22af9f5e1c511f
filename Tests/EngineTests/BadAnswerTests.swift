import FieldLedgerHTTP
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore

/// Issue 4, "Bad input": a Business Central answer that is not JSON. The simulator's `malformed`
/// fault applies the request and then answers 200 with an HTML page — the client cannot know
/// whether the document exists. The record fails with a clear code, the engine keeps running,
/// and a retry finds what was committed instead of posting it twice.
@Suite("Engine: Business Central answers that cannot be read")
struct BadAnswerTests {
    @Test("unreadable answers fail the record with ERP_BAD_RESPONSE; a retry adopts what was committed: nothing lost, nothing twice")
    func unreadableAnswers() async throws {
        let company = try await SimulatedCompany(faults: "bc:malformed=0.05", seed: 3)
        let engine = company.engine()
        var open = Int.max
        for _ in 0..<15 where open > 0 {
            _ = try? await engine.runOnce()   // a garbled reference read ends that cycle; the next one goes on
            open = try company.store.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM work_items WHERE state IN ('received','ready','posting','retry_wait')") ?? 0
            }
        }
        #expect(open == 0)
        let bad = try company.store.read { db in
            try Row.fetchAll(db, sql: "SELECT error_message, error_remedy FROM work_items WHERE error_code = 'ERP_BAD_RESPONSE'")
        }
        #expect(!bad.isEmpty, "the seed produces garbled answers on postings")
        #expect(bad.allSatisfy { ($0["error_message"] as String? ?? "").contains("cannot read") })
        #expect(bad.allSatisfy { ($0["error_remedy"] as String? ?? "").contains("looks it up") })

        try await company.setFaults("")
        let operator_ = CommandContext(store: company.store, user: ActingUser(name: "olivia"), role: .operator)
        #expect(try operator_.retryAllFailed(cause: "ERP_BAD_RESPONSE").count == bad.count)
        try await engine.runOnce()
        let inERP = try await company.invoicesInERP()
        #expect(inERP.count == 167)
        #expect(inERP.filter { $0.value > 1 }.isEmpty, "duplicates: \(inERP.filter { $0.value > 1 })")
        let posted = try company.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM work_items WHERE flow = 'invoice.post' AND state = 'posted'") }
        #expect(posted == 167)
        // Timecards met the same garbled answers: each lands once all the same.
        let entries = try await TimecardSyncTests.entries(company)
        #expect(entries.count == TimecardSyncTests.linkable && entries.values.allSatisfy { $0.count == 1 })
        await company.stop()
    }
}
