import Foundation
import Logging
import Testing
@testable import FieldLedgerCore

/// The file log handler, tested directly (never through `LoggingSystem.bootstrap`, which is once
/// per process).
@Suite struct LoggingTests {
    private func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    @Test func writesOneFormattedLinePerEventToAPrivateFile() throws {
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let path = folder.file("fieldledger.log")
        let file = try LogFile(path: path)
        let logger = Logger(label: "fieldledger.sync") { label in
            FileLogHandler(label: label, file: file, level: .info, redactor: Redactor())
        }
        logger.info("posted invoice", metadata: ["id": "INV-1042", "attempt": "2"])
        logger.debug("not written at info")
        logger.warning("slow", metadata: ["note": "took a while"])
        let written = try lines(path)
        #expect(written.count == 2)
        let timestamp = #/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z /#
        #expect(written[0].firstMatch(of: timestamp) != nil)
        #expect(written[0].dropFirst(25) == "info fieldledger.sync: posted invoice attempt=2 id=INV-1042")
        #expect(written[1].dropFirst(25) == "warning fieldledger.sync: slow note=\"took a while\"")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func controlCharactersCannotForgeLines() {
        let line = FileLogHandler.format(timestamp: "T", level: .error, label: "x", message: "a\nT info x: forged",
                                         metadata: ["k": "v\r\nw"])
        #expect(line == "T error x: a\\nT info x: forged k=v\\r\\nw")
    }

    @Test func nestedMetadataIsRenderedInKeyOrder() {
        let line = FileLogHandler.format(timestamp: "T", level: .info, label: "x", message: "m",
                                         metadata: ["z": ["b": "2", "a": "1"], "y": ["p", "q"]])
        #expect(line == "T info x: m y=[p,q] z=\"{a=1,b=2}\"")
    }

    @Test func errorsAreLoggedAndRedacted() throws {
        struct UpstreamError: Error, CustomStringConvertible {
            var description: String { "401 for Authorization: Bearer eyJabc.def" }
        }
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let file = try LogFile(path: folder.file("e.log"))
        let handler = FileLogHandler(label: "x", file: file, level: .trace, redactor: Redactor())
        handler.log(event: LogEvent(level: .error, message: "post failed", error: UpstreamError(), metadata: nil,
                                    source: "x", file: #fileID, function: #function, line: #line))
        let written = try lines(file.path)
        #expect(written.count == 1)
        #expect(written[0].hasSuffix("error x: post failed error=\"401 for Authorization: <redacted>\""))
    }

    @Test func concurrentWritersNeverInterleaveLines() async throws {
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let file = try LogFile(path: folder.file("c.log"))
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    let handler = FileLogHandler(label: "t\(task)", file: file, level: .info, redactor: Redactor())
                    var logger = Logger(label: "t\(task)") { _ in handler }
                    logger.logLevel = .info
                    for n in 0..<200 { logger.info("line \(n) \(String(repeating: "x", count: 200))") }
                }
            }
        }
        let written = try lines(file.path)
        #expect(written.count == 1600)
        #expect(written.allSatisfy { $0.hasSuffix(String(repeating: "x", count: 200)) && $0.contains(": line ") })
    }

    @Test func unopenableLogFileReportsWhatToDo() {
        #expect(throws: LogFileError.self) { try LogFile(path: "/nonexistent-dir-fieldledger/x.log") }
        do {
            _ = try LogFile(path: "/nonexistent-dir-fieldledger/x.log")
        } catch {
            #expect(error.description == "/nonexistent-dir-fieldledger/x.log: cannot open the log file (No such file or "
                + "directory); set [log] path in the configuration to a writable file")
        }
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(LogTimestamp.format(seconds: 1_795_764_078, milliseconds: 7) == "2026-11-27T07:21:18.007Z")
    }
}
