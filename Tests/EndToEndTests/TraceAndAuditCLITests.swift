import Foundation
import Testing

/// `fieldledger trace` and `fieldledger audit verify` as processes: exit codes, text and JSON.
/// The store is built by `fieldledger bench trace --keep` (the real write path) so these tests
/// need nothing but the binary and the sqlite3 CLI.
@Suite("CLI: trace and audit verify exit codes", .serialized)
struct TraceAndAuditCLITests {
    let folder = TemporaryFolder()

    private func makeStore() throws -> String {
        let built = try BinaryRunner.run(["bench", "trace", "--events", "200", "--lookups", "1", "--append-events", "10",
                                          "--keep", folder.path, "--json"])
        #expect(built.status == 0, "bench trace failed: \(built.stderr)")
        return folder.file("trace.sqlite")
    }

    @Test("trace: 0 when the record reached the ERP, 1 when it failed (with why), 2 when unknown")
    func traceExitCodes() throws {
        let store = try makeStore()
        let posted = try BinaryRunner.run(["trace", "INV-0000001", "--store", store])
        #expect(posted.status == 0)
        #expect(posted.stdout.contains("in the ERP: yes"))
        #expect(posted.stdout.contains("PS-INV0000001"))

        let byERP = try BinaryRunner.run(["trace", "PS-INV0000001", "--store", store, "--json"])
        #expect(byERP.status == 0)
        #expect(byERP.stdout.contains(#""inERP":true"#))

        // Record 10 (index 9) is a planted failure in the benchmark store.
        let failed = try BinaryRunner.run(["trace", "INV-0000010", "--store", store])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("failed"))
        #expect(failed.stderr.contains("UNMAPPED_GL_ACCOUNT"))

        let unknown = try BinaryRunner.run(["trace", "INV-4242424", "--store", store])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no record has the reference INV-4242424"))
    }

    @Test("audit verify: 0 with count and head; 1 naming the first bad event after tampering with sqlite3")
    func auditVerify() throws {
        let store = try makeStore()
        let ok = try BinaryRunner.run(["audit", "verify", "--store", store])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("audit trail intact: 200 events"))

        let tamper = Process()
        tamper.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        tamper.arguments = [store, "DROP TRIGGER audit_events_no_update; UPDATE audit_events SET actor = 'mallory' WHERE seq = 57;"]
        try tamper.run()
        tamper.waitUntilExit()
        #expect(tamper.terminationStatus == 0)

        let bad = try BinaryRunner.run(["audit", "verify", "--store", store, "--json"])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains(#""firstBadEvent":57"#))
        #expect(bad.stdout.contains(#""problem":"content changed""#))
    }

    @Test("usage errors exit 2; a file that is not a store exits 1 with what to do")
    func usageAndBadStore() throws {
        let usage = try BinaryRunner.run(["trace"])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("Missing expected argument"))

        let unknownCommand = try BinaryRunner.run(["frobnicate"])
        #expect(unknownCommand.status == 2)

        let junk = folder.file("junk.sqlite")
        try Data("definitely not sqlite, just some text here".utf8).write(to: URL(fileURLWithPath: junk))
        let bad = try BinaryRunner.run(["audit", "verify", "--store", junk])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("not an SQLite database"))
    }
}
