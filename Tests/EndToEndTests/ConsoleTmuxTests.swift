import Foundation
import Testing

/// `fieldledger tui` in a real terminal: tmux runs it on its own socket, `send-keys` types and
/// clicks (SGR mouse sequences, as xterm sends them), `capture-pane` reads the screen.
@Suite("Console under tmux", .serialized)
struct ConsoleTmuxTests {
    let folder = TemporaryFolder()
    let socket = "fl-tui-\(UUID().uuidString.prefix(8))"
    /// A pane whose command ended stays on screen (its output readable) until the server goes.
    var configPath: String {
        let path = folder.file("tmux.conf")
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: Data("set -g remain-on-exit on\n".utf8))
        }
        return path
    }

    /// Runs a tmux command with posix_spawn and waitpid (bounded). Output goes to a file, not a
    /// pipe: the server that `new-session` forks keeps inherited descriptors open. Foundation's
    /// `Process` is not used here: it did not notice the exit of the daemonising tmux client.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let outputPath = folder.file("tmux-\(UUID().uuidString.prefix(8)).out")
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Test threads may block signals and spawned children inherit the mask: give tmux (and so
        // its server and the console) an empty mask and default handlers, as a shell would.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ["/usr/bin/tmux", "-L", socket, "-f", configPath] + arguments
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for arg in cArgs { free(arg) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/tmux", &actions, &attributes, &cArgs, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        var waited: pid_t = 0
        for _ in 0..<1000 {  // at most 10 s
            waited = waitpid(pid, &status, WNOHANG)
            if waited != 0 { break }
            usleep(10_000)
        }
        if waited == 0 {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitStatus, String(decoding: data, as: UTF8.self))
    }

    /// Ends the pane's process (if still running) and the server.
    private func stopServer() {
        let pane = (try? tmux(["display-message", "-p", "-t", "console", "#{pane_dead} #{pane_pid}"]).output) ?? ""
        let fields = pane.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        if fields.count == 2, fields[0] == "0", let pid = Int32(fields[1]), pid > 1 { kill(pid, SIGKILL) }
        _ = try? tmux(["kill-server"])
        let tmpdir = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(tmpdir)/tmux-\(getuid())/\(socket)")
    }

    private func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "console"]).output }

    /// Polls the screen until `text` shows (at most `seconds`); returns the last screen.
    @discardableResult
    private func waitFor(_ text: String, seconds: Double = 15) throws -> String {
        var last = ""
        for _ in 0..<Int(seconds * 20) {
            last = try screen()
            if last.contains(text) { return last }
            usleep(50_000)
        }
        Issue.record("waited \(seconds)s for \"\(text)\"; the screen was:\n\(last)")
        return last
    }

    private func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", "console"] + keys) }

    /// A left click (press and release) at 0-based cell (x, y), SGR-encoded.
    private func click(x: Int, y: Int) throws {
        try tmux(["send-keys", "-t", "console", "-l", "\u{1B}[<0;\(x + 1);\(y + 1)M"])
        try tmux(["send-keys", "-t", "console", "-l", "\u{1B}[<0;\(x + 1);\(y + 1)m"])
    }

    private func sqlite(_ path: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("overview, panes by key and by click, retry with r, quit with Q, terminal restored")
    func consoleSession() throws {
        let built = try BinaryRunner.run(["bench", "trace", "--events", "200", "--lookups", "1", "--append-events", "10", "--keep", folder.path, "--json"])
        try #require(built.status == 0, "bench trace failed: \(built.stderr)")
        let store = folder.file("trace.sqlite")
        let failedBefore = try sqlite(store, "SELECT COUNT(*) FROM work_items WHERE state = 'failed'")
        try #require(Int(failedBefore) ?? 0 > 0, "the benchmark store has no failed record to retry")

        // Retrying needs the operator role: grant it to whoever runs the tests.
        let user = String(cString: getpwuid(geteuid()).pointee.pw_name)
        let config = folder.file("fieldledger.toml")
        try "[store]\npath = \"trace.sqlite\"\n\n[roles]\noperator = [\"\(user)\"]\n"
            .write(toFile: config, atomically: true, encoding: .utf8)

        defer { stopServer() }
        let command = "cd '\(folder.path)' && echo SHELL-BEFORE && TERM=xterm-256color LANG=C.UTF-8 LC_ALL= "
            + "'\(BinaryRunner.executable)' tui --config '\(config)' --theme default; echo FIELDLEDGER-EXIT=$?; "
            + "stty -a | tr ' ' '\\n' | grep -x -- '-*icanon' | sed 's/^/TTY-/'"
        let started = try tmux(["new-session", "-d", "-s", "console", "-x", "100", "-y", "30", "sh", "-c", command])
        try #require(started.status == 0, "tmux did not start: \(started.output)")

        var text = try waitFor("Work items by state")
        #expect(text.contains("[1 Overview]"))
        #expect(text.contains("Audit chain"))
        #expect(text.contains("F1Help"))

        try keys("2")
        text = try waitFor("Record / details")
        #expect(text.contains("[2 Sync log]"))
        #expect(text.contains("work_item"))

        // Click "3Failures" on the key bar (the bottom line).
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let bar = try #require(lines.last { $0.contains("F1Help") })
        let barRow = try #require(lines.lastIndex(of: bar))
        let range = try #require(bar.range(of: "3Failures"))
        try click(x: bar.distance(from: bar.startIndex, to: range.lowerBound) + 2, y: barRow)
        text = try waitFor("[3 Failures]")
        #expect(text.contains("What to do"))

        // Expand the first group, select its first record, retry it.
        try keys("Enter")
        try waitFor("[Retry]")
        try keys("j")
        try keys("r")
        text = try waitFor("queued for retry")
        let retried = try sqlite(store, "SELECT actor FROM audit_events WHERE action = 'work_item.retry'")
        #expect(!retried.isEmpty)
        #expect(retried.split(separator: "\n").count == 1)

        try keys("Q")
        text = try waitFor("TTY-")
        // Restored: exit 0, the console's screen is gone, the line discipline is canonical again.
        #expect(text.contains("FIELDLEDGER-EXIT=0"))
        #expect(text.contains("TTY-icanon"))
        #expect(!text.contains("F1Help"))
    }

    @Test("a theme that does not exist is reported; too small recovers; Ctrl-C restores the terminal (exit 130)")
    func badThemeAndTooSmall() throws {
        let built = try BinaryRunner.run(["bench", "trace", "--events", "20", "--lookups", "1", "--append-events", "10", "--keep", folder.path, "--json"])
        try #require(built.status == 0, "bench trace failed: \(built.stderr)")
        defer { stopServer() }
        // The shell catches SIGINT itself so that it survives Ctrl-C and reports the exit status.
        let command = "trap 'echo SHELL-INT' INT; TERM=xterm-256color LANG=C.UTF-8 LC_ALL= '\(BinaryRunner.executable)' tui --store '\(folder.file("trace.sqlite"))' "
            + "--theme neon --no-mouse; echo FIELDLEDGER-EXIT=$?"
        try #require(try tmux(["new-session", "-d", "-s", "console", "-x", "100", "-y", "30", "sh", "-c", command]).status == 0)
        let text = try waitFor("Work items by state")
        #expect(text.contains("theme neon: no such theme"))
        try tmux(["resize-window", "-t", "console", "-x", "70", "-y", "20"])
        try waitFor("Terminal too small")
        try tmux(["resize-window", "-t", "console", "-x", "100", "-y", "30"])
        try waitFor("Work items by state")
        try keys("C-c")
        let after = try waitFor("FIELDLEDGER-EXIT=130")
        #expect(!after.contains("Work items by state"))
    }
}
