import FieldLedgerHTTP
import Foundation
@testable import FieldLedgerSim

/// A `WebhookTransport` that records deliveries and answers with scripted statuses (200 when the script is empty).
final class CapturingTransport: WebhookTransport, @unchecked Sendable {
    struct Delivery {
        let url: String
        let headers: [(name: String, value: String)]
        let body: [UInt8]
        func header(_ name: String) -> String? { headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value }
        var json: JSONValue { (try? JSONValue(parsing: body)) ?? .null }
    }

    private let lock = NSLock()
    private var captured: [Delivery] = []
    private var script: [Int?]

    init(statuses: [Int?] = []) { script = statuses }

    var deliveries: [Delivery] { lock.withLock { captured } }

    func post(url: String, headers: [(name: String, value: String)], body: [UInt8]) async -> Int? {
        lock.withLock {
            captured.append(Delivery(url: url, headers: headers, body: body))
            return script.isEmpty ? 200 : script.removeFirst()
        }
    }
}

/// A parsed answer of a simulated API.
struct APIAnswer {
    let status: Int
    let headers: [(name: String, value: String)]
    let json: JSONValue

    func header(_ name: String) -> String? { headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value }
    /// ServiceTrade `messages.error` strings.
    var errors: [String] { json["messages"]?["error"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    var data: JSONValue { json["data"] ?? .null }
}

/// Calls a simulator in-process the way the HTTP server would — or, with `root` set
/// (`http://127.0.0.1:PORT` of a running `SimulatorServer`), over real HTTP, so the same fixtures
/// drive the live tier.
struct SimCaller {
    let api: any SimulatedAPI
    var headers: [(name: String, value: String)] = []
    var root: String?

    func call(_ method: String, _ path: String, json: JSONValue? = nil, raw: String? = nil,
              query: [(name: String, value: String)] = [], extraHeaders: [(name: String, value: String)] = []) async -> APIAnswer {
        var all = headers + extraHeaders
        var body: [UInt8] = []
        if let json {
            body = Array(json.serialized().utf8)
            all.append((name: "Content-Type", value: "application/json"))
        } else if let raw {
            body = Array(raw.utf8)
        }
        let response: SimResponse
        if let root {
            response = await Self.overHTTP(root, method, path, query, all, body)
        } else {
            response = await api.handle(SimRequest(method: method, path: path, query: query, headers: all, body: body))
        }
        let parsed = response.body.isEmpty ? JSONValue.null : ((try? JSONValue(parsing: response.body)) ?? .string("<not JSON>"))
        return APIAnswer(status: response.status, headers: response.headers, json: parsed)
    }
}

extension SimCaller {
    /// One request on the wire; a transport failure is a 599 answer with the error as its body
    /// (tests then fail on the status, naming what happened).
    static func overHTTP(_ root: String, _ method: String, _ path: String, _ query: [(name: String, value: String)],
                         _ headers: [(name: String, value: String)], _ body: [UInt8]) async -> SimResponse {
        var url = root + path
        if !query.isEmpty {
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~$,"))
            url += "?" + query.map { "\($0.name.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.name)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.value)" }
                .joined(separator: "&")
        }
        do {
            let answer = try await RawHTTPClient.send(method, url, headers: headers.map { ($0.name, $0.value) }, body: body)
            return SimResponse(status: answer.status, headers: answer.headers.map { (name: $0.key, value: $0.value) }, body: answer.body)
        } catch {
            return SimResponse(status: 599, body: Array("\(error)".utf8))
        }
    }
}

enum STFixture {
    /// Logs in with the built-in user and returns a caller that sends the session cookie.
    static func session(_ st: ServiceTradeSimulator) async -> SimCaller {
        let login = await SimCaller(api: st).call("POST", "/st/api/auth", json: [
            "username": .string(ServiceTradeTestCredentials.username), "password": .string(ServiceTradeTestCredentials.password),
        ])
        let token = login.data["authToken"]?.stringValue ?? "missing"
        return SimCaller(api: st, headers: [(name: "Cookie", value: "PHPSESSID=\(token)")])
    }

    struct Basics {
        var region = 0, terms = 0, serviceLine = 0, taxRate = 0, company = 0, location = 0, job = 0, user = 0
    }

    /// Creates one of each reference record through the API.
    static func basics(_ c: SimCaller) async -> Basics {
        var b = Basics()
        b.region = await c.call("POST", "/st/api/region", json: ["name": "Raleigh"]).data["id"]?.intValue ?? 0
        b.terms = await c.call("POST", "/st/api/paymentterms", json: ["name": "Net 30", "days": 30]).data["id"]?.intValue ?? 0
        b.serviceLine = await c.call("POST", "/st/api/serviceline", json: ["name": "Fire Sprinkler", "abbr": "FS"]).data["id"]?.intValue ?? 0
        b.taxRate = await c.call("POST", "/st/api/taxrate", json: ["name": "Materials 7.25%", "rate": number("7.25")]).data["id"]?.intValue ?? 0
        b.company = await c.call("POST", "/st/api/company", json: ["name": "Oakwood Medical", "paymentTermsId": .int(b.terms)]).data["id"]?.intValue ?? 0
        b.location = await c.call("POST", "/st/api/location", json: [
            "name": "Oakwood - Main", "companyId": .int(b.company), "regionId": .int(b.region),
        ]).data["id"]?.intValue ?? 0
        b.job = await c.call("POST", "/st/api/job", json: [
            "name": "Annual inspection", "number": "24001", "companyId": .int(b.company), "locationId": .int(b.location),
        ]).data["id"]?.intValue ?? 0
        b.user = await c.call("POST", "/st/api/user", json: ["firstName": "Dana", "lastName": "Whitfield"]).data["id"]?.intValue ?? 0
        return b
    }

    static func number(_ literal: String) -> JSONValue { (try? JSONValue(parsing: literal)) ?? .null }

    /// An invoice with a labour line (no tax) and a material line taxed at the fixture's rate.
    static func invoice(_ c: SimCaller, _ b: Basics, status: String? = nil) async -> APIAnswer {
        var body: JSONObject = ["jobId": .int(b.job), "items": [
            ["description": "Inspection labor", "itemType": "labor", "serviceLineId": .int(b.serviceLine),
             "quantity": number("1.5"), "price": number("110.00")],
            ["description": "Sprinkler head", "itemType": "material", "serviceLineId": .int(b.serviceLine),
             "quantity": 3, "price": number("0.10"), "taxRateId": .int(b.taxRate)],
        ]]
        if let status { body["status"] = .string(status) }
        return await c.call("POST", "/st/api/invoice", json: .object(body))
    }
}
