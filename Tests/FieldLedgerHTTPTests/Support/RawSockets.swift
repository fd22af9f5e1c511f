import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A TCP listener on 127.0.0.1 that accepts connections, reads the request and closes the
/// connection without answering (what a crashed or overloaded server looks like to a client),
/// or after writing `reply` (e.g. plain HTTP to a client that expects TLS).
final class HangUpServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var stopped = false
    private let thread: Thread

    /// Accepts up to `maxConnections` connections on its own thread, then stops listening.
    init(maxConnections: Int, reply: [UInt8] = []) throws {
        let (fd, port) = try bindLoopback()
        guard listen(fd, 16) == 0 else {
            close(fd)
            throw SocketError.failed("listen", errno)
        }
        listener = fd
        self.port = port
        let ready = DispatchSemaphore(value: 0)
        thread = Thread {
            ready.signal()
            for _ in 0..<maxConnections {
                let client = accept(fd, nil, nil)
                guard client >= 0 else { return }
                var buffer = [UInt8](repeating: 0, count: 4096)
                _ = read(client, &buffer, buffer.count)
                if !reply.isEmpty { _ = reply.withUnsafeBytes { write(client, $0.baseAddress, $0.count) } }
                close(client)
            }
        }
        thread.start()
        ready.wait()
    }

    /// Stops listening (wakes a blocked `accept`).
    func stop() {
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
    }

    deinit { stop() }
}

/// A loopback port that was just bound and closed, so nothing listens on it: connecting is
/// refused.
func closedLoopbackPort() throws -> Int {
    let (fd, port) = try bindLoopback()
    close(fd)
    return port
}

enum SocketError: Error { case failed(String, Int32) }

/// Binds a TCP socket to 127.0.0.1 on a port the OS picks.
private func bindLoopback() throws -> (Int32, Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw SocketError.failed("socket", errno) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else {
        close(fd)
        throw SocketError.failed("bind", errno)
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else {
        close(fd)
        throw SocketError.failed("getsockname", errno)
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}
