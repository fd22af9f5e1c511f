import FieldLedgerHTTP
import Foundation

extension BusinessCentralAPI {
    /// JSON `$batch` (reference §3): at most 100 operations, run in order in one lock. With
    /// `Isolation: snapshot` a failure rolls back everything not committed by a posting action and
    /// the remaining operations are not run (answered 424); without it each operation stands alone.
    func batch(_ call: BCCall) throws(BCError) -> SimResponse {
        let body = try BCRequestBody.parseObject(call.request.body)
        guard case .array(let items)? = body["requests"] else {
            throw BCError.invalidBody("A $batch body is {\"requests\":[{\"method\",\"id\",\"url\",\"headers\",\"body\"}]}.")
        }
        guard items.count <= BCLimits.maxBatchOperations else {
            throw BCError(400, "BadRequest",
                          "The batch has \(items.count) operations; at most \(BCLimits.maxBatchOperations) are allowed. Split it.")
        }
        let snapshotIsolation = call.request.header("Isolation")?.lowercased() == "snapshot"
        let basePath = call.request.path.dropLast("$batch".count)
        return try transaction { (state: inout BCState) throws(BCError) -> SimResponse in
            var committed = state.savepoint()
            var failed = false
            var responses: [JSONValue] = []
            for (index, item) in items.enumerated() {
                guard case .object(let operation) = item else {
                    throw BCError.invalidBody("Request \(index + 1) of the batch is not an object.")
                }
                let id = operation["id"]?.stringValue ?? String(index + 1)
                if failed {
                    responses.append(Self.batchEntry(id, SimResponse.json(["error": ["code": "FailedDependency",
                        "message": "Not run: an earlier request of this snapshot batch failed."]], status: 424)))
                    continue
                }
                let inner = try innerRequest(operation, index: index, basePath: String(basePath), outer: call.request)
                let before = state.savepoint()
                var response: SimResponse
                do throws(BCError) {
                    let (innerCall, segments) = try prepare(inner, authenticate: false)
                    response = try execute(innerCall, segments, &state)
                    // Posting commits for real, even inside a snapshot batch (reference §3).
                    if !snapshotIsolation || segments.last?.name.hasPrefix("Microsoft.NAV.") == true { committed = state.savepoint() }
                } catch {
                    response = error.response
                    state.rollBack(to: snapshotIsolation ? committed : before)
                    failed = snapshotIsolation
                }
                responses.append(Self.batchEntry(id, response))
            }
            return .json(["responses": .array(responses)])
        }
    }

    private func innerRequest(_ operation: JSONObject, index: Int, basePath: String,
                              outer: SimRequest) throws(BCError) -> SimRequest {
        guard let method = operation["method"]?.stringValue, var url = operation["url"]?.stringValue else {
            throw BCError.invalidBody("Request \(index + 1) of the batch needs \"method\" and \"url\".")
        }
        if let range = url.range(of: "/api/v2.0/") { url = String(url[range.upperBound...]) }
        let pathPart = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        let queryPart = url.contains("?") ? String(url.split(separator: "?", maxSplits: 1)[1]) : nil
        var headers = outer.headers.filter { ["authorization", "host"].contains($0.name.lowercased()) }
        if case .object(let given)? = operation["headers"] {
            for (name, value) in given { headers.append((name: name, value: value.stringValue ?? "")) }
        }
        var body: [UInt8] = []
        if let value = operation["body"], !value.isNull { body = Array(value.serialized().utf8) }
        return SimRequest(method: method, path: basePath + pathPart, query: SimulatorServer.parseQuery(queryPart),
                          headers: headers, body: body)
    }

    private static func batchEntry(_ id: String, _ response: SimResponse) -> JSONValue {
        var headers = JSONObject()
        for header in response.headers where header.name.lowercased() != "request-id" {
            headers[header.name.lowercased()] = .string(header.value)
        }
        var entry: JSONObject = ["id": .string(id), "status": .int(response.status), "headers": .object(headers)]
        if !response.body.isEmpty, let body = try? JSONValue(parsing: response.body) { entry["body"] = body }
        return .object(entry)
    }
}
