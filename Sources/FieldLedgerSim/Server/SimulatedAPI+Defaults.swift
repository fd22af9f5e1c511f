import FieldLedgerHTTP
import Foundation

extension SimulatedAPI {
    public func handleSimControl(_ request: SimRequest) async -> SimResponse {
        errorResponse(status: 404, code: "NotFound",
                      message: "The simulator API '\(name)' has no control route \(request.method) \(request.path).",
                      headers: [])
    }

    /// A neutral `{"error":{"code","message"}}` body; each API overrides it with its own shape.
    public func errorResponse(status: Int, code: String, message: String,
                              headers: [(name: String, value: String)]) -> SimResponse {
        .json(["error": ["code": .string(code), "message": .string(message)]], status: status, headers: headers)
    }

    public func isFaultExempt(_ request: SimRequest) -> Bool { false }

    public func principal(of request: SimRequest) -> String? { nil }

    public func endpoint(serverURL: String) -> SimulatorEndpoint {
        let prefix = pathPrefixes.first ?? "/"
        return SimulatorEndpoint(name: name, baseURL: serverURL + (prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix))
    }
}
