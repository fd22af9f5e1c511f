import FieldLedgerHTTP
import Foundation
import Logging

/// The ServiceTrade REST API (reference §1) over the libcurl client: session or OAuth sign-in
/// (re-signing once on a 401), the `{"messages","data"}` envelope, `page`/`totalPages` paging,
/// and errors decoded into `RemoteError`. Choices where the public material is silent follow the
/// simulator's documented ones (README › Simulators › ServiceTrade).
public final class ServiceTradeClient: Sendable {
    public let endpoint: ServiceTradeEndpoint
    let http: HTTPClient
    private let credential = LockedValue<String?>(nil)
    private let logger: Logger

    public init(endpoint: ServiceTradeEndpoint, http: HTTPClient, logger: Logger = Logger(label: "fieldledger.st")) {
        self.endpoint = endpoint
        self.http = http
        self.logger = logger
    }

    /// Every record of a resource matching `filters` (e.g. `status=pending_accounting`,
    /// `updatedAfter=<unix s>`), all pages, in id order.
    public func list(_ resource: String, plural: String, filters: [(String, String)] = [], pageSize: Int = 500) async throws -> [JSONObject] {
        var out: [JSONObject] = []
        try await forEachPage(resource, plural: plural, filters: filters, pageSize: pageSize) { out += $0 }
        return out
    }

    /// The same records a page at a time, so a caller that stores them as they come holds one
    /// page in memory however many there are.
    public func forEachPage(_ resource: String, plural: String, filters: [(String, String)] = [], pageSize: Int = 500,
                            _ body: ([JSONObject]) async throws -> Void) async throws {
        var page = 1
        while true {
            let query = (filters + [("page", String(page)), ("limit", String(pageSize))])
                .map { "\($0.0)=\(FormEncoding.escape($0.1))" }.joined(separator: "&")
            let data = try await send(.get, path: "/\(resource)?\(query)", operation: "GET \(resource)")
            guard let items = data?[plural]?.arrayValue else {
                throw shapeError("GET \(resource)", "data has no \"\(plural)\" array")
            }
            var objects: [JSONObject] = []
            objects.reserveCapacity(items.count)
            for item in items {
                guard let object = item.objectValue else { throw shapeError("GET \(resource)", "an entry of \(plural) is not an object") }
                objects.append(object)
            }
            try await body(objects)
            let total = data?["totalPages"]?.intValue ?? 1
            if page >= total || items.isEmpty { return }
            page += 1
            if page > 100_000 { throw shapeError("GET \(resource)", "more than 100,000 pages") }
        }
    }

    /// One record, or nil when ServiceTrade says 404.
    public func get(_ resource: String, id: String) async throws -> JSONObject? {
        do {
            return try await send(.get, path: "/\(resource)/\(FormEncoding.escape(id))", operation: "GET \(resource)")?.objectValue
        } catch let error as RemoteError where error.status == 404 {
            return nil
        }
    }

    /// A partial update (`PUT /resource/{id}` with only the members to change).
    @discardableResult
    public func update(_ resource: String, id: String, _ body: JSONObject) async throws -> JSONObject? {
        try await send(.put, path: "/\(resource)/\(FormEncoding.escape(id))", body: .object(body), operation: "PUT \(resource)")?.objectValue
    }

    @discardableResult
    public func create(_ resource: String, _ body: JSONObject) async throws -> JSONObject? {
        try await send(.post, path: "/\(resource)", body: .object(body), operation: "POST \(resource)")?.objectValue
    }

    /// Ends a session (sessions are capped per user: do not leave them behind).
    public func signOut() async {
        guard case .session = endpoint.auth, let cookie = credential.value else { return }
        _ = try? await http.send(HTTPRequest(method: .delete, url: endpoint.baseURL + "/auth", headers: ["Cookie": cookie]))
        credential.value = nil
    }

    func shapeError(_ operation: String, _ what: String) -> RemoteError {
        RemoteError(system: .serviceTrade, operation: operation, status: 200, code: "UnexpectedShape",
                    message: "ServiceTrade's answer was not the expected shape: \(what)", isTransient: false)
    }
}

