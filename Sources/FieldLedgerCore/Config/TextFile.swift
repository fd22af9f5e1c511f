#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small UTF-8 text file (configuration, credentials) read with POSIX calls, together with the
/// owner and mode of the very file that was read (`fstat` on the open descriptor, so a
/// permission check cannot be raced by swapping the file between check and read).
struct TextFile {
    let text: String
    let owner: uid_t
    /// Permission bits (`st_mode & 0o7777`).
    let mode: mode_t

    enum Failure: Error, Equatable {
        case missing
        case unreadable(String)
        case notUTF8
    }

    /// Files larger than this are not configuration files.
    static let maximumSize = 1 << 20

    static func read(_ path: String) -> Result<TextFile, Failure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            return .failure(code == ENOENT ? .missing : .unreadable(String(cString: strerror(code))))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.unreadable(String(cString: strerror(errno)))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .failure(.unreadable("not a regular file")) }
        guard Int(info.st_size) <= maximumSize else {
            return .failure(.unreadable("larger than \(maximumSize / 1024) KiB"))
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while bytes.count <= maximumSize {
            let count = buffer.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return .failure(.unreadable(String(cString: strerror(errno)))) }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(.notUTF8) }
        return .success(TextFile(text: text, owner: info.st_uid, mode: info.st_mode & 0o7777))
    }
}

/// `read(2)`, named so it does not clash with ``TextFile/read(_:)``.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(fd, buffer, count)
    #else
    Darwin.read(fd, buffer, count)
    #endif
}
