import FieldLedgerHTTP
import Foundation

extension BusinessCentralClient {
    /// Sends one request under the limiter with a bearer token; decodes the JSON answer (nil for
    /// 204) or throws a `RemoteError`. A 401 gets one fresh token and one more try.
    func send(_ method: HTTPMethod, url: String, headers extra: HTTPHeaders = [:], body: JSONValue? = nil,
              operation: String) async throws -> JSONValue? {
        // Reads are safe to repeat: a transient failure of a GET is retried here, briefly, so one
        // lost answer does not cost a whole cycle. Writes are never repeated blindly: the engine
        // decides (it looks the natural key up first).
        guard method == .get else { return try await sendOnce(method, url: url, headers: extra, body: body, operation: operation) }
        return try await TransientRetry.reads { try await sendOnce(method, url: url, headers: extra, body: body, operation: operation) }
    }

    private func sendOnce(_ method: HTTPMethod, url: String, headers extra: HTTPHeaders, body: JSONValue?,
                          operation: String) async throws -> JSONValue? {
        var attempt = 0
        while true {
            attempt += 1
            let token = try await tokens.bearer()
            var headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Accept": "application/json"]
            if body != nil { headers.add(name: "Content-Type", value: "application/json") }
            for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
            let request = HTTPRequest(method: method, url: url, headers: headers, body: body.map { Array($0.serialized().utf8) })
            await limiter.acquire()
            let response: HTTPResponse
            do {
                response = try await http.send(request)
                await limiter.release()
            } catch {
                await limiter.release()
                throw RemoteError(system: .businessCentral, operation: operation, transport: error)
            }
            if response.status == 401, attempt == 1 {
                await tokens.invalidate()
                continue
            }
            if (200..<300).contains(response.status) {
                if response.status == 204 || response.body.isEmpty { return nil }
                do { return try response.json() } catch {
                    throw RemoteError(system: .businessCentral, operation: operation, status: response.status,
                                      code: "InvalidJSON", message: "the answer is not JSON (\(error))", isTransient: false)
                }
            }
            let failure = Self.decodeError(response, operation: operation)
            if response.status == 429 || response.status == 503 {
                await limiter.pause(for: failure.retryAfter ?? 2)
            }
            throw failure
        }
    }

    /// BC's `{"error":{"code","message"}}` → `RemoteError`, classified (reference §5, §6):
    /// transient: 408 and 429 whatever the code, 5xx and `Internal_*` infrastructure codes, `Request_EntityChanged`;
    /// permanent: `BadRequest_*`, `Application_*`, `Authentication_*`, `Authorization_*` and the
    /// `Internal_*` codes that describe data (record not found, same key exists, table relation).
    static func decodeError(_ response: HTTPResponse, operation: String) -> RemoteError {
        let json = try? response.json()
        let code = json?["error"]?["code"]?.stringValue ?? "http.\(response.status)"
        var message = json?["error"]?["message"]?.stringValue ?? String(response.text.prefix(300))
        if let range = message.range(of: "CorrelationId:") {
            message = message[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        }
        let retryAfter = response.headers["Retry-After"].flatMap(Double.init)
        return RemoteError(system: .businessCentral, operation: operation, status: response.status, code: code,
                           message: message, isTransient: isTransient(status: response.status, code: code),
                           retryAfter: retryAfter)
    }

    static let permanentInternalCodes: Set<String> = [
        "Internal_RecordNotFound", "Internal_EntityWithSameKeyExists", "Internal_InvalidTableRelation",
        "Internal_DataNotFoundFilter",
    ]

    static func isTransient(status: Int, code: String) -> Bool {
        // Throttling is always "later", whatever code family the body uses (BC answers
        // `Application_TooManyRequests` with 429).
        if status == 408 || status == 429 || code == "Request_EntityChanged" { return true }
        if code.hasPrefix("Application_") || code.hasPrefix("BadRequest") || code.hasPrefix("Authentication_")
            || code.hasPrefix("Authorization_") || permanentInternalCodes.contains(code) {
            return false
        }
        return status == 408 || status == 429 || status >= 500 || code.hasPrefix("Internal_")
    }
}
