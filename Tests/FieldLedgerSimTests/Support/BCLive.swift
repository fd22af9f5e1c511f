import FieldLedgerHTTP
import Foundation
@testable import FieldLedgerSim

/// The BC simulator over real HTTP (a `LiveServer` on 127.0.0.1, port 0) with the same calls as
/// `BCHarness`, for tests that must prove behaviour on the wire. Use `BCLive.run { bc in … }`,
/// which always stops the server.
struct BCLive {
    let live: LiveServer
    let token: String

    static func run(_ configure: (inout SimulatorOptions) -> Void = { _ in },
                    _ body: (BCLive) async throws -> Void) async throws {
        let live = try await LiveServer.start(configure)
        do {
            let bc = BCLive(live: live, token: try await live.token())
            try await body(bc)
        } catch {
            await live.stop()
            throw error
        }
        await live.stop()
    }

    /// `path` is relative to `companies({id})/` unless it starts with `/` (then relative to the server root).
    func call(_ method: String, _ path: String, _ body: JSONValue? = nil, query: [(String, String)] = [],
              headers: [(String, String)] = []) async throws -> BCHarness.Reply {
        var url = path.hasPrefix("/") ? "\(live.root)\(path)" : "\(live.companyURL)/\(path)"
        if !query.isEmpty {
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~$"))
            url += "?" + query.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
                .joined(separator: "&")
        }
        let response = try await RawHTTPClient.sendJSON(method, url, body, headers: headers + [("Authorization", "Bearer \(token)")])
        let json = response.body.isEmpty ? JSONValue.null : response.json
        return BCHarness.Reply(status: response.status, json: json, headers: response.headers.map { (name: $0.key, value: $0.value) })
    }

    func get(_ path: String, _ query: [(String, String)] = []) async throws -> BCHarness.Reply {
        try await call("GET", path, query: query)
    }

    func post(_ path: String, _ body: JSONValue) async throws -> BCHarness.Reply { try await call("POST", path, body) }

    /// PATCH with the entity's current etag.
    func patch(_ path: String, _ body: JSONValue) async throws -> BCHarness.Reply {
        let etag = try await get(path).json["@odata.etag"]?.stringValue ?? "*"
        return try await call("PATCH", path, body, headers: [("If-Match", etag)])
    }

    func action(_ path: String) async throws -> BCHarness.Reply { try await call("POST", path) }

    /// The rows of a collection reply.
    static func rows(_ reply: BCHarness.Reply) -> [JSONValue] { reply.json["value"]?.arrayValue ?? [] }
}
