import Foundation
import Testing

/// The rule editor and the panes the other tmux tests do not visit, in a real terminal: a
/// finance user fixes the planted GL gap of `fieldledger demo` (the DEPARTMENT dimension rule,
/// then the GL rule with apply-and-retry) and the two invoices post; an operator's identical
/// edit is refused with the core's message under `NO_COLOR=1` and `LANG=C`.
@Suite("Console mapping editor and conflicts under tmux", .serialized)
struct ConsoleMappingTmuxTests {
    static let repository = ConsoleDemoTmuxTests.repository
    static let backflow = "'INV-26077', 'INV-26143'"

    /// The 0-based column of `text` on screen row `row` (nil when it is not there).
    static func column(of text: String, in screen: String, row: Int) -> Int? {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.indices.contains(row), let range = lines[row].range(of: text) else { return nil }
        return lines[row].distance(from: lines[row].startIndex, to: range.lowerBound)
    }

    /// The row and column of the first line containing `text`.
    static func find(_ text: String, in screen: String) -> (x: Int, y: Int)? {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (y, line) in lines.enumerated() {
            if let range = line.range(of: text) { return (line.distance(from: line.startIndex, to: range.lowerBound), y) }
        }
        return nil
    }

    /// Types a rule into the open form: one value per field, Tab between them.
    static func fill(_ t: ConsoleTmux, _ values: [String]) throws {
        for (n, value) in values.enumerated() {
            if !value.isEmpty { try t.tmux(["send-keys", "-t", "console", "-l", value]) }
            if n < values.count - 1 { try t.keys("Tab") }
        }
    }

    @Test("demo as finance: every pane by key and by click; add the dimension and GL rules, apply and retry; the invoices post")
    func financeFixesTheGLGap() throws {
        let t = ConsoleTmux()
        defer { t.stop() }
        let dir = t.folder.file("demo")
        let store = dir + "/fieldledger.sqlite"
        let command = "cd '\(Self.repository)' && TERM=xterm-256color LANG=C.UTF-8 LC_ALL= '\(BinaryRunner.executable)' demo "
            + "--dir '\(dir)' --cycles 1 --interval 1; echo FIELDLEDGER-EXIT=$?"
        try #require(try t.tmux(["new-session", "-d", "-s", "console", "-x", "132", "-y", "43", "sh", "-c", command]).status == 0)
        var text = try t.waitFor("Work items by state", seconds: 60)
        #expect(text.contains("finance · RW"))
        try #require(try t.sqlite(store, "SELECT COUNT(*) FROM work_items WHERE source_ref IN (\(Self.backflow)) AND state = 'failed'") == "2",
                     "the planted GL gap did not fail both Backflow invoices")

        // Every pane by its number key, then every tab by a click on the tab bar.
        for (key, marker) in [("2", "[2 Sync log]"), ("3", "[3 Failures]"), ("4", "[4 Mappings]"), ("5", "[5 Payments]"),
                              ("6", "[6 Conflicts]"), ("1", "[1 Overview]")] {
            try t.keys(key)
            try t.waitFor(marker)
        }
        text = try t.waitFor("[1 Overview]")
        for title in ["2 Sync log", "3 Failures", "4 Mappings", "5 Payments", "6 Conflicts", "1 Overview"] {
            let screen = try t.screen()
            let x = try #require(Self.column(of: title, in: screen, row: 0), "no tab \(title):\n\(screen)")
            try t.click(x: x + 1, y: 0)
            try t.waitFor("[\(title)]")
        }
        try t.keys("6")
        text = try t.waitFor("Conflicts ")
        #expect(text.contains("newest first"))

        // The DEPARTMENT rule for the new service line (table 5: Dimensions), saved without retry.
        try t.keys("4")
        try t.waitFor("GL accounts")
        for _ in 0..<4 { try t.keys("]") }
        try t.waitFor("Dimensions (")
        try t.keys("a")
        try t.waitFor("Add a dimension rule")
        try Self.fill(t, ["service_line", "Backflow Testing", "DEPARTMENT", "FS"])
        text = try t.waitFor("FS  ")  // the picker offers DEPARTMENT's values
        try t.keys("C-n")
        try t.keys("Enter")
        try t.waitFor("No problems", seconds: 30)
        try t.keys("F2")
        try t.waitFor("would have mapped differently", seconds: 60)
        try t.tmux(["send-keys", "-t", "console", "-l", "Backflow Testing is a fire-services department line"])
        try t.keys("F6")
        text = try t.waitFor("Saved rule version", seconds: 60)

        // The GL rule, previewed (fixes both invoices), applied with a click on [Apply & retry].
        for _ in 0..<6 { try t.keys("]") }
        try t.waitFor("GL accounts (")
        try t.keys("a")
        try t.waitFor("Add a gl_account rule")
        try Self.fill(t, ["", "", "Backflow Testing", "", "", "49000"])
        try t.waitFor("No problems", seconds: 30)
        try t.keys("F2")
        text = try t.waitFor("Fixes 2 failed or blocked records", seconds: 60)
        #expect(text.contains("INV-26077"))
        #expect(text.contains("INV-26143"))
        try t.tmux(["send-keys", "-t", "console", "-l", "new service line"])
        text = try t.waitFor("new service line_")
        let button = try #require(Self.find("[Apply & retry]", in: text), "no [Apply & retry]:\n\(text)")
        try t.click(x: button.x + 2, y: button.y)
        text = try t.waitFor("queued for retry", seconds: 60)
        #expect(text.contains("Saved rule version"))

