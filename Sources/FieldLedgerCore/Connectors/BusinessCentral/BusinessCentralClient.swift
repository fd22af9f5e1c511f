import FieldLedgerHTTP
import Foundation
import Logging

/// Business Central API v2.0 over the libcurl client: OAuth, company scoping, server-driven
/// paging, etags, bound actions and deep insert, every request under the principal's limiter,
/// every failure decoded into one `RemoteError` (transient or not).
///
/// It knows the protocol, not the business: what to create and when is the engine's job.
public final class BusinessCentralClient: Sendable {
    public let endpoint: BusinessCentralEndpoint
    let http: HTTPClient
    let limiter: RequestLimiter
    let tokens: ClientCredentialsTokenProvider
    private let companyCache = LockedValue<String?>(nil)
    private let logger: Logger

    public init(endpoint: BusinessCentralEndpoint, http: HTTPClient, limiter: RequestLimiter = .businessCentral(),
                logger: Logger = Logger(label: "fieldledger.bc")) {
        self.endpoint = endpoint
        self.http = http
        self.limiter = limiter
        self.tokens = ClientCredentialsTokenProvider(
            system: .businessCentral, tokenURL: endpoint.tokenURL, clientID: endpoint.clientID, clientSecret: endpoint.clientSecret,
            extraFields: [("scope", BusinessCentralEndpoint.scope)],
            credentialsHint: "check business_central.client_id and the client secret", http: http)
        self.logger = logger
    }

    // MARK: - Companies

    /// The configured company's id (the configuration may name it by name or id), looked up once.
    public func companyID() async throws -> String {
        if let id = companyCache.value { return id }
        let companies = try await list(url: endpoint.apiRoot + "/companies", operation: "GET companies")
        let wanted = endpoint.company
        guard let match = companies.first(where: {
            $0["id"]?.stringValue?.lowercased() == wanted.lowercased() || $0["name"]?.stringValue == wanted
                || $0["displayName"]?.stringValue == wanted
        }), let id = match["id"]?.stringValue else {
            let names = companies.compactMap { $0["name"]?.stringValue }.joined(separator: ", ")
            throw RemoteError(system: .businessCentral, operation: "GET companies", status: 200, code: "CompanyNotFound",
                              message: "no company named or with id '\(wanted)' (the environment has: \(names)); fix business_central.company",
                              isTransient: false)
        }
        companyCache.value = id
        return id
    }

    /// The `Authorization` header value the client is sending now, for tools that measure the
    /// raw transport against the same service (`bench sync`'s floor). Never log it.
    public func authorizationHeader() async throws -> String {
        "Bearer " + (try await tokens.bearer())
    }

    /// `{root}/companies({id})/{path}`.
    public func companyURL(_ path: String) async throws -> String {
        "\(endpoint.apiRoot)/companies(\(try await companyID()))/\(path)"
    }

    // MARK: - Reading

    /// Every entity of a company-scoped set matching `query`, following `@odata.nextLink`.
    public func list(_ entitySet: String, query: ODataQuery = ODataQuery(), pageSize: Int? = nil) async throws -> [JSONObject] {
        let base = try await companyURL(entitySet)
        let qs = query.queryString
        return try await list(url: qs.isEmpty ? base : base + "?" + qs, operation: "GET \(entitySet)", pageSize: pageSize)
    }

    func list(url: String, operation: String, pageSize: Int? = nil) async throws -> [JSONObject] {
        var out: [JSONObject] = []
        try await forEachPage(url: url, operation: operation, pageSize: pageSize) { out += $0 }
        return out
    }

    /// Every entity of a company-scoped set matching `query`, handed over a page at a time, so a
    /// caller that stores as it reads holds one page in memory however many there are.
    public func forEachPage(_ entitySet: String, query: ODataQuery = ODataQuery(), pageSize: Int? = nil,
                            _ body: ([JSONObject]) async throws -> Void) async throws {
        let base = try await companyURL(entitySet)
        let qs = query.queryString
        try await forEachPage(url: qs.isEmpty ? base : base + "?" + qs, operation: "GET \(entitySet)", pageSize: pageSize, body)
    }

    func forEachPage(url: String, operation: String, pageSize: Int?, _ body: ([JSONObject]) async throws -> Void) async throws {
        var next: String? = url
        var pages = 0
        while let current = next {
            pages += 1
            var headers: HTTPHeaders = [:]
            if let pageSize { headers.add(name: "Prefer", value: "odata.maxpagesize=\(pageSize)") }
            let doc = try await send(.get, url: current, headers: headers, operation: operation)
            guard let values = doc?["value"]?.arrayValue else {
                throw shapeError(operation, "the answer has no \"value\" array")
            }
            var page: [JSONObject] = []
            page.reserveCapacity(values.count)
            for value in values {
                guard let object = value.objectValue else { throw shapeError(operation, "an entry of \"value\" is not an object") }
                page.append(object)
            }
            try await body(page)
            next = doc?["@odata.nextLink"]?.stringValue
            if pages > 100_000 { throw shapeError(operation, "more than 100,000 pages: the server keeps sending nextLink") }
        }
    }

    /// One entity by company-relative path (`salesInvoices(…)`), or nil when it does not exist.
    public func get(_ path: String, query: ODataQuery = ODataQuery()) async throws -> JSONObject? {
        let base = try await companyURL(path)
        let qs = query.queryString
        do {
            return try await send(.get, url: qs.isEmpty ? base : base + "?" + qs, operation: "GET \(Self.entitySetName(path))")?.objectValue
        } catch let error as RemoteError where error.status == 404 {
            return nil
        }
    }

    // MARK: - Writing

    /// POSTs a new entity (with nested arrays: deep insert) and returns it as created.
    public func create(_ path: String, body: JSONObject) async throws -> JSONObject {
        let operation = "POST \(Self.entitySetName(path))"
        guard let created = try await send(.post, url: try await companyURL(path), body: .object(body), operation: operation)?.objectValue else {
            throw shapeError(operation, "the answer has no entity")
        }
        return created
    }

    /// PATCHes with the entity's etag (`If-Match`, required by BC) and returns the new version.
    public func patch(_ path: String, etag: String, body: JSONObject) async throws -> JSONObject {
        let operation = "PATCH \(Self.entitySetName(path))"
        guard let updated = try await send(.patch, url: try await companyURL(path), headers: ["If-Match": etag],
                                           body: .object(body), operation: operation)?.objectValue else {
            throw shapeError(operation, "the answer has no entity")
        }
        return updated
    }

    public func delete(_ path: String, etag: String) async throws {
        _ = try await send(.delete, url: try await companyURL(path), headers: ["If-Match": etag],
                           operation: "DELETE \(Self.entitySetName(path))")
    }

    /// A bound action: `POST …/{path}/Microsoft.NAV.{name}` (answers 204).
    public func action(_ path: String, _ name: String) async throws {
        _ = try await send(.post, url: try await companyURL(path) + "/Microsoft.NAV.\(name)",
                           operation: "\(name) \(Self.entitySetName(path))")
    }

    /// `salesInvoices(…)/salesInvoiceLines` → `salesInvoices/salesInvoiceLines`: names for logs and errors, no ids.
    static func entitySetName(_ path: String) -> String {
        path.split(separator: "/").map { segment in
            segment.split(separator: "(").first.map(String.init) ?? String(segment)
        }.joined(separator: "/")
    }

    func shapeError(_ operation: String, _ what: String) -> RemoteError {
        RemoteError(system: .businessCentral, operation: operation, status: 200, code: "UnexpectedShape",
                    message: "Business Central's answer was not the expected shape: \(what)", isTransient: false)
    }
}
