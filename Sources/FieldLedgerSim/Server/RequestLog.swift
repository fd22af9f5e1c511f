import FieldLedgerHTTP
import Foundation

/// The `--request-log` file: one JSON object per line per request, showing exactly what a client
/// sent — minus secrets. Credentials never reach the file: authorization and cookie headers and
/// any header whose name mentions a secret, token, password or key are left out, and secret form
/// fields and JSON members are masked.
final class RequestLog: @unchecked Sendable {
    private let lock = NSLock()
    private let handle: FileHandle

    /// Header names (lower-case) never logged.
    static let droppedHeaders: Set<String> = ["authorization", "cookie", "set-cookie", "proxy-authorization"]
    /// Form fields and JSON members whose values are replaced by `***`.
    static let maskedFields: Set<String> = ["client_secret", "password", "client_assertion", "refresh_token",
                                            "access_token", "clientsecret", "clientstate", "apikey", "api_key", "secret"]
    static let mask = "***"
    /// Bodies are logged up to this many bytes.
    static let maxLoggedBody = 64 * 1024

    init(path: String) throws(SimulatorConfigurationError) {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw SimulatorConfigurationError("--request-log '\(path)': the file cannot be created. Check that the directory exists and is writable.")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw SimulatorConfigurationError("--request-log '\(path)': the file cannot be opened for writing. Check its permissions.")
        }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    deinit { try? handle.close() }

    struct Entry {
        var time: Date
        var api: String
        var request: SimRequest
        var status: Int?
        var durationMilliseconds: Int
        var fault: String?
    }

    func write(_ entry: Entry) {
        let line = Self.render(entry).serialized() + "\n"
        lock.lock()
        defer { lock.unlock() }
        handle.write(Data(line.utf8))
    }

    static func render(_ entry: Entry) -> JSONValue {
        var object = JSONObject()
        object["time"] = .string(SimTime.iso8601(entry.time))
        object["api"] = .string(entry.api)
        object["method"] = .string(entry.request.method)
        object["path"] = .string(entry.request.path)
        object["query"] = .object(JSONObject(entry.request.query.map { (key: $0.name, value: JSONValue.string($0.value)) }))
        object["headers"] = .object(JSONObject(redactedHeaders(entry.request.headers).map { (key: $0.name, value: JSONValue.string($0.value)) }))
        object["body"] = redactedBody(entry.request)
        object["status"] = entry.status.map { .int($0) } ?? .null
        object["durationMs"] = .int(entry.durationMilliseconds)
        object["fault"] = entry.fault.map { .string($0) } ?? .null
        return .object(object)
    }

    static func isSecretHeader(_ name: String) -> Bool {
        let lower = name.lowercased()
        if droppedHeaders.contains(lower) { return true }
        return ["secret", "token", "password", "api-key", "apikey"].contains { lower.contains($0) }
    }

    static func redactedHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        headers.filter { !isSecretHeader($0.name) }
    }

    static func redactedBody(_ request: SimRequest) -> JSONValue {
        guard !request.body.isEmpty else { return .null }
        let contentType = request.header("Content-Type")?.lowercased() ?? ""
        let bytes = request.body.count > maxLoggedBody ? Array(request.body.prefix(maxLoggedBody)) : request.body
        if contentType.contains("application/x-www-form-urlencoded") {
            let text = String(decoding: bytes, as: UTF8.self)
            let masked = text.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
                let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
                let decoded = (name.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? name).lowercased()
                return maskedFields.contains(decoded) ? "\(name)=\(mask)" : String(pair)
            }
            return .string(masked.joined(separator: "&"))
        }
        if let json = try? JSONValue(parsing: bytes) { return maskJSON(json) }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    static func maskJSON(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(JSONObject(object.map { member in
                (key: member.key, value: maskedFields.contains(member.key.lowercased()) ? JSONValue.string(mask) : maskJSON(member.value))
            }))
        case .array(let items):
            return .array(items.map(maskJSON))
        default:
            return value
        }
    }
}
