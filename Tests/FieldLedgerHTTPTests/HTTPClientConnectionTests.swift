import Foundation
import Testing

@testable import FieldLedgerHTTP

@Suite("HTTP client connections and threads")
struct HTTPClientConnectionTests {
    @Test("sequential reads reuse one kept-alive connection")
    func keepAlive() async throws {
        try await withTestServer { server in
            let client = HTTPClient(configuration: .init(maxConcurrentRequests: 1))
            defer { client.shutdown() }
            var ports: Set<String> = []
            var opened: [Int] = []
            for i in 0..<5 {
                let response = try await client.send(HTTPRequest(method: .get, url: server.base + "/echo?i=\(i)"))
                ports.insert(response.headers["x-remote-port"] ?? "?")
                opened.append(response.connectionsOpened)
            }
            #expect(ports.count == 1)
            #expect(opened == [1, 0, 0, 0, 0])
        }
    }

    /// libcurl re-sends a request on a fresh connection when a reused one turns out dead; for a
    /// write the server may already have applied, that would be an invisible duplicate.
    @Test("writes go on a fresh connection each, so libcurl never silently re-sends one")
    func writesNeverReuse() async throws {
        try await withTestServer { server in
            let client = HTTPClient(configuration: .init(maxConcurrentRequests: 1))
            defer { client.shutdown() }
            var opened: [Int] = []
            for method in [HTTPMethod.get, .post, .patch, .put, .delete] {
                let response = try await client.send(HTTPRequest(method: method, url: server.base + "/echo", body: method == .get ? nil : []))
                opened.append(response.connectionsOpened)
            }
            #expect(opened == [1, 1, 1, 1, 1])
        }
    }

    @Test("method and body of one request never leak into the next on the reused handle")
    func noLeakBetweenRequests() async throws {
        try await withTestServer { server in
            let client = HTTPClient(configuration: .init(maxConcurrentRequests: 1))
            defer { client.shutdown() }
            let sequence: [(HTTPMethod, [UInt8]?)] = [
                (.post, Array(#"{"a":1}"#.utf8)), (.get, nil), (.patch, Array("patch".utf8)), (.delete, nil),
                (.head, nil), (.get, nil), (.put, nil), (.post, nil), (.delete, Array("d".utf8)), (.get, nil),
            ]
            for (method, body) in sequence {
                let response = try await client.send(HTTPRequest(method: method, url: server.base + "/echo", body: body))
                #expect(response.headers["x-echo-method"] == method.rawValue, "method \(method)")
                guard method != .head else { continue }
                let echoed = try response.json()
                #expect(echoed["body"]?.stringValue == String(decoding: body ?? [], as: UTF8.self), "body of \(method)")
                let length = echoed["headers"]?["content-length"]?.stringValue
                switch (method, body) {
                case (.get, nil), (.delete, nil): #expect(length == nil || length == "0", "\(method) sent a body")
                default: #expect(length == String(body?.count ?? 0), "\(method) length")
                }
            }
        }
    }

    @Test("50 concurrent requests across 4 workers all complete with their own bodies")
    func manyConcurrent() async throws {
        try await withTestServer { server in
            let client = HTTPClient(configuration: .init(maxConcurrentRequests: 4))
            defer { client.shutdown() }
            let results = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for i in 0..<50 {
                    group.addTask {
                        let request = HTTPRequest(method: .post, url: server.base + "/echo", json: ["n": .int(i), "s": .string("nº \(i)")])
                        let echoed = try await client.send(request).json()
                        return (i, echoed["body"]?.stringValue ?? "")
                    }
                }
                var all: [Int: String] = [:]
                for try await (i, body) in group { all[i] = body }
                return all
            }
            #expect(results.count == 50)
            for i in 0..<50 {
                let expected: JSONValue = ["n": .int(i), "s": .string("nº \(i)")]
                #expect(results[i] == expected.serialized())
            }
        }
    }

    /// If `send` blocked cooperative threads, six requests parked at the gate would occupy the
    /// whole pool (two threads here), the ticker below could never run, and the requests would
    /// only return when their 20 s timeout expired — failing the ordering checks.
    @Test("slow requests in flight do not block other async work")
    func doesNotBlockCooperativePool() async throws {
        try await withTestServer { server in
            let requests = 6
            let client = HTTPClient(configuration: .init(maxConcurrentRequests: requests))
            defer { client.shutdown() }
            let events = EventLog()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<requests {
                    group.addTask {
                        let response = try await client.send(
                            HTTPRequest(url: server.base + "/gate?n=\(i)", timeout: .seconds(20)))
                        await events.record("response \(response.text)")
                    }
                }
                group.addTask {
                    // Runs while all requests are parked in the server.
                    await server.gate.waitForArrivals(requests)
                    for tick in 0..<20 {
                        await Task.yield()
                        await events.record("tick \(tick)")
                    }
                    await server.gate.release()
                }
                try await group.waitForAll()
            }
            let log = await events.entries
            #expect(log.count == requests + 20)
            let firstResponse = log.firstIndex { $0.hasPrefix("response") } ?? -1
            let lastTick = log.lastIndex { $0.hasPrefix("tick") } ?? Int.max
            #expect(lastTick < firstResponse, "all ticks ran while the requests were in flight")
            #expect(Set(log.filter { $0.hasPrefix("response") }) == Set((0..<requests).map { "response \($0)" }))
        }
    }
}

actor EventLog {
    private(set) var entries: [String] = []
    func record(_ entry: String) { entries.append(entry) }
}
