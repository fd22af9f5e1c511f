import FieldLedgerHTTP
import Foundation

/// A stateful imitation of PartsManager's SoftLedger-backed API (`/pm/api/…` stands for
/// `https://api.softledger.com/api/…`): OAuth2 client credentials, vendors, items, warehouses,
/// purchase orders with issue/unissue/void, shipment receipts that may span POs, vendor bills,
/// stock and stock adjustments, and signed webhooks. Lists answer `{totalItems, data}` and page
/// with `limit`/`offset`. Choices where the sources are silent are in `PARTSMANAGER-CHOICES.md`.
public final class PartsManagerSimulator: SimulatedAPI, @unchecked Sendable {
    public let name = "pm"
    public let pathPrefixes = ["/pm/api/"]

    let clock: SimClock
    let outbox: SignedWebhookOutbox
    let lock = NSLock()
    var state = PartsManagerState()
    private var loadedState = PartsManagerState()

    public init(clock: SimClock = SimClock(), webhookTransport: (any WebhookTransport)? = nil,
                webhookMaxAttempts: Int = 5, webhookBackoff: TimeInterval = 30) {
        self.clock = clock
        self.outbox = SignedWebhookOutbox(transport: webhookTransport, maxAttempts: webhookMaxAttempts, baseBackoff: webhookBackoff)
    }

    public func setWebhookTransport(_ transport: (any WebhookTransport)?) { outbox.setTransport(transport) }

    var webhookTransportConfigured: Bool { outbox.hasTransport }

    // MARK: SimulatedAPI

    public func handle(_ request: SimRequest) async -> SimResponse {
        let segments = SimRequestParsing.segments(of: request.path, after: "/pm/api")
        return lock.withLock {
            do throws(PartsManagerFailure) {
                return try respond(to: request, segments: segments)
            } catch {
                return Self.failure(error)
            }
        }
    }

    public func load(dataDirectory: URL) throws {
        let directory = dataDirectory.appendingPathComponent("pm")
        var fresh = PartsManagerState()
        for resource in PartsManagerResource.allCases {
            guard let rows = try SimDataFile.objects(in: directory, named: resource.fileName, idKey: "_id") else { continue }
            for row in rows { fresh.tables[resource, default: SimRecordTable(idKey: "_id")].put(row) }
        }
        fresh.poLineSequence = (fresh.tables[.purchaseOrders]?.all ?? [])
            .flatMap { $0["POLineItems"]?.arrayValue ?? [] }.compactMap { $0["_id"]?.intValue }.max() ?? 0
        fresh.receiptLineSequence = (fresh.tables[.shipmentReceipts]?.all ?? [])
            .flatMap { $0["ShipmentReceiptLines"]?.arrayValue ?? [] }.compactMap { $0["_id"]?.intValue }.max() ?? 0
        fresh.billLineSequence = (fresh.tables[.vendorBills]?.all ?? [])
            .flatMap { $0["lines"]?.arrayValue ?? [] }.compactMap { $0["_id"]?.intValue }.max() ?? 0
        lock.withLock {
            loadedState = fresh
            state = fresh
        }
        outbox.clear()
    }

    public func reset() {
        lock.withLock { state = loadedState }
        outbox.clear()
    }

    public func dump() -> JSONValue {
        lock.withLock {
            var object = JSONObject()
            for resource in PartsManagerResource.allCases {
                object[resource.rawValue] = .array((state.tables[resource]?.all ?? []).map { .object($0) })
            }
            object["webhookDeliveries"] = outbox.summary()
            return .object(object)
        }
    }

    // MARK: Webhook delivery

    @discardableResult
    public func deliverDueWebhooks() async -> Int { await outbox.deliverDue(clock: clock) }

    public func runWebhookDelivery(every interval: Duration = .seconds(1)) async { await outbox.run(every: interval, clock: clock) }

    public var webhookDeliveryCounts: (pending: Int, delivered: Int, dead: Int) { outbox.counts }

    // MARK: Routing

