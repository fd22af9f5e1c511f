import FieldLedgerHTTP
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client for tests: one connection per request (`Connection: close`), blocking
/// socket I/O on its own thread (never on the cooperative pool the server's handlers need), and a
/// distinct outcome for "connection closed without a response" — which URLSession or a libcurl
/// handle may hide by retrying.
struct RawHTTPResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    var json: JSONValue { (try? JSONValue(parsing: body)) ?? .null }
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

enum RawHTTPError: Error, Equatable {
    /// The server closed the connection without sending any response byte.
    case emptyReply
    case connectFailed(String)
    case timedOut
    case malformed(String)
}

enum RawHTTPClient {
    static func send(_ method: String, _ url: String, headers: [(String, String)] = [], body: [UInt8] = [],
                     timeoutSeconds: Int = 20) async throws -> RawHTTPResponse {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try perform(method, url, headers, body, timeoutSeconds) })
            }
            thread.start()
        }
    }

    static func sendJSON(_ method: String, _ url: String, _ json: JSONValue?, headers: [(String, String)] = []) async throws -> RawHTTPResponse {
        var all = headers
        var body: [UInt8] = []
        if let json {
            all.append(("Content-Type", "application/json"))
            body = Array(json.serialized().utf8)
        }
        return try await send(method, url, headers: all, body: body)
    }

    private static func perform(_ method: String, _ url: String, _ headers: [(String, String)], _ body: [UInt8],
                                _ timeout: Int) throws -> RawHTTPResponse {
        guard let components = URLComponents(string: url), let port = components.port else { throw RawHTTPError.malformed(url) }
        let target = components.percentEncodedPath + (components.percentEncodedQuery.map { "?\($0)" } ?? "")
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawHTTPError.connectFailed("socket") }
        defer { close(fd) }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw RawHTTPError.connectFailed("connect to port \(port)") }
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || ["POST", "PATCH", "PUT"].contains(method) { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        let request = Array(head.utf8) + body
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw RawHTTPError.emptyReply }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 { received += buffer[0..<n]; continue }
            if n == 0 { break }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw RawHTTPError.timedOut }
            if errno == ECONNRESET { break }
            throw RawHTTPError.malformed("read errno \(errno)")
        }
        guard !received.isEmpty else { throw RawHTTPError.emptyReply }
        return try parse(received)
    }

    private static func parse(_ bytes: [UInt8]) throws -> RawHTTPResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0...(max(0, bytes.count - 4))).first(where: { Array(bytes[$0..<min($0 + 4, bytes.count)]) == separator }) else {
            throw RawHTTPError.malformed("no header end")
        }
        let lines = String(decoding: bytes[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw RawHTTPError.malformed(lines[0]) }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(bytes[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return RawHTTPResponse(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = (index..<bytes.count - 1).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }) else { break }
            let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16) ?? 0
            if size == 0 { break }
            result += bytes[(lineEnd + 2)..<min(lineEnd + 2 + size, bytes.count)]
            index = lineEnd + 2 + size + 2
        }
        return result
    }
}
