import FieldLedgerHTTP
import Foundation

extension PartsManagerClient {
    /// Sends one request with a bearer token and returns the JSON answer (nil when empty), or
    /// throws a `RemoteError`. GETs that fail transiently are repeated briefly (`TransientRetry`);
    /// writes are never repeated blindly: the engine decides (it looks the natural key up first).
    func send(_ method: HTTPMethod, path: String, body: JSONValue? = nil, operation: String) async throws -> JSONValue? {
        guard method == .get else { return try await sendOnce(method, path: path, body: body, operation: operation) }
        return try await TransientRetry.reads { try await sendOnce(method, path: path, body: body, operation: operation) }
    }

    private func sendOnce(_ method: HTTPMethod, path: String, body: JSONValue?, operation: String) async throws -> JSONValue? {
        var attempt = 0
        while true {
            attempt += 1
            let token = try await tokens.bearer()
            var headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Accept": "application/json"]
            if body != nil { headers.add(name: "Content-Type", value: "application/json") }
            let request = HTTPRequest(method: method, url: endpoint.baseURL + path, headers: headers,
                                      body: body.map { Array($0.serialized().utf8) })
            let response: HTTPResponse
            do { response = try await http.send(request) } catch {
                throw RemoteError(system: .partsManager, operation: operation, transport: error)
            }
            if response.status == 401, attempt == 1 {
                await tokens.invalidate()
                continue
            }
            if (200..<300).contains(response.status) {
                if response.status == 204 || response.body.isEmpty { return nil }
                do { return try response.json() } catch {
                    throw RemoteError(system: .partsManager, operation: operation, status: response.status,
                                      code: "InvalidJSON", message: "the answer is not JSON", isTransient: false)
                }
            }
            throw Self.decodeError(response, operation: operation)
        }
    }

    /// `{"error": "Bad Request", "message": "…", "errors": […]}` → `RemoteError`. 408, 429 and
    /// 5xx are transient; 400 (validation, refused transition), 401 after a fresh token, 404 and
    /// 409 (duplicate vendor invoice number) need a fix.
    static func decodeError(_ response: HTTPResponse, operation: String) -> RemoteError {
        let json = try? response.json()
        let errors = json?["errors"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var message = json?["message"]?.stringValue ?? (errors.isEmpty ? "" : errors.joined(separator: " "))
        if message.isEmpty { message = String(response.text.prefix(300)) }
        if message.isEmpty { message = "HTTP \(response.status)" }
        let transient = response.status == 408 || response.status == 429 || response.status >= 500
        return RemoteError(system: .partsManager, operation: operation, status: response.status,
                           code: "http.\(response.status)", message: String(message.prefix(1_000)), isTransient: transient,
                           retryAfter: response.headers["Retry-After"].flatMap(Double.init))
    }
}
