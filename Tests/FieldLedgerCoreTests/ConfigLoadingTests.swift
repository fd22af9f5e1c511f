import Foundation
import Testing
@testable import FieldLedgerCore

@Suite struct ConfigLoadingTests {
    @Test func emptyFileLoadsWithDefaultsResolvedAgainstTheConfigFolder() throws {
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let path = try folder.write("fieldledger.toml", "", mode: 0o644)
        let config = try FieldLedgerConfig.load(path: path, environment: [:], credentials: .skip, redactor: Redactor())
        #expect(config.store.path == folder.file("fieldledger.sqlite"))
        #expect(config.store.sharedGroup == nil)
        #expect(config.log.path == folder.file("fieldledger.log"))
        #expect(config.log.level == .info)
        #expect(config.credentialsFile == folder.file("fieldledger.credentials"))
        #expect(config.sync == .init(pollIntervalSeconds: 60, maxAttempts: 8, createMissingCustomers: false,
                                     workers: 4, reconcileIntervalMinutes: 60))
        #expect(config.webhooks == .init(listen: "127.0.0.1:8787", publicURL: nil))
        #expect(config.console == .init(theme: "default", mouse: true))
        #expect(config.businessCentral == nil && config.serviceTrade == nil && config.partsManager == nil)
        #expect(config.roles.defaultRole == .viewer)
    }

    @Test func fullFileLoadsIntoTypedSections() throws {
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let group = try #require(OSAccounts.groupName(gid: getegid()))
        let path = try folder.write("fieldledger.toml", """
            credentials_file = "/etc/fieldledger/secrets.toml"
            [store]
            path = "data/ledger.sqlite"
            shared_group = "\(group)"
            [log]
            path = "/var/log/fieldledger.log"
            level = "debug"
            [roles]
            operator = ["alice", "@ops"]
            finance = ["carol"]
            default_role = "none"
            [business_central]
            base_url = "http://127.0.0.1:9001"
            tenant = "contoso.onmicrosoft.com"
            company = "CRONUS USA, Inc."
            client_id = "abc"
            [servicetrade]
            base_url = "http://127.0.0.1:9002"
            auth = "oauth"
            client_id = "fl"
            [partsmanager]
            base_url = "http://127.0.0.1:9003"
            client_id = "pm-user"
            [sync]
            workers = 2
            create_missing_customers = true
            [webhooks]
            listen = "0.0.0.0:9999"
            public_url = "https://hooks.example.com/in"
            [console]
            mouse = false
            """, mode: 0o644)
        let config = try FieldLedgerConfig.load(path: path, environment: [:], credentials: .skip, redactor: Redactor())
        #expect(config.credentialsFile == "/etc/fieldledger/secrets.toml")
        #expect(config.store == .init(path: folder.file("data/ledger.sqlite"), sharedGroup: group))
        #expect(config.log == .init(path: "/var/log/fieldledger.log", level: .debug))
        #expect(config.roles.role(for: ActingUser(name: "alice")) == .operator)
        #expect(config.roles.role(for: ActingUser(name: "zed")) == nil)
        #expect(config.businessCentral == .init(baseURL: "http://127.0.0.1:9001", loginURL: "https://login.microsoftonline.com",
                                                tenant: "contoso.onmicrosoft.com", environment: "production",
                                                company: "CRONUS USA, Inc.", clientID: "abc"))
        #expect(config.serviceTrade == .init(baseURL: "http://127.0.0.1:9002", auth: .oauth, username: nil, clientID: "fl"))
        #expect(config.partsManager == .init(baseURL: "http://127.0.0.1:9003", clientID: "pm-user"))
        #expect(config.sync.workers == 2 && config.sync.createMissingCustomers && config.sync.maxAttempts == 8)
        #expect(config.webhooks == .init(listen: "0.0.0.0:9999", publicURL: "https://hooks.example.com/in"))
        #expect(config.console.mouse == false)
    }

    @Test func textBuiltByTheProgramGetsTheSameDefaultsAndChecks() throws {
        let config = try FieldLedgerConfig.load(
            text: "[business_central]\nbase_url = \"http://127.0.0.1:9001\"\ntenant = \"t\"\ncompany = \"c\"\nclient_id = \"i\"",
            file: "/srv/demo/fieldledger.toml", environment: ["FIELDLEDGER_BC_CLIENT_SECRET": "demo"],
            credentials: .load, redactor: Redactor())
        #expect(config.store.path == "/srv/demo/fieldledger.sqlite")
        #expect(config.businessCentral?.environment == "production")
        #expect(config.credentials[.businessCentralClientSecret]?.reveal() == "demo")
        #expect(throws: ConfigError.self) {
            try FieldLedgerConfig.load(text: "[sync]\nworkers = 0", file: "/srv/demo/fieldledger.toml",
                                       environment: [:], credentials: .skip, redactor: Redactor())
        }
    }

    @Test func pathResolutionPrefersFlagThenEnvironmentThenDefault() {
        let environment = ["FIELDLEDGER_CONFIG": "/etc/fieldledger.toml"]
        #expect(FieldLedgerConfig.resolvePath(explicit: "mine.toml", environment: environment) == "mine.toml")
        #expect(FieldLedgerConfig.resolvePath(explicit: nil, environment: environment) == "/etc/fieldledger.toml")
        #expect(FieldLedgerConfig.resolvePath(explicit: nil, environment: [:]) == "fieldledger.toml")
        #expect(FieldLedgerConfig.resolvePath(explicit: "", environment: ["FIELDLEDGER_CONFIG": ""]) == "fieldledger.toml")
    }

    @Test func loadingWithCredentialsRequiresTheSecretsOfConfiguredSystems() throws {
        let text = """
            [business_central]
            tenant = "t"
            company = "c"
            client_id = "id"
            """
        let error = try configErrors(text, credentials: .load)
        #expect(error?.hasPrefix("fieldledger.toml:1: business_central.client_secret: missing secret; set FIELDLEDGER_BC_CLIENT_SECRET or put client_secret = \"…\" under [business_central] in /") == true)
        #expect(error?.hasSuffix("/fieldledger.credentials (mode 0600)") == true)
        #expect(try configErrors(text, environment: ["FIELDLEDGER_BC_CLIENT_SECRET": "s3cret-value"], credentials: .load) == nil)
    }
}
