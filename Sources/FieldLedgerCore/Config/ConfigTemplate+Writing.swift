#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension ConfigTemplate {
    /// What `fieldledger init` does: writes the configuration template to `configPath` (mode
    /// 0644; it holds no secrets) and, unless one exists already, the commented credentials
    /// template next to it (`fieldledger.credentials`, mode 0600). Never overwrites a configuration.
    /// - Returns: the paths written.
    /// - Throws: ``ConfigError`` when the configuration exists or a file cannot be created.
    @discardableResult
    public static func write(configPath: String) throws(ConfigError) -> [String] {
        var written: [String] = []
        switch create(configPath, contents: render(), mode: 0o644) {
        case .success: written.append(configPath)
        case .failure(let error): throw error
        }
        let folder = URL(fileURLWithPath: configPath).deletingLastPathComponent()
        let credentials = folder.appendingPathComponent("fieldledger.credentials").path
        switch create(credentials, contents: renderCredentials(), mode: 0o600) {
        case .success: written.append(credentials)
        case .failure(let error): if !FileManager.default.fileExists(atPath: credentials) { throw error }
        }
        return written
    }

    /// Creates `path` exclusively (never replacing a file) with `mode`, whatever the umask.
    private static func create(_ path: String, contents: String, mode: mode_t) -> Result<Void, ConfigError> {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            let code = errno
            let message = code == EEXIST
                ? "already exists; edit it, or move it away to write a fresh template"
                : "cannot create (\(String(cString: strerror(code)))); choose a writable folder with --config PATH"
            return .failure(ConfigError(ConfigIssue(file: path, message: message)))
        }
        defer { close(fd) }
        fchmod(fd, mode)
        let bytes = Array(contents.utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return posixWrite(fd, base + offset, buffer.count - offset)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                return .failure(ConfigError(ConfigIssue(file: path, message:
                    "cannot write (\(String(cString: strerror(errno)))); check free space and permissions")))
            }
            offset += count
        }
        return .success(())
    }
}

/// `write(2)`, named so it does not clash with ``ConfigTemplate/write(configPath:)``.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
    #else
    Darwin.write(fd, buffer, count)
    #endif
}