        // Audited by this user; the engine posts both invoices within a few cycles.
        #expect(try t.sqlite(store, "SELECT COUNT(*) FROM rule_changes") != "0")
        var posted = ""
        for _ in 0..<1200 where posted != "2" {  // at most 120 s: the demo's engine cycles slow down under a loaded CI
            posted = try t.sqlite(store, "SELECT COUNT(*) FROM work_items WHERE source_ref IN (\(Self.backflow)) AND state = 'posted'")
            usleep(100_000)
        }
        if posted != "2" {
            let states = try t.sqlite(store, "SELECT source_ref || ' ' || state || ' ' || IFNULL(error_code, '') FROM work_items WHERE source_ref IN (\(Self.backflow))")
            Issue.record("the Backflow invoices did not post after apply-and-retry: \(states)")
        }
        try t.keys("2")
        try t.waitFor("[2 Sync log]")
        try t.keys("Q")
        try t.waitFor("FIELDLEDGER-EXIT=0", seconds: 20)
    }

    @Test("an operator's edit is refused with the core's message under NO_COLOR=1 and LANG=C; small terminal recovers; Q restores")
    func operatorRefusedPlainTerminal() throws {
        let t = ConsoleTmux()
        defer { t.stop() }
        let dir = t.folder.file("demo")
        let headless = try BinaryRunner.run(["demo", "--headless", "--dir", dir, "--cycles", "1", "--data", Self.repository + "/sample-data"])
        try #require(headless.status == 0, "demo --headless failed: \(headless.stderr)")
        let config = dir + "/fieldledger.toml"
        let user = String(cString: getpwuid(geteuid()).pointee.pw_name)
        var toml = try String(contentsOfFile: config, encoding: .utf8)
        toml = toml.replacingOccurrences(of: "finance = [\"\(user)\"]", with: "operator = [\"\(user)\"]")
        try toml.write(toFile: config, atomically: true, encoding: .utf8)
        let store = dir + "/fieldledger.sqlite"
        let versionsBefore = try t.sqlite(store, "SELECT COUNT(*) FROM rule_changes")

        let command = "TERM=xterm-256color LANG=C LC_ALL=C NO_COLOR=1 '\(BinaryRunner.executable)' tui --config '\(config)'; "
            + "echo FIELDLEDGER-EXIT=$? TTY-$(stty -a | tr ' ' '\\n' | grep -x -- '-*icanon') > '\(t.folder.file("exit.txt"))'"
        try #require(try t.tmux(["new-session", "-d", "-s", "console", "-x", "100", "-y", "30", "sh", "-c", command]).status == 0)
        var text = try t.waitFor("Work items by state")
        #expect(text.contains("operator - RW"), "not the ASCII status bar:\n\(text)")
        #expect(!text.contains("✓") && !text.contains("·") && !text.contains("─"), "Unicode under LANG=C:\n\(text)")
        let colours = try t.tmux(["capture-pane", "-p", "-e", "-t", "console"]).output
        #expect(!colours.contains("38;5;") && !colours.contains("48;5;"), "256-colour output under NO_COLOR")

        try t.keys("4")
        text = try t.waitFor("[4 Mappings]")
        #expect(text.contains("changing rules needs the finance role"))
        #expect(!text.contains("[Edit]"))
        try t.keys("a")
        try t.waitFor("Add a gl_account rule")
        try Self.fill(t, ["", "", "Backflow Testing", "", "", "49000"])
        try t.keys("F2")
        try t.waitFor("would have mapped differently", seconds: 60)
        try t.tmux(["send-keys", "-t", "console", "-l", "operator tries"])
        try t.keys("F7")
        text = try t.waitFor("needs role finance")
        #expect(text.contains("you are \(user) (operator)"))
        #expect(try t.sqlite(store, "SELECT COUNT(*) FROM rule_changes") == versionsBefore)
        #expect(try t.sqlite(store, "SELECT COUNT(*) FROM audit_events WHERE action = 'access.denied'") != "0")

        // 80x24 is enough; below it the console says so and comes back by itself.
        try t.keys("Escape")
        try t.keys("Escape")
        try t.tmux(["resize-window", "-t", "console", "-x", "80", "-y", "24"])
        try t.waitFor("[4 Mappings]")
        try t.tmux(["resize-window", "-t", "console", "-x", "79", "-y", "23"])
        try t.waitFor("Terminal too small - need 80x24")
        try t.tmux(["resize-window", "-t", "console", "-x", "80", "-y", "24"])
        try t.waitFor("[4 Mappings]")
        try t.keys("Q")
        // Written after the console restored the terminal: its exit status and the line discipline
        // (to a file: after a resize in the alternate screen, tmux may not keep the shell's last line).
        var exit = ""
        for _ in 0..<300 where exit.isEmpty {  // at most 15 s
            exit = (try? String(contentsOfFile: t.folder.file("exit.txt"), encoding: .utf8)) ?? ""
            usleep(50_000)
        }
        #expect(exit.trimmingCharacters(in: .whitespacesAndNewlines) == "FIELDLEDGER-EXIT=0 TTY-icanon")
        #expect(try !t.screen().contains("[4 Mappings]"))
    }
}
