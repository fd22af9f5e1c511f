import FieldLedgerHTTP
import Foundation

/// One simulated external system (Business Central, ServiceTrade, PartsManager).
///
/// The HTTP server (Hummingbird) is a thin shell around implementations of this protocol: it turns
/// each request into a `SimRequest`, applies faults, limits and the request log, and hands the
/// request to the API whose prefix matches. Keeping the APIs free of server types lets tests call
/// `handle(_:)` in-process (fast tier) and over real HTTP on loopback (live tier) alike.
public protocol SimulatedAPI: AnyObject, Sendable {
    /// `bc`, `st` or `pm`: the name used in `--faults`, the request log and the start-up banner.
    var name: String { get }
    /// Path prefixes this API answers under, e.g. `["/bc/", "/bc-login/"]`.
    var pathPrefixes: [String] { get }
    /// Answers one request. Never throws: every failure is an HTTP answer in the API's own error shape.
    func handle(_ request: SimRequest) async -> SimResponse
    /// Replaces the state with this API's part of a data directory (`DIR/bc`, `DIR/st`, `DIR/pm`).
    func load(dataDirectory: URL) throws
    /// Returns to the state last loaded.
    func reset()
    /// The whole state as JSON, for `/_sim/state` and for tests.
    func dump() -> JSONValue

    // Server integration. Every requirement below has a default in `SimulatedAPI+Defaults.swift`,
    // so an API only implements what it needs.

    /// Answers a simulator-only control request routed as `/_sim/{name}/…` (e.g. BC's
    /// `/_sim/bc/payments/{id}/reverse`). `request.path` keeps the full path. Default: 404.
    func handleSimControl(_ request: SimRequest) async -> SimResponse
    /// An error answer in this API's own error shape, used by the server for faults, limits and
    /// oversized bodies so that a client sees what the real service would send.
    func errorResponse(status: Int, code: String, message: String,
                       headers: [(name: String, value: String)]) -> SimResponse
    /// True for requests that faults never hit (e.g. the token endpoint). Default: false.
    func isFaultExempt(_ request: SimRequest) -> Bool
    /// The principal a request is made by (BC: the client id behind the bearer token), for
    /// per-principal limits. nil = not limited. Default: nil.
    func principal(of request: SimRequest) -> String?
    /// What the start-up banner and `start()` report for this API, given the server's root URL
    /// (`http://127.0.0.1:PORT`). Default: the name and the root URL plus the first prefix.
    func endpoint(serverURL: String) -> SimulatorEndpoint
}

/// A request as the simulated APIs see it.
public struct SimRequest: Sendable {
    /// Upper-case HTTP method.
    public var method: String
    /// The path as sent, still percent-encoded (OData keys such as `salesInvoices(…)` are parsed from it).
    public var path: String
    /// Query parameters, percent-decoded, in order.
    public var query: [(name: String, value: String)]
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, path: String, query: [(name: String, value: String)] = [],
                headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The first header of that name (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { Self.sameHeaderName($0.name, name) }?.value
    }

    /// ASCII case-insensitive (header names are ASCII), without Foundation's slower compare or
    /// `lowercased()` allocations: this runs several times on every request.
    static func sameHeaderName(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { asciiLower($0) == asciiLower($1) }
    }

    private static func asciiLower(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }

    /// The first query parameter of that name (case-sensitive, as OData is).
    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }
}

/// A response from a simulated API.
public struct SimResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON answer with `Content-Type: application/json` (charset as the real services send it).
    public static func json(_ value: JSONValue, status: Int = 200,
                            headers: [(name: String, value: String)] = []) -> SimResponse {
        SimResponse(status: status,
                    headers: [(name: "Content-Type", value: "application/json; charset=utf-8")] + headers,
                    body: Array(value.serialized().utf8))
    }

    public static func noContent(headers: [(name: String, value: String)] = []) -> SimResponse {
        SimResponse(status: 204, headers: headers)
    }
}

/// Sends a webhook notification from a simulated system to its subscriber. The server wires this
/// to the libcurl client (`FieldLedgerHTTP`); tests can capture deliveries instead.
public protocol WebhookTransport: Sendable {
    /// POSTs `body` to `url` and returns the HTTP status, or nil when the subscriber could not be
    /// reached (connection refused, timeout).
    func post(url: String, headers: [(name: String, value: String)], body: [UInt8]) async -> Int?
    /// Like `post`, but also returns the response body (BC's handshake must see the validation
    /// token echoed). Default: calls `post` and reports no body.
    func postReadingBody(url: String, headers: [(name: String, value: String)], body: [UInt8]) async -> (status: Int, body: [UInt8]?)?
}

extension WebhookTransport {
    public func postReadingBody(url: String, headers: [(name: String, value: String)],
                                body: [UInt8]) async -> (status: Int, body: [UInt8]?)? {
        guard let status = await post(url: url, headers: headers, body: body) else { return nil }
        return (status, nil)
    }
}

/// The simulation's clock, shared by every API so `/_sim/clock` moves token expiry, webhook
/// subscription expiry, time windows and modification times together.
public final class SimClock: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: TimeInterval = 0

    public init() {}

    public func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        return Date().addingTimeInterval(offset)
    }

    public func advance(by seconds: TimeInterval) {
        lock.lock()
        offset += seconds
        lock.unlock()
    }
}
