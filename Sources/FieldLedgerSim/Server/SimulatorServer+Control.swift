import FieldLedgerHTTP
import Foundation

extension SimulatorServer {
    /// `/_sim/*`: reset, load, clock, faults, state, and per-API control routes `/_sim/{api}/…`.
    /// Never subject to faults, limits or latency.
    func control(_ request: SimRequest) async -> SimResponse {
        let body: JSONValue
        if request.body.isEmpty {
            body = .object(JSONObject())
        } else if let parsed = try? JSONValue(parsing: request.body) {
            body = parsed
        } else {
            return Self.controlError(400, "The body of \(request.method) \(request.path) is not valid JSON.")
        }
        switch (request.method, request.path) {
        case ("POST", "/_sim/reset"):
            for api in apis { api.reset() }
            return .json(["reset": .array(apis.map { .string($0.name) })])
        case ("POST", "/_sim/load"):
            guard let directory = body["directory"]?.stringValue else {
                return Self.controlError(400, "POST /_sim/load needs {\"directory\": \"/path/to/data\"}.")
            }
            do {
                for api in apis { try api.load(dataDirectory: URL(fileURLWithPath: directory)) }
            } catch {
                return Self.controlError(400, "Loading \(directory) failed: \(error)")
            }
            return .json(["loaded": .string(directory)])
        case ("POST", "/_sim/clock"):
            guard let seconds = body["advanceSeconds"]?.decimalValue else {
                return Self.controlError(400, "POST /_sim/clock needs {\"advanceSeconds\": N} (a number, may be negative).")
            }
            clock.advance(by: NSDecimalNumber(decimal: seconds).doubleValue)
            return .json(["now": .string(SimTime.iso8601(clock.now()))])
        case ("PUT", "/_sim/faults"):
            guard let spec = body["spec"]?.stringValue else {
                return Self.controlError(400, "PUT /_sim/faults needs {\"spec\": \"bc:5xx=0.1\"} (empty string = no faults).")
            }
            do {
                faults.replace(try FaultSpec(parsing: spec))
            } catch {
                return Self.controlError(400, error.message)
            }
            return .json(["spec": .string(spec)])
        case ("GET", "/_sim/state"):
            var state = JSONObject()
            state["now"] = .string(SimTime.iso8601(clock.now()))
            state["faults"] = .object(JSONObject(faults.currentSpec.probabilities.sorted { $0.key < $1.key }.map { api, kinds in
                (key: api, value: JSONValue.object(JSONObject(kinds.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                    (key: $0.key.rawValue, value: JSONValue.string(String($0.value)))
                })))
            }))
            for api in apis { state[api.name] = api.dump() }
            return .json(.object(state))
        default:
            let rest = request.path.dropFirst("/_sim/".count)
            let apiName = rest.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
            if let api = apis.first(where: { $0.name == apiName }) {
                return await api.handleSimControl(request)
            }
            return Self.controlError(404, "Unknown control route \(request.method) \(request.path). "
                + "Known: POST /_sim/reset, POST /_sim/load, POST /_sim/clock, PUT /_sim/faults, GET /_sim/state, /_sim/{api}/….")
        }
    }
}
