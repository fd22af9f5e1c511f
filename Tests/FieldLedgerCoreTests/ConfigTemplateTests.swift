import Foundation
import Testing
@testable import FieldLedgerCore

@Suite struct ConfigTemplateTests {
    let template = ConfigTemplate.render()

    @Test func templateLoadsWithoutErrors() throws {
        #expect(try configErrors(template) == nil)
        // With credentials required too: the template configures no external system.
        #expect(try configErrors(template, credentials: .load) == nil)
    }

    @Test func uncommentingTheExamplesAlsoLoads() throws {
        let setting = #/^# (\[[a-z_]+\]|[a-z][a-z0-9_]* = .*)$/#
        var enabled = 0
        var uncommented = template.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard let match = line.wholeMatch(of: setting) else { return String(line) }
            enabled += 1
            return String(match.output.1)
        }.joined(separator: "\n")
        // Every optional section header, every key of an optional section, every key without a default.
        let optional = Set(ConfigSchema.sections.filter(\.optional).map(\.name))
        let commented = optional.count
            + ConfigSchema.keys.filter { optional.contains($0.section) || $0.defaultValue == nil }.count
        #expect(enabled == commented)
        #expect(uncommented.contains("\n[business_central]\n"))
        // The example group need not exist on this machine; the loader checks that it does.
        let group = try #require(OSAccounts.groupName(gid: getegid()))
        #expect(uncommented.contains("shared_group = \"fieldledger\""))
        uncommented = uncommented.replacingOccurrences(of: "shared_group = \"fieldledger\"", with: "shared_group = \"\(group)\"")
        let environment = ["FIELDLEDGER_BC_CLIENT_SECRET": "a", "FIELDLEDGER_ST_PASSWORD": "b", "FIELDLEDGER_PM_CLIENT_SECRET": "c"]
        #expect(try configErrors(uncommented, environment: environment, credentials: .load) == nil)
        // And without the secrets, each missing one is named.
        let missing = try #require(try configErrors(uncommented, credentials: .load))
        #expect(missing.split(separator: "\n").count == 3)
        #expect(missing.contains("FIELDLEDGER_ST_PASSWORD"))
    }

    @Test func everyKeyAndSecretIsDocumented() {
        for spec in ConfigSchema.keys {
            #expect(template.contains("\(spec.key) = "), "\(spec.path)")
        }
        for name in SecretName.allCases {
            #expect(template.contains(name.environmentVariable))
        }
        #expect(template.contains("chmod 600"))
        #expect(template.contains("@group"))
    }

    @Test func credentialsTemplateLoadsAndListsEverySecret() throws {
        let text = ConfigTemplate.renderCredentials()
        for name in SecretName.allCases {
            #expect(text.contains(name.environmentVariable))
        }
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let path = try folder.write("fieldledger.credentials", text)
        #expect(try Credentials.load(file: path, environment: [:], redactor: Redactor()).available.isEmpty)
    }

    @Test func markdownReferenceHasARowPerKeyAndSecret() {
        let markdown = ConfigSchema.markdownReference()
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| `") }
        #expect(rows.count == ConfigSchema.keys.count + SecretName.allCases.count)
        #expect(markdown.contains("| `[sync]` `workers` | integer 1–5 | `4` |"))
    }
}

@Suite struct ConfigTemplateWritingTests {
    @Test func initWritesBothFilesWithTheirModesAndNeverOverwrites() throws {
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let config = folder.file("fieldledger.toml")
        let written = try ConfigTemplate.write(configPath: config)
        #expect(written == [config, folder.file("fieldledger.credentials")])
        let attributes = { (path: String) in try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int }
        #expect(try attributes(config) == 0o644)
        #expect(try attributes(folder.file("fieldledger.credentials")) == 0o600)
        _ = try FieldLedgerConfig.load(path: config, environment: [:], credentials: .load, redactor: Redactor())
        do {
            try ConfigTemplate.write(configPath: config)
            Issue.record("an existing configuration was overwritten")
        } catch {
            #expect(error.description == "\(config): already exists; edit it, or move it away to write a fresh template")
        }
    }
}
