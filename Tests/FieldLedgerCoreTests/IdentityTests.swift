import Foundation
import Testing
@testable import FieldLedgerCore

@Suite struct IdentityTests {
    /// Runs `id` with `arguments` and returns its trimmed output.
    private func id(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/id")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func currentUserMatchesIdUn() throws {
        let user = ActingUser.current()
        #expect(!user.name.isEmpty)
        #expect(user.name == (try id(["-un"])))
        #expect(!user.isEngine)
    }

    @Test func groupsIncludeThePrimaryAndSupplementaryGroups() throws {
        let user = ActingUser.current()
        #expect(user.groups.first == (try id(["-gn"])))
        let expected = Set(try id(["-Gn"]).split(separator: " ").map(String.init))
        #expect(Set(user.groups) == expected)
    }

    @Test func accountLookupsAgreeWithEachOther() throws {
        let primary = try id(["-gn"])
        let gid = try #require(OSAccounts.groupID(named: primary))
        #expect(OSAccounts.groupName(gid: gid) == primary)
        #expect(OSAccounts.groupID(named: "no-such-group-fieldledger") == nil)
        #expect(OSAccounts.userName(uid: geteuid()) == (try id(["-un"])))
    }
}
