/// Why a work item stopped: a stable code, the object it is about, what happened and what a
/// finance person can do about it. Items with the same code and object form one group in
/// `fieldledger failures`, so one fix retries all of them.
public struct SyncFailure: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// Stable code, e.g. `UNMAPPED_GL_ACCOUNT`, `MISSING_CUSTOMER`, `TRANSIENT_EXHAUSTED`.
    public var code: String
    /// What it is about, e.g. `service line 'Backflow Testing' / labour`.
    public var object: String?
    public var message: String
    /// The fix, e.g. "Add one under Mappings › GL accounts."
    public var remedy: String?

    public init(code: String, object: String? = nil, message: String, remedy: String? = nil) {
        self.code = code
        self.object = object
        self.message = message
        self.remedy = remedy
    }

    public var description: String {
        "\(code)\(object.map { " (\($0))" } ?? ""): \(message)\(remedy.map { " \($0)" } ?? "")"
    }
}
