import Foundation

/// `fieldledger sim` as a child process for a benchmark: started on a free port with a request
/// log and a written configuration, stopped with SIGTERM (once: a reaped pid may be reused).
final class BenchSimulator {
    private var stopped = false
    let pid: pid_t
    let configPath: String
    let requestLogPath: String

    static func start(executable: String, data: String, folder: String, limits: String?) throws -> BenchSimulator {
        let configPath = folder + "/fieldledger.toml"
        let credentialsPath = folder + "/fieldledger.credentials"
        let requestLogPath = folder + "/requests.jsonl"
        for path in [configPath, credentialsPath, requestLogPath] { try? FileManager.default.removeItem(atPath: path) }
        var arguments = ["sim", "--port", "0", "--data", data, "--write-config", configPath, "--request-log", requestLogPath]
        if let limits { arguments += ["--limits", limits] }
        let pid = try BenchSupport.spawn(executable, arguments, output: folder + "/sim.out")
        let sim = BenchSimulator(pid: pid, configPath: configPath, requestLogPath: requestLogPath)
        // The credentials file is written last: once it is there, the simulators are serving.
        let deadline = BenchSupport.now() + 30
        while BenchSupport.now() < deadline {
            if let size = (try? FileManager.default.attributesOfItem(atPath: credentialsPath))?[.size] as? Int, size > 0 {
                return sim
            }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                throw CommandFailure("bench: 'fieldledger sim' exited early; see \(folder)/sim.out")
            }
            usleep(50_000)
        }
        sim.stop()
        throw CommandFailure("bench: 'fieldledger sim' did not write its configuration within 30 s; see \(folder)/sim.out")
    }

    /// The request log's lines so far.
    func requestLogLines() throws -> [Substring] {
        let text = (try? String(contentsOfFile: requestLogPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n")
    }

    init(pid: pid_t, configPath: String, requestLogPath: String) {
        self.pid = pid
        self.configPath = configPath
        self.requestLogPath = requestLogPath
    }

    func stop() {
        guard !stopped else { return }
        stopped = true
        kill(pid, SIGTERM)
        var status: Int32 = 0
        let deadline = BenchSupport.now() + 10
        while waitpid(pid, &status, WNOHANG) == 0 {
            if BenchSupport.now() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                return
            }
            usleep(20_000)
        }
    }
}
