/// A command refused for lack of a role: "needs role finance; you are alice (operator)".
public struct AccessDenied: Error, Sendable, Equatable, CustomStringConvertible {
    public let needed: Role
    public let user: String
    public let role: Role?
    /// What was attempted, e.g. "retry work item 42".
    public let action: String

    public var description: String {
        let has = role.map(\.rawValue) ?? "no role"
        return "\(action): needs role \(needed); you are \(user) (\(has)). Ask an admin to grant it under [roles] in the configuration."
    }
}
