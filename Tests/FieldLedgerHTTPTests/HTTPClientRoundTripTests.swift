import Testing

@testable import FieldLedgerHTTP

@Suite("HTTP client round trips")
struct HTTPClientRoundTripTests {
    @Test("GET returns status, headers and body")
    func get() async throws {
        try await withTestServer { server in
            let client = HTTPClient()
            defer { client.shutdown() }
            let response = try await client.send(HTTPRequest(url: server.base + "/echo?x=1&y=two"))
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json; charset=utf-8")
            let json = try response.json()
            #expect(json["method"] == "GET")
            #expect(json["query"] == "x=1&y=two")
            #expect(json["bodyBytes"]?.intValue == 0)
            #expect(json["headers"]?["user-agent"] == "FieldLedger/0.1")
            #expect(json["headers"]?["accept-encoding"]?.stringValue?.contains("gzip") == true)
        }
    }

    @Test("JSON bodies round-trip exactly, including non-ASCII text", arguments: [HTTPMethod.post, .patch, .put, .delete])
    func jsonBody(method: HTTPMethod) async throws {
        try await withTestServer { server in
            let client = HTTPClient()
            defer { client.shutdown() }
            let document: JSONValue = [
                "name": "Zoë Ångström — 東京 🚒", "amount": .decimal(Decimal(string: "1234.10")!), "lines": [1, 2],
            ]
            let response = try await client.send(HTTPRequest(method: method, url: server.base + "/echo", json: document))
            #expect(response.status == 200)
            let echoed = try response.json()
            #expect(echoed["method"]?.stringValue == method.rawValue)
            #expect(echoed["body"]?.stringValue == document.serialized())
            #expect(try JSONValue(parsing: echoed["body"]?.stringValue ?? "") == document)
            #expect(echoed["headers"]?["content-type"] == "application/json")
            #expect(echoed["bodyBytes"]?.intValue == Array(document.serialized().utf8).count)
        }
    }

    @Test("a body without Content-Type is sent without libcurl's form default; no Expect: 100-continue")
    func noDefaultContentType() async throws {
        try await withTestServer { server in
            let client = HTTPClient()
            defer { client.shutdown() }
            let body = [UInt8](repeating: 0x41, count: 200_000)  // large enough that curl would use Expect
            let response = try await client.send(HTTPRequest(method: .post, url: server.base + "/echo", body: body))
            let echoed = try response.json()
            #expect(echoed["headers"]?["content-type"] == nil)
            #expect(echoed["headers"]?["expect"] == nil)
            #expect(echoed["bodyBytes"]?.intValue == body.count)
        }
    }

    @Test("request headers go out as given; response headers are read case-insensitively and in order")
    func headers() async throws {
        try await withTestServer { server in
            let client = HTTPClient()
            defer { client.shutdown() }
            var headers: HTTPHeaders = ["X-Custom-Thing": "Wert ä", "If-Match": "W/\"abc\"", "User-Agent": "Other/2"]
            headers.add(name: "X-Empty", value: "")
            let echo = try await client.send(HTTPRequest(url: server.base + "/echo", headers: headers)).json()
            #expect(echo["headers"]?["x-custom-thing"] == "Wert ä")
            #expect(echo["headers"]?["if-match"] == "W/\"abc\"")
            #expect(echo["headers"]?["user-agent"] == "Other/2")
            #expect(echo["headers"]?["x-empty"] == "")

            let response = try await client.send(HTTPRequest(url: server.base + "/cookies"))
            #expect(response.headers.values("SET-COOKIE") == ["a=1", "b=2"])
            #expect(response.headers["x-mixed-case"] == "Value With Spaces")
            #expect(response.headers["X-MIXED-CASE"] == "Value With Spaces")
            #expect(response.text == "ok")
        }
    }

    @Test("HEAD returns headers only, and error statuses are responses, not errors")
    func headAndStatuses() async throws {
        try await withTestServer { server in
            let client = HTTPClient()
            defer { client.shutdown() }
            let head = try await client.send(HTTPRequest(method: .head, url: server.base + "/echo"))
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.headers["x-echo-method"] == "HEAD")
            for code in [404, 429, 503] {
                let response = try await client.send(HTTPRequest(url: server.base + "/status/\(code)"))
                #expect(response.status == code)
                #expect(response.text == "status \(code)")
                #expect(!response.isSuccess)
            }
        }
    }

    @Test("gzip responses are decoded; the size limit applies to the decoded body")
    func gzip() async throws {
        try await withTestServer { server in
            let client = HTTPClient()
            defer { client.shutdown() }
            let response = try await client.send(HTTPRequest(url: server.base + "/gzip"))
            #expect(response.body == [UInt8](repeating: UInt8(ascii: "x"), count: 5000))

            let small = HTTPClient(configuration: .init(maxResponseBytes: 1000))
            defer { small.shutdown() }
            do throws(HTTPTransportError) {
                let unexpected = try await small.send(HTTPRequest(url: server.base + "/gzip"))
                Issue.record("a 5,000-byte decoded body passed a 1,000-byte limit (\(unexpected.body.count) bytes)")
            } catch {
                #expect(error.kind == .responseTooLarge)
            }
        }
    }

    @Test("sendBlocking works from a thread of its own")
    func blocking() async throws {
        try await withTestServer { server in
            let client = HTTPClient()
            defer { client.shutdown() }
            let url = server.base + "/echo"
            let status: Int = try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    do {
                        let response = try client.sendBlocking(HTTPRequest(method: .post, url: url, json: ["a": 1]))
                        continuation.resume(returning: response.status)
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.start()
            }
            #expect(status == 200)
        }
    }
}

import Foundation
