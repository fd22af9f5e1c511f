import FieldLedgerHTTP
import Foundation
@testable import FieldLedgerSim

/// Test fixtures live next to the tests; found through the source path, not bundle resources.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let companyId = "c0000000-0000-4000-8000-000000000001"
    static let acme = "b1000000-0000-4000-8000-000000000001"
    static let blockedCustomer = "b1000000-0000-4000-8000-000000000002"
    static let exemptCustomer = "b1000000-0000-4000-8000-000000000003"
    static let valveItem = "b2000000-0000-4000-8000-000000000001"
    static let blockedItem = "b2000000-0000-4000-8000-000000000002"
    static let serviceRevenue = "a4000000-0000-4000-8000-000000040200"
    static let headingAccount = "a4000000-0000-4000-8000-000000040000"
    static let blockedAccount = "a4000000-0000-4000-8000-000000040300"
    static let departmentDimension = "a5000000-0000-4000-8000-000000000001"
    static let serviceValue = "a6000000-0000-4000-8000-000000000001"
    static let blockedValue = "a6000000-0000-4000-8000-000000000003"
    static let jobValue = "a6000000-0000-4000-8000-000000000004"
    static let paymentJournal = "b8000000-0000-4000-8000-000000000001"
}

/// The BC simulator called in-process through `handle(_:)` (the fast tier) — or, with
/// `SIM_TESTS_OVER_HTTP=1` in the environment, through a `SimulatorServer` on 127.0.0.1 over real
/// HTTP (the wire tier), so every suite built on it can be proved on the wire:
/// `SIM_TESTS_OVER_HTTP=1 swift test --filter FieldLedgerSimTests`.
struct BCHarness {
    let clock = SimClock()
    let api: BusinessCentralAPI
    private(set) var token: String
    /// The server of the wire tier; nil in-process.
    private let wire: WireServer?
    var tenant: String { api.tenant.tenantId }
    var companyPath: String { "/bc/v2.0/\(tenant)/production/api/v2.0/companies(\(Fixtures.companyId))" }

    init(transport: (any WebhookTransport)? = nil) async throws {
        api = BusinessCentralAPI(clock: clock, webhookTransport: transport)
        try api.load(dataDirectory: Fixtures.directory)
        wire = WireServer.requested ? try await WireServer(api: api, clock: clock) : nil
        let response = await api.handle(Self.tokenRequest(api.tenant))
        guard let token = (try? JSONValue(parsing: response.body))?["access_token"]?.stringValue else {
            throw RawHTTPError.malformed("no token: \(String(decoding: response.body, as: UTF8.self))")
        }
        self.token = token
    }

    /// A new token (the old one expires when a test moves the clock past `expires_in`).
    mutating func renewToken() async {
        let response = await api.handle(Self.tokenRequest(api.tenant))
        token = (try? JSONValue(parsing: response.body))?["access_token"]?.stringValue ?? token
    }

    static func tokenRequest(_ tenant: BCTenant, secret: String? = nil, scope: String = "https://api.businesscentral.dynamics.com/.default",
                             grant: String = "client_credentials", clientIndex: Int = 0) -> SimRequest {
        let client = tenant.clients[clientIndex]
        let form = "grant_type=\(grant)&client_id=\(client.clientId)&client_secret=\(secret ?? client.clientSecret)&scope=\(scope.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? scope)"
        return SimRequest(method: "POST", path: "/bc-login/\(tenant.tenantId)/oauth2/v2.0/token",
                          headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded")], body: Array(form.utf8))
    }

    struct Reply {
        let status: Int
        let json: JSONValue
        let headers: [(name: String, value: String)]
        var errorCode: String? { json["error"]?["code"]?.stringValue }
        var errorMessage: String { json["error"]?["message"]?.stringValue ?? "" }
        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    }

    /// `path` is relative to `companies({id})/` unless it starts with `/`.
    func call(_ method: String, _ path: String, _ body: JSONValue? = nil, query: [(String, String)] = [],
              headers: [(String, String)] = [], rawBody: String? = nil, auth: Bool = true) async -> Reply {
        let fullPath = path.hasPrefix("/") ? path : "\(companyPath)/\(path)"
        var allHeaders = headers.map { (name: $0.0, value: $0.1) }
        if auth { allHeaders.append((name: "Authorization", value: "Bearer \(token)")) }
        var bytes: [UInt8] = []
        if let body { bytes = Array(body.serialized().utf8) }
        if let rawBody { bytes = Array(rawBody.utf8) }
        if !bytes.isEmpty { allHeaders.append((name: "Content-Type", value: "application/json")) }
        let request = SimRequest(method: method, path: fullPath, query: query.map { (name: $0.0, value: $0.1) },
                                 headers: allHeaders, body: bytes)
        let response: SimResponse
        if let wire { response = await wire.send(request) } else { response = await api.handle(request) }
        let json = response.body.isEmpty ? JSONValue.null : ((try? JSONValue(parsing: response.body)) ?? .string(String(decoding: response.body, as: UTF8.self)))
        return Reply(status: response.status, json: json, headers: response.headers)
    }

    func get(_ path: String, _ query: [(String, String)] = [], headers: [(String, String)] = []) async -> Reply {
        await call("GET", path, query: query, headers: headers)
    }

    func post(_ path: String, _ body: JSONValue) async -> Reply { await call("POST", path, body) }

    /// PATCH with the entity's current etag.
    func patch(_ path: String, _ body: JSONValue) async -> Reply {
        let etag = await get(path).json["@odata.etag"]?.stringValue ?? "*"
        return await call("PATCH", path, body, headers: [("If-Match", etag)])
    }

    func action(_ path: String) async -> Reply { await call("POST", path) }

    /// A draft invoice for Acme with the given lines (deep insert); returns its id.
    func draftInvoice(lines: [JSONValue], extra: [(String, JSONValue)] = []) async -> (Reply, String) {
        var header: JSONObject = ["customerId": .string(Fixtures.acme), "externalDocumentNumber": "fs-1001",
                                  "invoiceDate": "2026-11-20", "salesInvoiceLines": .array(lines)]
        for (key, value) in extra { header[key] = value }
        let reply = await post("salesInvoices", .object(header))
        return (reply, reply.json["id"]?.stringValue ?? "")
    }

    static func itemLine(_ quantity: Int, item: String = Fixtures.valveItem) -> JSONValue {
        ["lineType": "Item", "itemId": .string(item), "quantity": .int(quantity)]
    }

    static func accountLine(_ quantity: Int, _ price: String, account: String = Fixtures.serviceRevenue, taxCode: String = "TAXABLE") -> JSONValue {
        ["lineType": "Account", "accountId": .string(account), "quantity": .int(quantity),
         "unitPrice": .number(JSONNumber(Decimal(string: price) ?? 0)), "taxCode": .string(taxCode)]
    }
}

extension JSONValue {
    /// Exact decimal for assertions on money.
    var money: Decimal? { decimalValue }
}

func dec(_ text: String) -> Decimal { Decimal(string: text) ?? -999_999 }
