import Foundation
import Testing

/// `fieldledger demo` live in a terminal, and the console's role refusal, under tmux.
@Suite("Console demo and roles under tmux", .serialized)
struct ConsoleDemoTmuxTests {
    /// The repository root (sample-data/ lives there), from this file's path.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The first `wi:N` on a screen line, and the line's row.
    static func record(on screen: String, containing marker: String) -> (id: Int, row: Int, line: String)? {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (row, line) in lines.enumerated() where line.contains(marker) {
            guard let range = line.range(of: #"wi:[0-9]+"#, options: .regularExpression),
                  let id = Int(line[range].dropFirst(3)) else { continue }
            return (id, row, line)
        }
        return nil
    }

    @Test("demo: the Overview shows posted invoices and a live engine; a click on [Retry] re-queues a failure and the engine takes it up")
    func demoLive() throws {
        let t = ConsoleTmux()
        defer { t.stop() }
        let dir = t.folder.file("demo")
        let command = "cd '\(Self.repository)' && TERM=xterm-256color LANG=C.UTF-8 LC_ALL= '\(BinaryRunner.executable)' demo "
            + "--dir '\(dir)' --cycles 1 --interval 1; echo FIELDLEDGER-EXIT=$?"
        try #require(try t.tmux(["new-session", "-d", "-s", "console", "-x", "132", "-y", "43", "sh", "-c", command]).status == 0)

        var text = try t.waitFor("Work items by state", seconds: 60)
        #expect(text.contains("engine ✓ alive"))
        let posted = text.split(separator: "\n").first { $0.contains("✓ posted") }.map(String.init) ?? ""
        let count = posted.components(separatedBy: "✓ posted").last?.split(separator: " ").first.flatMap { Int($0.replacingOccurrences(of: ",", with: "")) }
        #expect((count ?? 0) > 0, "no posted invoices on the Overview: \(posted)")
        let store = dir + "/fieldledger.sqlite"

        try t.keys("3")
        try t.waitFor("[3 Failures]")
        // The groups load after the tab switches: Enter on a list not loaded yet does nothing.
        try t.waitFor("✗ failed")
        try t.keys("Enter")
        text = try t.waitFor("[Retry]")
        let target = try #require(Self.record(on: text, containing: "[Retry]"), "no record row with [Retry]:\n\(text)")
        let x = try #require(target.line.range(of: "[Retry]")).lowerBound
        try t.click(x: target.line.distance(from: target.line.startIndex, to: x) + 1, y: target.row)
        try t.waitFor("wi:\(target.id) queued for retry")

        // The retry is in the audit trail by this user, and the engine moves the record on within a few cycles.
        let retrySeq = try t.sqlite(store, "SELECT MAX(seq) FROM audit_events WHERE action = 'work_item.retry' AND work_item_id = \(target.id)")
        #expect(Int(retrySeq) != nil, "no work_item.retry event for wi:\(target.id)")
        var moved = ""
        for _ in 0..<150 where moved.isEmpty || moved == "0" {  // at most 15 s
            moved = try t.sqlite(store, "SELECT COUNT(*) FROM audit_events WHERE work_item_id = \(target.id) AND action = 'work_item.state' AND seq > \(Int(retrySeq) ?? 0)")
            usleep(100_000)
        }
        #expect(Int(moved) ?? 0 > 0, "the engine did not take wi:\(target.id) up after the retry")

        try t.keys("Q")
        try t.waitFor("FIELDLEDGER-EXIT=0", seconds: 20)
        #expect(try t.sqlite(store, "SELECT COUNT(*) FROM engine_heartbeat") == "0", "the demo left its heartbeat behind")
    }

    @Test("a viewer's r is refused with the AccessDenied message and changes nothing; --read-only shows RO")
    func viewerRefused() throws {
        let t = ConsoleTmux()
        defer { t.stop() }
        let built = try BinaryRunner.run(["bench", "trace", "--events", "200", "--lookups", "1", "--append-events", "10",
                                          "--keep", t.folder.path, "--json"])
        try #require(built.status == 0, "bench trace failed: \(built.stderr)")
        let store = t.folder.file("trace.sqlite")
        let user = String(cString: getpwuid(geteuid()).pointee.pw_name)
        let config = t.folder.file("fieldledger.toml")
        try "[store]\npath = \"trace.sqlite\"\n\n[roles]\nviewer = [\"\(user)\"]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let failedBefore = try t.sqlite(store, "SELECT group_concat(id) FROM work_items WHERE state = 'failed'")

        // The shell writes the console's exit status to a file once the console has ended (as the
        // operator test does): tmux's own pane status proved unreliable under a loaded CI.
        let exitFile = t.folder.file("exit.txt")
        let command = "TERM=xterm-256color LANG=C.UTF-8 LC_ALL= '\(BinaryRunner.executable)' tui --config '\(config)'; "
            + "echo FIELDLEDGER-EXIT=$? > '\(exitFile)'"
        try #require(try t.tmux(["new-session", "-d", "-s", "console", "-x", "100", "-y", "30", "sh", "-c", command]).status == 0)
        var text = try t.waitFor("Work items by state")
        #expect(text.contains("viewer · RW"))
        try t.keys("3")
        try t.waitFor("[3 Failures]")
        try t.keys("Enter")
        try t.keys("j")
        text = try t.waitFor("wi:")
        #expect(!text.contains("[Retry]"), "a viewer is offered [Retry]")
        try t.keys("r")
        text = try t.waitFor("needs role operator")
        #expect(text.contains("you are \(user) (viewer)"))
        #expect(try t.sqlite(store, "SELECT group_concat(id) FROM work_items WHERE state = 'failed'") == failedBefore)
        #expect(try t.sqlite(store, "SELECT COUNT(*) FROM audit_events WHERE action = 'work_item.retry'") == "0")
        try t.keys("Q")
        let status = Self.exitLine(exitFile)
        #expect(status == "FIELDLEDGER-EXIT=0", "console exit: \(status); the screen was:\n\((try? t.screen()) ?? "")")

        let readOnly = ConsoleTmux()
        defer { readOnly.stop() }
        let roExitFile = readOnly.folder.file("exit.txt")
        let roCommand = "TERM=xterm-256color LANG=C.UTF-8 LC_ALL= '\(BinaryRunner.executable)' tui --config '\(config)' --read-only; "
            + "echo FIELDLEDGER-EXIT=$? > '\(roExitFile)'"
        try #require(try readOnly.tmux(["new-session", "-d", "-s", "console", "-x", "100", "-y", "30", "sh", "-c", roCommand]).status == 0)
        text = try readOnly.waitFor("Work items by state")
        #expect(text.contains("viewer · RO"))
        try readOnly.keys("Q")
        let roStatus = Self.exitLine(roExitFile)
        #expect(roStatus == "FIELDLEDGER-EXIT=0", "console exit: \(roStatus); the screen was:\n\((try? readOnly.screen()) ?? "")")
    }

    /// The line the pane's shell wrote after the console ended; waits at most 60 s.
    static func exitLine(_ path: String) -> String {
        for _ in 0..<1200 {
            let text = ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { return text }
            usleep(50_000)
        }
        return "no exit within 60 s"
    }
}
