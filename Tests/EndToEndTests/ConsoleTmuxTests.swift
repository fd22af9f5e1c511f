import Foundation
import Testing

/// `fieldledger tui` in a real terminal: tmux runs it on its own socket, `send-keys` types and
/// clicks (SGR mouse sequences, as xterm sends them), `capture-pane` reads the screen.
@Suite("Console under tmux", .serialized)
struct ConsoleTmuxTests {
    let t = ConsoleTmux()
    var folder: TemporaryFolder { t.folder }

    @Test("overview, panes by key and by click, retry with r, quit with Q, terminal restored")
    func consoleSession() throws {
        let built = try BinaryRunner.run(["bench", "trace", "--events", "200", "--lookups", "1", "--append-events", "10", "--keep", folder.path, "--json"])
        try #require(built.status == 0, "bench trace failed: \(built.stderr)")
        let store = folder.file("trace.sqlite")
        let failedBefore = try t.sqlite(store, "SELECT COUNT(*) FROM work_items WHERE state = 'failed'")
        try #require(Int(failedBefore) ?? 0 > 0, "the benchmark store has no failed record to retry")

        // Retrying needs the operator role: grant it to whoever runs the tests.
        let user = String(cString: getpwuid(geteuid()).pointee.pw_name)
        let config = folder.file("fieldledger.toml")
        try "[store]\npath = \"trace.sqlite\"\n\n[roles]\noperator = [\"\(user)\"]\n"
            .write(toFile: config, atomically: true, encoding: .utf8)

        defer { t.stop() }
        let command = "cd '\(folder.path)' && echo SHELL-BEFORE && TERM=xterm-256color LANG=C.UTF-8 LC_ALL= "
            + "'\(BinaryRunner.executable)' tui --config '\(config)' --theme default; echo FIELDLEDGER-EXIT=$?; "
            + "stty -a | tr ' ' '\\n' | grep -x -- '-*icanon' | sed 's/^/TTY-/'"
        let started = try t.tmux(["new-session", "-d", "-s", "console", "-x", "100", "-y", "30", "sh", "-c", command])
        try #require(started.status == 0, "tmux did not start: \(started.output)")

        var text = try t.waitFor("Work items by state")
        #expect(text.contains("[1 Overview]"))
        #expect(text.contains("Audit chain"))
        #expect(text.contains("F1Help"))

        try t.keys("2")
        try t.waitFor("Record / details")
        // The page loads after the tab switches (off the render path): wait for it, under load too.
        text = try t.waitFor("work_item")
        #expect(text.contains("[2 Sync log]"))

        // Click "3Failures" on the key bar (the bottom line).
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let bar = try #require(lines.last { $0.contains("F1Help") })
        let barRow = try #require(lines.lastIndex(of: bar))
        let range = try #require(bar.range(of: "3Failures"))
        try t.click(x: bar.distance(from: bar.startIndex, to: range.lowerBound) + 2, y: barRow)
        try t.waitFor("[3 Failures]")
        // The groups load after the tab switches: Enter on a list not loaded yet does nothing.
        text = try t.waitFor("What to do")
        #expect(text.contains("✗ failed"))

        // Expand the first group, select its first record, retry it.
        try t.keys("Enter")
        try t.waitFor("[Retry]")
        try t.keys("j")
        try t.keys("r")
        text = try t.waitFor("queued for retry")
        let retried = try t.sqlite(store, "SELECT actor FROM audit_events WHERE action = 'work_item.retry'")
        #expect(!retried.isEmpty)
        #expect(retried.split(separator: "\n").count == 1)

        try t.keys("Q")
        text = try t.waitFor("TTY-")
        // Restored: exit 0, the console's screen is gone, the line discipline is canonical again.
        #expect(text.contains("FIELDLEDGER-EXIT=0"))
        #expect(text.contains("TTY-icanon"))
        #expect(!text.contains("F1Help"))
    }

    @Test("a theme that does not exist is reported; too small recovers; Ctrl-C restores the terminal (exit 130)")
    func badThemeAndTooSmall() throws {
        let built = try BinaryRunner.run(["bench", "trace", "--events", "20", "--lookups", "1", "--append-events", "10", "--keep", folder.path, "--json"])
        try #require(built.status == 0, "bench trace failed: \(built.stderr)")
        defer { t.stop() }
        // The shell catches SIGINT itself so that it survives Ctrl-C and reports the exit status.
        let command = "trap 'echo SHELL-INT' INT; TERM=xterm-256color LANG=C.UTF-8 LC_ALL= '\(BinaryRunner.executable)' tui --store '\(folder.file("trace.sqlite"))' "
            + "--theme neon --no-mouse; echo FIELDLEDGER-EXIT=$?"
        try #require(try t.tmux(["new-session", "-d", "-s", "console", "-x", "100", "-y", "30", "sh", "-c", command]).status == 0)
        let text = try t.waitFor("Work items by state")
        #expect(text.contains("theme neon: no such theme"))
        try t.tmux(["resize-window", "-t", "console", "-x", "70", "-y", "20"])
        try t.waitFor("Terminal too small")
        try t.tmux(["resize-window", "-t", "console", "-x", "100", "-y", "30"])
        try t.waitFor("Work items by state")
        try t.keys("C-c")
        let after = try t.waitFor("FIELDLEDGER-EXIT=130")
        #expect(!after.contains("Work items by state"))
    }
}
