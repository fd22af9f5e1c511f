import Foundation
import Testing

/// A console in a real terminal: tmux on its own socket (`-L`), `send-keys` types and clicks
/// (SGR mouse sequences, as xterm sends them), `capture-pane` reads the screen. Every wait is
/// bounded; `stop()` kills the pane's process and the server.
final class ConsoleTmux {
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
    func tmux(_ arguments: [String]) throws -> (status: Int32, output: String) {
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
    func stop() {
        let pane = (try? tmux(["display-message", "-p", "-t", "console", "#{pane_dead} #{pane_pid}"]).output) ?? ""
        let fields = pane.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        if fields.count == 2, fields[0] == "0", let pid = Int32(fields[1]), pid > 1 { kill(pid, SIGKILL) }
        _ = try? tmux(["kill-server"])
        let tmpdir = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(tmpdir)/tmux-\(getuid())/\(socket)")
    }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "console"]).output }

    /// Polls the screen until `text` shows (at most `seconds`); returns the last screen.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 15) throws -> String {
        var last = ""
        for _ in 0..<Int(seconds * 20) {
            last = try screen()
            if last.contains(text) { return last }
            usleep(50_000)
        }
        Issue.record("waited \(seconds)s for \"\(text)\"; the screen was:\n\(last)")
        return last
    }

    /// Waits (at most `seconds`) for the pane's command to end; returns its exit status (128+N
    /// after signal N), or nil (and records an issue) when it is still running. `demo` lets the
    /// engine's cycle in flight finish after the console closes (it may be posting), which under
    /// a loaded CI takes tens of seconds: hence the generous default.
    ///
    /// tmux marks a pane dead when its pty closes, which can come before it has collected the
    /// process's exit status (under load, by a noticeable margin): until `pane_dead_status` or
    /// `pane_dead_signal` is filled in, keep waiting rather than report an unknown status.
    func exitStatus(seconds: Double = 90) throws -> Int32? {
        for _ in 0..<Int(seconds * 20) {
            let fields = try tmux(["display-message", "-p", "-t", "console", "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}"]).output
                .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            if fields.first == "1", fields.count == 3 {
                if let status = Int32(fields[1]) { return status }
                if let signal = Int32(fields[2]) { return 128 + signal }
            }
            usleep(50_000)
        }
        Issue.record("the console did not exit within \(seconds)s; the screen was:\n\((try? screen()) ?? "")")
        return nil
    }

    func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", "console"] + keys) }

    /// A left click (press and release) at 0-based cell (x, y), SGR-encoded.
    func click(x: Int, y: Int) throws {
        try tmux(["send-keys", "-t", "console", "-l", "\u{1B}[<0;\(x + 1);\(y + 1)M"])
        try tmux(["send-keys", "-t", "console", "-l", "\u{1B}[<0;\(x + 1);\(y + 1)m"])
    }

    func sqlite(_ path: String, _ sql: String) throws -> String {
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

}
