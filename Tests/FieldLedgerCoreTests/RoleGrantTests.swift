import Testing
@testable import FieldLedgerCore

@Suite struct RoleGrantTests {
    let grants = RoleGrants([
        .viewer: ["victor", "@auditors"],
        .operator: ["olga", "@ops", "fiona"],
        .finance: ["fiona", "@accounting"],
    ])

    @Test func userNamesGetTheirRole() {
        #expect(grants.role(for: ActingUser(name: "olga")) == .operator)
        #expect(grants.role(for: ActingUser(name: "victor")) == .viewer)
    }

    @Test func theHighestGrantWinsAcrossNameAndGroups() {
        #expect(grants.role(for: ActingUser(name: "fiona")) == .finance)
        #expect(grants.role(for: ActingUser(name: "victor", groups: ["users", "accounting"])) == .finance)
        #expect(grants.role(for: ActingUser(name: "olga", groups: ["auditors"])) == .operator)
        #expect(grants.role(for: ActingUser(name: "sam", groups: ["auditors", "ops"])) == .operator)
    }

    @Test func groupGrantsNeedTheAtSign() {
        // "ops" as a user name is not the group @ops.
        #expect(grants.role(for: ActingUser(name: "ops")) == .viewer)
    }

    @Test func unlistedUsersGetTheDefaultRole() {
        #expect(grants.role(for: ActingUser(name: "stranger", groups: ["users"])) == .viewer)
        let closed = RoleGrants([.operator: ["olga"]], defaultRole: nil)
        #expect(closed.role(for: ActingUser(name: "stranger")) == nil)
        #expect(closed.role(for: ActingUser(name: "olga")) == .operator)
    }

    @Test func theEngineIsNotSubjectToRoles() {
        #expect(grants.role(for: .engine) == nil)
    }

    @Test func principalSyntax() {
        for valid in ["alice", "@finance", "svc_fieldledger", "j.doe", "web-01", "HOST$", "_apt"] {
            #expect(RoleGrants.isValidPrincipal(valid), "\(valid)")
        }
        for invalid in ["", "@", "bad name", "-dash", "@@double", "x/y", "semi;colon", String(repeating: "a", count: 33)] {
            #expect(!RoleGrants.isValidPrincipal(invalid), "\(invalid)")
        }
    }

    @Test func rolesSectionOfTheConfigurationBuildsGrants() throws {
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let path = try folder.write("fieldledger.toml", """
            [roles]
            viewer = ["@everyone"]
            operator = ["olga"]
            finance = ["@accounting", "olga"]
            default_role = "none"
            """, mode: 0o644)
        let config = try FieldLedgerConfig.load(path: path, environment: [:], credentials: .skip, redactor: Redactor())
        #expect(config.roles.role(for: ActingUser(name: "olga")) == .finance)
        #expect(config.roles.role(for: ActingUser(name: "pat", groups: ["everyone"])) == .viewer)
        #expect(config.roles.role(for: ActingUser(name: "pat")) == nil)
        #expect(try configErrors("[roles]\ndefault_role = \"operator\"") ==
            "fieldledger.toml:2: roles.default_role: expected one of \"viewer\", \"none\", found \"operator\"")
    }
}
