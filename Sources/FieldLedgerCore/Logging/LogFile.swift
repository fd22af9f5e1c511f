#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An append-only log file shared by every logger of the process. Each line is written with one
/// `write(2)` on a file opened `O_APPEND`, under a lock, so lines from different threads (and from
/// another FieldLedger process appending to the same file) never interleave, and nothing is
/// buffered: a crash loses no line that was logged.
public final class LogFile: @unchecked Sendable {
    /// The absolute path of the file.
    public let path: String
    private let descriptor: Int32
    private let lock = NSLock()

    /// Opens (creating it mode 0600 if missing) the file at `path` for appending.
    /// - Throws: ``LogFileError`` when the file cannot be opened.
    public init(path: String) throws(LogFileError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            throw LogFileError(path: path, reason: String(cString: strerror(errno)))
        }
        self.path = path
        self.descriptor = fd
    }

    deinit {
        close(descriptor)
    }

    /// Appends `line` and a newline. Write failures (a full disk) are dropped: logging must never
    /// take the product down, and there is no terminal to report them on while the console runs.
    public func append(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        lock.lock()
        defer { lock.unlock() }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(descriptor, base + offset, buffer.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}

/// The log file could not be opened.
public struct LogFileError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String {
        "\(path): cannot open the log file (\(reason)); set [log] path in the configuration to a writable file"
    }
}
