import FieldLedgerHTTP
import Foundation
import Hummingbird
import Logging
import HTTPTypes
import NIOCore

/// A request context that knows the client's port, so a test can see whether two requests came
/// over the same (kept-alive) connection.
struct TestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remotePort: Int

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remotePort = source.channel.remoteAddress?.port ?? -1
    }
}

/// Lets a test hold `/gate` responses until it decides to release them.
actor Gate {
    private var arrived = 0
    private var open = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var arrivalWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    func pass() async {
        arrived += 1
        for waiter in arrivalWaiters where waiter.count <= arrived { waiter.continuation.resume() }
        arrivalWaiters.removeAll { $0.count <= arrived }
        if open { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Suspends until `count` requests are waiting at the gate.
    func waitForArrivals(_ count: Int) async {
        if arrived >= count { return }
        await withCheckedContinuation { arrivalWaiters.append((count, $0)) }
    }

    func release() {
        open = true
        for waiter in waiters { waiter.resume() }
        waiters = []
        for waiter in arrivalWaiters { waiter.continuation.resume() }
        arrivalWaiters = []
    }
}

/// A Hummingbird server on 127.0.0.1, port chosen by the OS, with the endpoints the client tests
/// need. `withTestServer` starts it and always stops it.
struct TestServer: Sendable {
    let port: Int
    let gate: Gate
    var base: String { "http://127.0.0.1:\(port)" }
}

func withTestServer<T: Sendable>(_ body: @Sendable (TestServer) async throws -> T) async throws -> T {
    let gate = Gate()
    let router = Router(context: TestContext.self)
    router.on("echo", method: .get, use: echo)
    router.on("echo", method: .post, use: echo)
    router.on("echo", method: .put, use: echo)
    router.on("echo", method: .patch, use: echo)
    router.on("echo", method: .delete, use: echo)
    router.on("echo", method: .head, use: echo)
    router.get("slow") { request, _ -> Response in
        let ms = request.uri.queryParameters.get("ms", as: Int.self) ?? 300
        try await Task.sleep(for: .milliseconds(ms))
        return textResponse("slept \(ms)")
    }
    router.get("gate") { request, _ -> Response in
        await gate.pass()
        return textResponse(request.uri.queryParameters.get("n") ?? "")
    }
    router.get("big") { request, _ -> Response in
        let bytes = request.uri.queryParameters.get("bytes", as: Int.self) ?? 0
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: bytes)))
    }
    router.get("bigchunked") { request, _ -> Response in
        let bytes = request.uri.queryParameters.get("bytes", as: Int.self) ?? 0
        return Response(status: .ok, body: ResponseBody { writer in
            var left = bytes
            while left > 0 {
                let chunk = min(left, 1000)
                try await writer.write(ByteBuffer(repeating: UInt8(ascii: "y"), count: chunk))
                left -= chunk
            }
            try await writer.finish(nil)
        })
    }
    router.get("gzip") { _, _ -> Response in
        var headers = HTTPFields()
        headers[.contentEncoding] = "gzip"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: gzippedFiveThousandX)))
    }
    router.get("status/:code") { _, context -> Response in
        let code = context.parameters.get("code", as: Int.self) ?? 500
        return Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: "status \(code)")))
    }
    router.get("cookies") { _, _ -> Response in
        var headers = HTTPFields()
        headers.append(HTTPField(name: .setCookie, value: "a=1"))
        headers.append(HTTPField(name: .setCookie, value: "b=2"))
        headers[HTTPField.Name("X-Mixed-Case")!] = "Value With Spaces"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "ok")))
    }

    let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "test-server")
    logger.logLevel = .critical
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? -1)
            portContinuation.finish()
        },
        logger: logger
    )
    let serverTask = Task {
        defer { portContinuation.finish() }
        try await app.run()
    }
    var port = -1
    for await bound in portStream { port = bound }
    guard port > 0 else {
        serverTask.cancel()
        throw TestServerError.didNotStart
    }
    let server = TestServer(port: port, gate: gate)
    do {
        let result = try await body(server)
        await gate.release()
        serverTask.cancel()
        _ = await serverTask.result
        return result
    } catch {
        await gate.release()
        serverTask.cancel()
        _ = await serverTask.result
        throw error
    }
}

enum TestServerError: Error { case didNotStart }

/// `gzip.compress(b"x" * 5000)` from Python: 40 bytes that decode to 5,000.
let gzippedFiveThousandX: [UInt8] = [
    31, 139, 8, 0, 28, 57, 9, 107, 2, 255, 237, 193, 49, 1, 0, 0, 0, 194, 160, 218, 139, 111, 10, 63, 160, 0, 0, 0, 0,
    128, 183, 1, 38, 240, 219, 0, 136, 19, 0, 0,
]

private func textResponse(_ text: String) -> Response {
    Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: text)))
}

/// Answers with what it received: method, body text, lower-cased headers and the client's port.
@Sendable private func echo(_ request: Request, _ context: TestContext) async throws -> Response {
    var request = request
    let buffer = try await request.collectBody(upTo: 1 << 20)
    let bodyText = String(buffer: buffer)
    var headers = JSONObject()
    for field in request.headers {
        let name = field.name.canonicalName
        if let existing = headers[name]?.stringValue {
            headers[name] = .string(existing + ", " + field.value)
        } else {
            headers[name] = .string(field.value)
        }
    }
    let document: JSONValue = [
        "method": .string(request.method.rawValue),
        "query": .string(request.uri.query ?? ""),
        "body": .string(bodyText),
        "bodyBytes": .int(buffer.readableBytes),
        "headers": .object(headers),
    ]
    var fields = HTTPFields()
    fields[.contentType] = "application/json; charset=utf-8"
    fields[HTTPField.Name("X-Remote-Port")!] = String(context.remotePort)
    fields[HTTPField.Name("X-Echo-Method")!] = request.method.rawValue
    return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(string: document.serialized())))
}
