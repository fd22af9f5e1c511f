import FieldLedgerHTTP
import Foundation
import GRDB

/// Who is running a command, with which role, against which store. Every state change a person
/// asks for goes through here: the role is checked first, and both refusals and changes are
/// audited with the user's name. The console and the CLI only hide what this would refuse.
public struct CommandContext: Sendable {
    public let store: Store
    public let user: ActingUser
    /// The user's role from the configuration (nil: none granted).
    public let role: Role?
    /// `--read-only`: refuse every change, whatever the role.
    public let readOnly: Bool

    public init(store: Store, user: ActingUser, role: Role?, readOnly: Bool = false) {
        self.store = store
        self.user = user
        self.role = role
        self.readOnly = readOnly
    }

    /// Throws `AccessDenied` (after auditing the refusal) unless the user holds `needed`.
    /// The engine is not subject to roles.
    public func require(_ needed: Role, to action: String) throws {
        if user.isEngine { return }
        let effective: Role? = readOnly ? min(role ?? .viewer, .viewer) : role
        if let effective, effective >= needed { return }
        let denial = AccessDenied(needed: needed, user: user.name, role: effective, action: action)
        try store.write { db in
            try AuditLog.append(NewAuditEvent(actor: user, action: "access.denied", subject: "command",
                details: ["attempted": .string(action), "needed": .string(needed.rawValue),
                          "role": effective.map { .string($0.rawValue) } ?? .null,
                          "readOnly": .bool(readOnly)]), in: db)
        }
        throw denial
    }
}
