import Foundation
import Testing

/// `fieldledger sim --write-config` + `fieldledger serve` as two processes: an approval made
/// through the ServiceTrade API is posted through the webhook path (the poll interval is an hour),
/// and SIGTERM stops serve cleanly with exit 0 and no heartbeat row left.
@Suite("serve (binary)", .serialized)
final class ServeCLITests {
    let folder = TemporaryFolder()
    private var processes: [Process] = []

    deinit {
        for process in processes where process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Starts the binary in the background with stdout and stderr in files.
    private func launch(_ arguments: [String], name: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BinaryRunner.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "FIELDLEDGER_CONFIG")
        process.environment = env
        FileManager.default.createFile(atPath: folder.file("\(name).out"), contents: nil)
        FileManager.default.createFile(atPath: folder.file("\(name).err"), contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: folder.file("\(name).out"))
        process.standardError = FileHandle(forWritingAtPath: folder.file("\(name).err"))
        try process.run()
        processes.append(process)
        return process
    }

    private func output(_ name: String) -> String {
        ((try? String(contentsOfFile: folder.file("\(name).out"), encoding: .utf8)) ?? "")
            + ((try? String(contentsOfFile: folder.file("\(name).err"), encoding: .utf8)) ?? "")
    }

    /// Polls every 200 ms, at most `seconds`.
    private func waitUntil(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(200_000)
        }
        return try condition()
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func sqlite(_ sql: String) throws -> String {
        try run("/usr/bin/sqlite3", ["-cmd", ".timeout 5000", folder.file("fieldledger.sqlite"), sql])
    }

    @Test("an approval via the ServiceTrade API is posted through the webhook; SIGTERM exits 0")
    func serveEndToEnd() throws {
        let sampleData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sample-data").path
        let config = folder.file("fieldledger.toml")
        let sim = try launch(["sim", "--port", "0", "--data", sampleData, "--write-config", config], name: "sim")
        try #require(waitUntil(60) { output("sim").contains("wrote \(config)") }, "sim did not write the config: \(output("sim"))")
        // Poll once an hour: only the webhook can make the approval post within the test.
        let text = try String(contentsOfFile: config, encoding: .utf8) + "\n[sync]\npoll_interval_seconds = 3600\n"
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        let stBase = try #require(text.split(separator: "\n").first { $0.hasPrefix("base_url") && $0.contains("/st/api") }
            .map { String($0.split(separator: "\"")[1]) })

        // The posting rules come from the sample's seed CSVs, as an admin would import them.
        let imported = try BinaryRunner.run(["mapping", "import", sampleData + "/rules", "--config", config])
        try #require(imported.status == 0, "mapping import failed: \(imported.stderr)")

        let serve = try launch(["serve", "--config", config], name: "serve")
        try #require(waitUntil(60) { output("serve").contains("listening on") }, "serve did not start: \(output("serve"))")
        // The start-up cycle (polling) posts the sample's approved invoices first.
        try #require(try waitUntil(240) { (Int(try sqlite("SELECT COUNT(*) FROM sync_runs WHERE finished_at IS NOT NULL")) ?? 0) >= 1 },
                     "no cycle finished: \(output("serve"))")
        #expect(try sqlite("SELECT COUNT(*) FROM work_items WHERE source_id = '60'") == "0")

        // Approve INV-26060 through the ServiceTrade API, as a person would.
        let cookie = folder.file("cookies")
        _ = try run("/usr/bin/curl", ["-s", "-c", cookie, "-H", "Content-Type: application/json", "-X", "POST",
                                      "-d", #"{"username":"\#(Self.credential("username", in: folder.file("fieldledger.toml")))","password":"\#(Self.password(folder.file("fieldledger.credentials")))"}"#,
                                      stBase + "/auth"])
        let approved = try run("/usr/bin/curl", ["-s", "-b", cookie, "-H", "Content-Type: application/json", "-X", "PUT",
                                                 "-d", #"{"status":"pending_accounting"}"#, stBase + "/invoice/60"])
        #expect(approved.contains("pending_accounting"))

        let posted = try waitUntil(90) {
            try sqlite("SELECT state FROM work_items WHERE source_id = '60' AND flow = 'invoice.post' ORDER BY id DESC LIMIT 1") == "posted"
        }
        #expect(posted, "INV-26060 was not posted: \(output("serve"))")
        // ServiceTrade's notification for it arrived and nudged a cycle. (The invoice itself may be
        // taken in by that cycle's own ServiceTrade read or by the webhook handler, whichever is first.)
        #expect(try sqlite("SELECT COUNT(*) FROM inbox WHERE entity = 'notification' AND source_id = 'invoice:60'") != "0")
        #expect(try sqlite("SELECT COUNT(*) FROM sync_runs WHERE trigger = 'webhook'") != "0")
        #expect(try sqlite("SELECT COUNT(*) FROM engine_heartbeat") == "1")

        kill(serve.processIdentifier, SIGTERM)
        #expect(waitUntil(120) { !serve.isRunning }, "serve did not stop on SIGTERM")
        serve.waitUntilExit()
        #expect(serve.terminationStatus == 0, "serve exited \(serve.terminationStatus): \(output("serve"))")
        #expect(try sqlite("SELECT COUNT(*) FROM engine_heartbeat") == "0")
        #expect(output("serve").contains("stopped (SIGTERM)"))

        kill(sim.processIdentifier, SIGTERM)
        _ = waitUntil(30) { !sim.isRunning }
    }

    /// `key = "value"` from the config (the ServiceTrade user).
    static func credential(_ key: String, in file: String) -> String {
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("\(key) = ") }
        return line.map { String($0.split(separator: "\"")[1]) } ?? ""
    }

    /// The ServiceTrade password from the credentials file's `[servicetrade]` section.
    static func password(_ file: String) -> String {
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        guard let section = text.range(of: "[servicetrade]") else { return "" }
        let line = text[section.upperBound...].split(separator: "\n").first { $0.hasPrefix("password = ") }
        return line.map { String($0.split(separator: "\"")[1]) } ?? ""
    }
}
