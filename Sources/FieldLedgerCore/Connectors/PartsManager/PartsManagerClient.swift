import FieldLedgerHTTP
import Foundation
import Logging

/// The PartsManager (SoftLedger-backed) REST API over the libcurl client: OAuth 2.0 client
/// credentials with a cached token (one fresh token and one more try on a 401), bare records,
/// `{totalItems, data}` lists paged with `limit`/`offset`, `updatedAfter` filters, and every
/// failure decoded into `RemoteError`. Shapes follow `FieldLedgerSim/PartsManager/PARTSMANAGER-CHOICES.md`.
///
/// It knows the protocol, not the business: what to read and write is the engine's job.
public final class PartsManagerClient: Sendable {
    public let endpoint: PartsManagerEndpoint
    let http: HTTPClient
    let tokens: ClientCredentialsTokenProvider
    private let logger: Logger

    /// SoftLedger's ceiling for `limit`.
    public static let maxPageSize = 1_000

    public init(endpoint: PartsManagerEndpoint, http: HTTPClient, logger: Logger = Logger(label: "fieldledger.pm")) {
        self.endpoint = endpoint
        self.http = http
        self.tokens = ClientCredentialsTokenProvider(
            system: .partsManager, tokenURL: endpoint.tokenURL, clientID: endpoint.clientID, clientSecret: endpoint.clientSecret,
            extraFields: endpoint.tenantUUID.map { [("tenantUUID", $0)] } ?? [],
            credentialsHint: "check partsmanager.client_id and the client secret (client_secret in the credentials file)", http: http)
        self.logger = logger
    }

    // MARK: - Reading

    /// Every record of `resource` matching `filters` (e.g. `("status", "issued")`,
    /// `("updatedAfter", PartsManagerClient.timestamp(date))`), all pages, ascending `_id`.
    public func list(_ resource: PartsManagerResource, filters: [(String, String)] = [],
                     pageSize: Int = 500) async throws -> [JSONObject] {
        var out: [JSONObject] = []
        try await forEachPage(resource, filters: filters, pageSize: pageSize) { out += $0 }
        return out
    }

    /// The same records a page at a time, so a caller that stores them as they come holds one
    /// page in memory however many there are.
    public func forEachPage(_ resource: PartsManagerResource, filters: [(String, String)] = [], pageSize: Int = 500,
                            _ body: ([JSONObject]) async throws -> Void) async throws {
        let limit = min(max(pageSize, 1), Self.maxPageSize)
        let operation = "GET \(resource.rawValue)"
        var offset = 0
        var pages = 0
        while true {
            pages += 1
            let query = (filters + [("limit", String(limit)), ("offset", String(offset))])
                .map { "\(FormEncoding.escape($0.0))=\(FormEncoding.escape($0.1))" }.joined(separator: "&")
            let answer = try await send(.get, path: "/\(resource.rawValue)?\(query)", operation: operation)
            guard let items = answer?["data"]?.arrayValue else {
                throw shapeError(operation, "the answer has no \"data\" array")
            }
            var objects: [JSONObject] = []
            objects.reserveCapacity(items.count)
            for item in items {
                guard let object = item.objectValue else { throw shapeError(operation, "an entry of \"data\" is not an object") }
                objects.append(object)
            }
            try await body(objects)
            offset += items.count
            let total = answer?["totalItems"]?.intValue ?? offset
            if items.isEmpty || offset >= total { return }
            if pages > 100_000 { throw shapeError(operation, "more than 100,000 pages") }
        }
    }

    /// One record by `_id`, or nil when PartsManager says 404.
    public func get(_ resource: PartsManagerResource, id: Int) async throws -> JSONObject? {
        do {
            return try await send(.get, path: "/\(resource.rawValue)/\(id)", operation: "GET \(resource.rawValue)")?.objectValue
        } catch let error as RemoteError where error.status == 404 {
            return nil
        }
    }

    // MARK: - Writing

    /// `POST /{resource}` → 201 with the record as stored.
    public func create(_ resource: PartsManagerResource, _ body: JSONObject) async throws -> JSONObject {
        let operation = "POST \(resource.rawValue)"
        guard let created = try await send(.post, path: "/\(resource.rawValue)", body: .object(body), operation: operation)?.objectValue else {
            throw shapeError(operation, "the answer has no record")
        }
        return created
    }

    /// `PUT /{resource}/{id}` with only the members to change (PartsManager's PUT is partial).
    public func update(_ resource: PartsManagerResource, id: Int, _ body: JSONObject) async throws -> JSONObject {
        let operation = "PUT \(resource.rawValue)"
        guard let updated = try await send(.put, path: "/\(resource.rawValue)/\(id)", body: .object(body), operation: operation)?.objectValue else {
            throw shapeError(operation, "the answer has no record")
        }
        return updated
    }

    /// A state action: `POST /{resource}/{id}/{name}` (`issue`, `void`, `approve`, `pay`, …).
    @discardableResult
    public func action(_ resource: PartsManagerResource, id: Int, _ name: String) async throws -> JSONObject? {
        try await send(.post, path: "/\(resource.rawValue)/\(id)/\(name)", operation: "\(name) \(resource.rawValue)")?.objectValue
    }

    // MARK: - Support

    /// The `updatedAfter` / `updatedBefore` format PartsManager expects: ISO 8601 UTC with milliseconds.
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        let millis = (c.nanosecond ?? 0) / 1_000_000
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year ?? 1970, c.month ?? 1, c.day ?? 1,
                      c.hour ?? 0, c.minute ?? 0, c.second ?? 0, millis)
    }

    func shapeError(_ operation: String, _ what: String) -> RemoteError {
        RemoteError(system: .partsManager, operation: operation, status: 200, code: "UnexpectedShape",
                    message: "PartsManager's answer was not the expected shape: \(what)", isTransient: false)
    }
}
