/// Who holds which ``Role``, from `[roles]` in the configuration: OS user names and `@group`
/// names per role, plus the role of everyone not listed (`default_role`, "viewer" or "none").
/// A user gets the highest role granted to their name or to any of their groups.
public struct RoleGrants: Sendable, Equatable {
    /// User name → highest role granted to it.
    public private(set) var users: [String: Role] = [:]
    /// Group name (without `@`) → highest role granted to it.
    public private(set) var groups: [String: Role] = [:]
    /// The role of users with no grant; `nil` means they may not use FieldLedger.
    public let defaultRole: Role?

    /// - Parameter grants: for each role, user names and `@group` names. A name listed under
    ///   several roles gets the highest. Names are expected to be valid (``isValidPrincipal(_:)``);
    ///   the configuration loader reports invalid ones with their line.
    public init(_ grants: [Role: [String]] = [:], defaultRole: Role? = .viewer) {
        self.defaultRole = defaultRole
        for (role, principals) in grants {
            for principal in principals {
                if principal.hasPrefix("@") {
                    let name = String(principal.dropFirst())
                    groups[name] = max(groups[name] ?? role, role)
                } else {
                    users[principal] = max(users[principal] ?? role, role)
                }
            }
        }
    }

    /// The role of `user`: the highest granted to their name or any of their groups, else
    /// ``defaultRole``. The sync engine (``ActingUser/engine``) is not subject to roles and gets
    /// `nil` here: the command layer must check `isEngine` before asking.
    public func role(for user: ActingUser) -> Role? {
        guard !user.isEngine else { return nil }
        var best = users[user.name]
        for group in user.groups {
            if let role = groups[group] { best = max(best ?? role, role) }
        }
        return best ?? defaultRole
    }

    /// A user or group name as the OS accepts it: letters, digits, `_`, `.`, `-` (not first), an
    /// optional trailing `$` (machine accounts), at most 32 characters.
    public static func isValidName(_ name: String) -> Bool {
        var body = Substring(name)
        if body.hasSuffix("$") { body = body.dropLast() }
        guard let first = body.unicodeScalars.first, body.unicodeScalars.count <= 32, first != "-", first != "."
        else { return false }
        return body.unicodeScalars.allSatisfy { scalar in
            (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                || scalar == "_" || scalar == "." || scalar == "-"
        }
    }

    /// A role grant entry: a user name, or `@` and a group name.
    public static func isValidPrincipal(_ principal: String) -> Bool {
        isValidName(principal.hasPrefix("@") ? String(principal.dropFirst()) : principal)
    }
}
