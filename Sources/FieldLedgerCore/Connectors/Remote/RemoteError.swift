import FieldLedgerHTTP

/// One typed error for every answer a remote system gives that is not what was asked for, and for
/// no answer at all: the HTTP status, the remote code, the message, and whether trying again later
/// can help. The engine decides `retry_wait` vs `failed` from `isTransient` alone.
public struct RemoteError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum System: String, Sendable {
        case businessCentral = "Business Central"
        case serviceTrade = "ServiceTrade"
        case partsManager = "PartsManager"
    }

    public var system: System
    /// What was attempted, e.g. `POST salesInvoices` (no ids, no query values, no secrets).
    public var operation: String
    /// The HTTP status, or nil when no answer came back (connection refused, timeout, dropped).
    public var status: Int?
    /// The remote error code (`Application_DialogException`, `invalid_client`), or a transport
    /// code (`transport.timedOut`) when there was no answer.
    public var code: String
    /// The remote message, without correlation noise, never containing secrets.
    public var message: String
    public var isTransient: Bool
    /// Seconds the server asked us to wait (`Retry-After`).
    public var retryAfter: Double?

    public init(system: System, operation: String, status: Int?, code: String, message: String,
                isTransient: Bool, retryAfter: Double? = nil) {
        self.system = system
        self.operation = operation
        self.status = status
        self.code = code
        self.message = message
        self.isTransient = isTransient
        self.retryAfter = retryAfter
    }

    /// A transport failure (no HTTP answer).
    public init(system: System, operation: String, transport: HTTPTransportError) {
        self.init(system: system, operation: operation, status: nil, code: "transport.\(transport.kind)",
                  message: transport.message, isTransient: transport.isTransient)
    }

    public var description: String {
        let status = self.status.map { "HTTP \($0)" } ?? "no answer"
        let kind = isTransient ? "will be retried" : "needs a fix before retrying"
        return "\(system.rawValue) \(operation): \(status) \(code): \(message) (\(kind))"
    }
}
