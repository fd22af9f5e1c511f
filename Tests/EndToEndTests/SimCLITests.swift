import Foundation
import Testing

/// `fieldledger sim --port 0 --data sample-data --write-config …` as a user starts it (issue 3,
/// "Done when"): one banner line per API, the configuration and its 0600 credentials file
/// written, and all three APIs answering `curl` the way the README shows. Waits are bounded
/// polls, not timed assertions (start-up time is measured by hand and in the README).
@Suite("sim (binary)", .serialized)
final class SimCLITests {
    let folder = TemporaryFolder()
    private var process: Process?

    deinit {
        if let process, process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    private var output: String { (try? String(contentsOfFile: folder.file("sim.out"), encoding: .utf8)) ?? "" }

    private func curl(_ arguments: [String]) throws -> String {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-s", "--max-time", "30"] + arguments
        let pipe = Pipe()
        curl.standardOutput = pipe
        curl.standardError = FileHandle.nullDevice
        try curl.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        curl.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The banner field after `name` on the line of `api` (`bc   http://…  tenant T  client C …`).
    private func field(_ api: String, _ name: String) -> String? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(api + " ") }) else { return nil }
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let index = words.firstIndex(of: name), index + 1 < words.count else { return nil }
        return words[index + 1]
    }

    private func base(_ api: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix(api + " ") }?
            .split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map(String.init)
    }

    @Test("issue 3: sim --port 0 --data sample-data --write-config prints bc/st/pm, writes the config, and curl works against all three APIs")
    func startsAndServesAllThree() throws {
        let sampleData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sample-data").path
        let config = folder.file("sim/fieldledger.toml")
        let sim = Process()
        sim.executableURL = URL(fileURLWithPath: BinaryRunner.executable)
        sim.arguments = ["sim", "--port", "0", "--data", sampleData, "--write-config", config]
        FileManager.default.createFile(atPath: folder.file("sim.out"), contents: nil)
        sim.standardOutput = FileHandle(forWritingAtPath: folder.file("sim.out"))
        sim.standardError = sim.standardOutput
        try sim.run()
        process = sim
        var polls = 0
        while !output.contains("fieldledger.credentials"), sim.isRunning, polls < 600 {
            usleep(100_000)
            polls += 1
        }
        try #require(output.contains("wrote \(config)"), "sim did not start: \(output)")
        #expect(FileManager.default.fileExists(atPath: config))
        let credentials = folder.file("sim/fieldledger.credentials")
        let mode = (try FileManager.default.attributesOfItem(atPath: credentials)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)

        // Business Central, as the README shows: a token, then the companies.
        let tokenURL = try #require(field("bc", "token"))
        let tokenReply = try curl(["-X", "POST", tokenURL, "-d", "grant_type=client_credentials",
                                   "-d", "client_id=\(field("bc", "client") ?? "")", "-d", "client_secret=\(field("bc", "secret") ?? "")",
                                   "--data-urlencode", "scope=https://api.businesscentral.dynamics.com/.default"])
        let token = try #require(Self.jsonString(tokenReply, "access_token"), "no token: \(tokenReply)")
        let companies = try curl(["-H", "Authorization: Bearer \(token)", "\(base("bc") ?? "")/companies"])
        #expect(companies.contains("\"@odata.context\"") && companies.contains(field("bc", "company") ?? "no company"))
        #expect(try curl(["-o", "/dev/null", "-w", "%{http_code}", "\(base("bc") ?? "")/companies"]) == "401")

        // ServiceTrade: session login, then a page of invoices in the envelope.
        let cookies = folder.file("cookies")
        let login = try curl(["-c", cookies, "-H", "Content-Type: application/json", "-X", "POST",
                              "-d", #"{"username":"\#(field("st", "user") ?? "")","password":"\#(field("st", "password") ?? "")"}"#,
                              "\(base("st") ?? "")/auth"])
        #expect(login.contains("authToken"))
        let invoices = try curl(["-b", cookies, "\(base("st") ?? "")/invoice?limit=2"])
        #expect(invoices.contains("\"totalPages\"") && invoices.contains("\"invoices\""))

        // PartsManager: OAuth client credentials, then vendors.
        let pmToken = try curl(["-X", "POST", field("pm", "token") ?? "", "-d", "grant_type=client_credentials",
                                "-d", "client_id=\(field("pm", "client") ?? "")", "-d", "client_secret=\(field("pm", "secret") ?? "")"])
        let pmAccess = try #require(Self.jsonString(pmToken, "access_token"), "no PartsManager token: \(pmToken)")
        let vendors = try curl(["-H", "Authorization: Bearer \(pmAccess)", "\(base("pm") ?? "")/vendors"])
        #expect(vendors.contains("\"totalItems\""))

        kill(sim.processIdentifier, SIGTERM)
        polls = 0
        while sim.isRunning, polls < 300 {
            usleep(100_000)
            polls += 1
        }
        #expect(!sim.isRunning, "sim did not stop on SIGTERM")
    }

    /// The string member `name` of a JSON object text (enough for a token reply).
    private static func jsonString(_ text: String, _ name: String) -> String? {
        guard let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object[name] as? String
    }
}