extension ServiceTradeClient {
    /// Sends one request and returns the envelope's `data` (nil when absent). GETs that fail
    /// transiently are repeated briefly (`TransientRetry`); writes are not.
    func send(_ method: HTTPMethod, path: String, body: JSONValue? = nil, operation: String) async throws -> JSONValue? {
        guard method == .get else { return try await sendOnce(method, path: path, body: body, operation: operation) }
        return try await TransientRetry.reads { try await sendOnce(method, path: path, body: body, operation: operation) }
    }

    private func sendOnce(_ method: HTTPMethod, path: String, body: JSONValue?, operation: String) async throws -> JSONValue? {
        var attempt = 0
        while true {
            attempt += 1
            var headers: HTTPHeaders = ["Accept": "application/json"]
            let auth = try await authorization()
            headers.add(name: auth.name, value: auth.value)
            if body != nil { headers.add(name: "Content-Type", value: "application/json") }
            let request = HTTPRequest(method: method, url: endpoint.baseURL + path, headers: headers,
                                      body: body.map { Array($0.serialized().utf8) })
            let response: HTTPResponse
            do { response = try await http.send(request) } catch {
                throw RemoteError(system: .serviceTrade, operation: operation, transport: error)
            }
            if response.status == 401, attempt == 1 {
                credential.value = nil
                continue
            }
            let json = try? response.json()
            if (200..<300).contains(response.status) {
                guard let json else {
                    if response.body.isEmpty { return nil }
                    throw RemoteError(system: .serviceTrade, operation: operation, status: response.status, code: "InvalidJSON",
                                      message: "the answer is not JSON", isTransient: false)
                }
                return json["data"]
            }
            let messages = json?["messages"]?["error"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let message = messages.isEmpty ? "HTTP \(response.status)" : messages.joined(separator: "; ")
            let transient = response.status == 408 || response.status == 429 || response.status >= 500
            throw RemoteError(system: .serviceTrade, operation: operation, status: response.status,
                              code: "http.\(response.status)", message: message, isTransient: transient,
                              retryAfter: response.headers["Retry-After"].flatMap(Double.init))
        }
    }

    /// The header that proves who we are: a session cookie or a bearer token, fetched on demand.
    private func authorization() async throws -> (name: String, value: String) {
        switch endpoint.auth {
        case .session(let username, let password):
            if let cookie = credential.value { return ("Cookie", cookie) }
            let body: JSONValue = ["username": .string(username), "password": .string(password)]
            let response = try await signIn(HTTPRequest(method: .post, url: endpoint.baseURL + "/auth",
                headers: ["Content-Type": "application/json", "Accept": "application/json"], body: Array(body.serialized().utf8)))
            guard let token = (try? response.json())?["data"]?["authToken"]?.stringValue else {
                throw shapeError("sign-in", "no data.authToken in the answer")
            }
            let cookie = "PHPSESSID=\(token)"
            credential.value = cookie
            return ("Cookie", cookie)
        case .oauth(let clientID, let clientSecret):
            if let bearer = credential.value { return ("Authorization", bearer) }
            let form = "grant_type=client_credentials&client_id=\(FormEncoding.escape(clientID))&client_secret=\(FormEncoding.escape(clientSecret))"
            let response = try await signIn(HTTPRequest(method: .post, url: endpoint.baseURL + "/oauth2/token",
                headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"], body: Array(form.utf8)))
            guard let token = (try? response.json())?["access_token"]?.stringValue else {
                throw shapeError("sign-in", "no access_token in the answer")
            }
            credential.value = "Bearer \(token)"
            return ("Authorization", "Bearer \(token)")
        }
    }

    private func signIn(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response: HTTPResponse
        do { response = try await http.send(request) } catch {
            throw RemoteError(system: .serviceTrade, operation: "sign-in", transport: error)
        }
        guard response.status == 200 else {
            let transient = response.status == 429 || response.status >= 500
            throw RemoteError(system: .serviceTrade, operation: "sign-in", status: response.status, code: "http.\(response.status)",
                              message: transient ? "ServiceTrade is unavailable" : "ServiceTrade refused the credentials; check [servicetrade] and its secret",
                              isTransient: transient)
        }
        return response
    }
}
