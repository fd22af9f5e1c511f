import Foundation
import Testing

@testable import FieldLedgerHTTP

@Suite("HTTP client failures")
struct HTTPClientFailureTests {
    /// Runs `request` and returns the transport error it must fail with.
    private func failure(_ client: HTTPClient, _ request: HTTPRequest) async -> HTTPTransportError? {
        do {
            let response = try await client.send(request)
            Issue.record("expected a transport error, got status \(response.status)")
            return nil
        } catch {
            return error
        }
    }

    @Test("the total timeout gives a transient .timedOut")
    func timeout() async throws {
        try await withTestServer { server in
            let client = HTTPClient(configuration: .init(requestTimeout: .seconds(30)))
            defer { client.shutdown() }
            let error = await failure(client, HTTPRequest(url: server.base + "/slow?ms=2000", timeout: .milliseconds(200)))
            #expect(error?.kind == .timedOut)
            #expect(error?.curlCode == 28)
            #expect(error?.isTransient == true)
            // The same worker (and handle) still serves the next request.
            let next = try await client.send(HTTPRequest(url: server.base + "/echo"))
            #expect(next.status == 200)
        }
    }

    @Test("a refused connection gives a transient .couldNotConnect")
    func refused() async throws {
        let port = try closedLoopbackPort()
        let client = HTTPClient()
        defer { client.shutdown() }
        let error = await failure(client, HTTPRequest(url: "http://127.0.0.1:\(port)/x?access_token=SECRET"))
        #expect(error?.kind == .couldNotConnect)
        #expect(error?.curlCode == 7)
        #expect(error?.isTransient == true)
        #expect(error?.url == "http://127.0.0.1:\(port)/x")
        #expect(error.map { !$0.description.contains("SECRET") } == true)
        #expect(error?.description.contains("Check that the server is running") == true)
    }

    @Test("a server that hangs up without answering gives a transient .connectionLost")
    func hangUp() async throws {
        let server = try HangUpServer(maxConnections: 1)
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let error = await failure(client, HTTPRequest(url: "http://127.0.0.1:\(server.port)/x"))
        #expect(error?.kind == .connectionLost)
        #expect([52, 55, 56].contains(error?.curlCode ?? 0))
        #expect(error?.isTransient == true)
    }

    @Test("https to a server that does not speak TLS gives a permanent .tls error")
    func tlsFailure() async throws {
        let server = try HangUpServer(maxConnections: 1, reply: Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8))
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let error = await failure(client, HTTPRequest(url: "https://127.0.0.1:\(server.port)/x"))
        #expect(error?.kind == .tls)
        #expect(error?.isTransient == false)
    }

    @Test("a body over maxResponseBytes fails with .responseTooLarge", arguments: ["big", "bigchunked"])
    func tooLarge(endpoint: String) async throws {
        try await withTestServer { server in
            let client = HTTPClient(configuration: .init(maxResponseBytes: 10_000))
            defer { client.shutdown() }
            let ok = try await client.send(HTTPRequest(url: server.base + "/\(endpoint)?bytes=10000"))
            #expect(ok.body.count == 10_000)
            let error = await failure(client, HTTPRequest(url: server.base + "/\(endpoint)?bytes=10001"))
            #expect(error?.kind == .responseTooLarge)
            #expect(error?.isTransient == false)
            #expect(error?.message.contains("10000 bytes") == true)
        }
    }

    @Test("invalid URLs and header injection are refused before sending")
    func badInput() async throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        let ftp = await failure(client, HTTPRequest(url: "ftp://example.com/file"))
        #expect(ftp?.kind == .invalidURL)
        #expect(ftp?.isTransient == false)
        let garbage = await failure(client, HTTPRequest(url: "http://exa mple.com:99999999/"))
        #expect(garbage?.kind == .invalidURL)
        let injected = await failure(
            client, HTTPRequest(url: "http://127.0.0.1:1/", headers: ["X-A": "ok\r\nX-Evil: 1"]))
        #expect(injected?.kind == .other)
        #expect(injected?.message.contains("X-A") == true)
        let badName = await failure(client, HTTPRequest(url: "http://127.0.0.1:1/", headers: ["Bad Name": "v"]))
        #expect(badName?.kind == .other)
    }

    @Test("shutdown is idempotent and later sends fail with .other")
    func shutdown() async throws {
        try await withTestServer { server in
            let client = HTTPClient()
            let response = try await client.send(HTTPRequest(url: server.base + "/echo"))
            #expect(response.status == 200)
            client.shutdown()
            client.shutdown()
            let error = await failure(client, HTTPRequest(url: server.base + "/echo"))
            #expect(error?.kind == .other)
            #expect(error?.message == HTTPClient.shutDownMessage)
            #expect(throws: HTTPTransportError.self) { try client.sendBlocking(HTTPRequest(url: server.base + "/echo")) }
        }
    }

    @Test("shutdown fails queued requests and aborts the running one")
    func shutdownWithPending() async throws {
        try await withTestServer { server in
            let client = HTTPClient(configuration: .init(maxConcurrentRequests: 1))
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for i in 0..<3 {
                    group.addTask {
                        do throws(HTTPTransportError) {
                            _ = try await client.send(HTTPRequest(url: server.base + "/gate?n=\(i)", timeout: .seconds(20)))
                            return "ok"
                        } catch {
                            return error.kind == .other ? error.message : "\(error.kind)"
                        }
                    }
                }
                await server.gate.waitForArrivals(1)
                client.shutdown()
                var all: [String] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.count == 3)
            #expect(outcomes.allSatisfy { $0 == HTTPClient.shutDownMessage })
            // The worker thread exits (bounded wait: it notices the shutdown within ~1 s).
            for _ in 0..<500 where client.pool.liveWorkers > 0 {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(client.pool.liveWorkers == 0)
        }
    }

    @Test("cancelling the task aborts the transfer")
    func cancellation() async throws {
        try await withTestServer { server in
            let client = HTTPClient(configuration: .init(maxConcurrentRequests: 1))
            defer { client.shutdown() }
            let task = Task { () -> HTTPTransportError.Kind? in
                do throws(HTTPTransportError) {
                    _ = try await client.send(HTTPRequest(url: server.base + "/gate?n=c", timeout: .seconds(20)))
                    return nil
                } catch {
                    return error.kind
                }
            }
            await server.gate.waitForArrivals(1)
            task.cancel()
            let kind = await task.value
            #expect(kind == .other)
        }
    }
}