    private func respond(to request: SimRequest, segments: [String]) throws(PartsManagerFailure) -> SimResponse {
        if segments == ["oauth", "token"] {
            guard request.method == "POST" else { throw .methodNotAllowed(request.method, request.path) }
            return issueToken(request)
        }
        try authenticate(request)
        guard let first = segments.first, let resource = PartsManagerResource(rawValue: first) else {
            throw .notFound("No such endpoint: \(request.method) \(request.path).")
        }
        if resource == .stock {
            guard segments.count == 2, segments[1] == "summary", request.method == "GET" else {
                throw .notFound("No such endpoint: \(request.method) \(request.path); stock is read at GET /stock/summary.")
            }
            return .json(try list(.stock, query: request.query))
        }
        let id: Int?
        if segments.count >= 2 {
            guard let n = Int(segments[1]) else { throw .notFound("'\(segments[1])' is not a \(resource.singular) id; ids are integers.") }
            id = n
        } else {
            id = nil
        }
        switch (segments.count, request.method, id) {
        case (1, "GET", _):
            return .json(try list(resource, query: request.query))
        case (1, "POST", _):
            return .json(.object(try create(resource, body: try Self.body(request))), status: 201)
        case (2, "GET", let id?):
            return .json(.object(try row(resource, id)))
        case (2, "PUT", let id?):
            return .json(.object(try update(resource, id: id, body: try Self.body(request))))
        case (2, "DELETE", let id?) where resource == .webhooks:
            _ = try row(.webhooks, id)
            state.tables[.webhooks]?.remove(id)
            state.webhookSecrets[id] = nil
            return .noContent()
        case (3, "POST", let id?):
            return .json(.object(try action(resource, id: id, name: segments[2], body: request.body)))
        case (5, "POST", let id?) where resource == .purchaseOrders && segments[2] == "lineItems" && segments[4] == "receive":
            guard let lineId = Int(segments[3]) else { throw .notFound("'\(segments[3])' is not a line item id.") }
            return .json(.object(try receiveLine(poId: id, lineId: lineId, body: try Self.body(request))), status: 201)
        default:
            if segments.count <= 2 { throw .methodNotAllowed(request.method, request.path) }
            throw .notFound("No such endpoint: \(request.method) \(request.path).")
        }
    }

    private func action(_ resource: PartsManagerResource, id: Int, name: String, body: [UInt8]) throws(PartsManagerFailure) -> JSONObject {
        switch (resource, name) {
        case (.purchaseOrders, "issue"), (.purchaseOrders, "unissue"), (.purchaseOrders, "void"):
            return try purchaseOrderAction(id: id, action: name)
        case (.vendorBills, "approve"), (.vendorBills, "pay"), (.vendorBills, "void"):
            return try vendorBillAction(id: id, action: name)
        default:
            throw .notFound("No action '\(name)' on \(resource.rawValue).")
        }
    }

    // MARK: Shapes

    static func failure(_ error: PartsManagerFailure) -> SimResponse {
        .json(["error": .string(error.reason), "message": .string(error.messages.joined(separator: " ")),
               "errors": .array(error.messages.map { .string($0) })],
              status: error.status, headers: error.headers)
    }

    static func body(_ request: SimRequest) throws(PartsManagerFailure) -> JSONObject {
        switch SimRequestParsing.jsonObject(request.body) {
        case .success(let object): return object
        case .failure(let problem): throw .badRequest([problem.message])
        }
    }

    func timestamp() -> JSONValue { .string(SimISOTime.string(clock.now())) }

    func row(_ resource: PartsManagerResource, _ id: Int) throws(PartsManagerFailure) -> JSONObject {
        guard let row = state.tables[resource]?[id] else { throw .notFound("\(resource.singular) \(id) not found.") }
        return row
    }

    /// Stores a row, moves `updatedAt` (stock rows, adjustments and webhooks have none) and notifies webhooks.
    func save(_ resource: PartsManagerResource, _ row: JSONObject, event: String?) {
        var row = row
        if ![.stock, .stockAdjustments, .webhooks].contains(resource) { row["updatedAt"] = timestamp() }
        state.tables[resource, default: SimRecordTable(idKey: "_id")].put(row)
        if let event { emit("\(resource.singular).\(event)", data: row) }
    }
}

/// The mutable state of the simulated PartsManager.
struct PartsManagerState: Sendable {
    var tables: [PartsManagerResource: SimRecordTable] =
        Dictionary(uniqueKeysWithValues: PartsManagerResource.allCases.map { ($0, SimRecordTable(idKey: "_id")) })
    var accessTokens: [String: Int] = [:]
    var webhookSecrets: [Int: String] = [:]
    var eventSequence = 0
    var poLineSequence = 0
    var receiptLineSequence = 0
    var billLineSequence = 0
}

/// An HTTP failure in the simulated PartsManager's error shape `{error, message, errors}`.
struct PartsManagerFailure: Error {
    let status: Int
    let messages: [String]
    var headers: [(name: String, value: String)] = []

    var reason: String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        default: "Error"
        }
    }

    static func badRequest(_ messages: [String]) -> Self { .init(status: 400, messages: messages) }
    static func notFound(_ message: String) -> Self { .init(status: 404, messages: [message]) }
    static func conflict(_ message: String) -> Self { .init(status: 409, messages: [message]) }
    static func unauthorized(_ message: String) -> Self {
        .init(status: 401, messages: [message], headers: [(name: "WWW-Authenticate", value: "Bearer")])
    }
    static func methodNotAllowed(_ method: String, _ path: String) -> Self {
        .init(status: 405, messages: ["\(method) is not allowed on \(path)."])
    }
}
