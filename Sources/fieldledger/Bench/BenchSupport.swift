import Foundation

/// Small measuring tools shared by the benchmarks.
enum BenchSupport {
    /// The folder a benchmark works in: `--keep`'s, else a temporary one named after `name`.
    /// Returns it and whether to remove it afterwards.
    static func workFolder(keep: String?, name: String) throws -> (path: String, remove: Bool) {
        let path = keep ?? NSTemporaryDirectory() + "fieldledger-bench-\(name)-\(getpid())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return (path, keep == nil)
    }

    /// A new, empty folder for one run inside the work folder. What an earlier run left there
    /// (kept with `--keep`) goes first: its store would be reused, and the engine would find every
    /// invoice already posted.
    static func freshFolder(_ path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Monotonic seconds.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// The path of a program on $PATH, or nil.
    static func which(_ program: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a process to completion with output discarded (or fed from `input`) and returns
    /// (seconds, exit status). posix_spawn + waitpid: Foundation's `Process.waitUntilExit` polls
    /// in 50 ms steps, which would swamp the millisecond figures being measured.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], input: URL? = nil) throws -> (seconds: Double, status: Int32) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input?.path ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = now()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw CommandFailure("could not start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let seconds = now() - start
        let exited = status & 0x7F == 0
        return (seconds, exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F))
    }

    /// Starts a process with stdin from /dev/null and stdout+stderr to `output` (or /dev/null),
    /// and returns its pid without waiting.
    static func spawn(_ executable: String, _ arguments: [String], output: String? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw CommandFailure("could not start \(executable): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// What a child process cost: wall time, exit status, peak resident set size (bytes).
    struct ChildRun: Sendable {
        var seconds: Double
        var status: Int32
        var peakRSS: Int
    }

    /// Runs a process to completion on a thread of its own (never a thread of Swift's cooperative
    /// pool) and returns its wall time, exit status and peak RSS.
    ///
    /// The peak is the child's `VmHWM`, read every 20 ms while it runs, not `wait4`'s `ru_maxrss`:
    /// Linux carries the high-water mark of the address space a process replaced at `exec` into its
    /// `ru_maxrss`, and a `posix_spawn`ed child replaces ours, so `ru_maxrss` reported this
    /// benchmark's own peak (it reads the request log, tens of MB) as the engine's.
    static func runOffPool(_ executable: String, _ arguments: [String], output: String? = nil) async throws -> ChildRun {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    let start = now()
                    let pid = try spawn(executable, arguments, output: output)
                    var status: Int32 = 0
                    var peak = 0
                    while true {
                        peak = max(peak, peakRSS(of: "\(pid)"))
                        let waited = waitpid(pid, &status, WNOHANG)
                        if waited == pid || (waited < 0 && errno != EINTR) { break }
                        usleep(20_000)
                    }
                    let exited = status & 0x7F == 0
                    continuation.resume(returning: ChildRun(seconds: now() - start,
                                                            status: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F),
                                                            peakRSS: peak))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    /// The p-th percentile (0...100) of samples, nearest-rank.
    static func percentile(_ samples: [Double], _ p: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    static func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }

    /// Peak resident set size (VmHWM) of this process, or of the process `pid`, in bytes (0 once it
    /// has exited).
    static func peakRSS(of pid: String = "self") -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb * 1024
        }
        return 0
    }
}
