import Foundation
import Testing
@testable import FieldLedgerCore

/// Every kind of configuration error, with its exact one-line `file:line: key: message` text.
@Suite struct ConfigErrorTests {
    @Test func wrongTypeNamesLineKeyExpectationAndFoundValue() throws {
        let error = try configErrors("# tuning\n[sync]\nmax_attempts = \"ten\"\n")
        #expect(error == "fieldledger.toml:3: sync.max_attempts: expected a whole number from 1 to 100, found \"ten\"")
    }

    @Test func outOfRangeNumber() throws {
        #expect(try configErrors("[sync]\nworkers = 9") ==
            "fieldledger.toml:2: sync.workers: expected a whole number from 1 to 5, found 9")
    }

    @Test func booleanGivenAsString() throws {
        #expect(try configErrors("[console]\nmouse = \"yes\"") ==
            "fieldledger.toml:2: console.mouse: expected true or false, found \"yes\"")
    }

    @Test func choiceOutsideTheAllowedValues() throws {
        #expect(try configErrors("[log]\nlevel = \"verbose\"") == "fieldledger.toml:2: log.level: expected one of "
            + "\"trace\", \"debug\", \"info\", \"notice\", \"warning\", \"error\", \"critical\", found \"verbose\"")
    }

    @Test func unknownKeyWithSuggestion() throws {
        #expect(try configErrors("[sync]\nworkers = 2\nmax_atempts = 3") ==
            "fieldledger.toml:3: sync.max_atempts: unknown key; did you mean sync.max_attempts?")
        #expect(try configErrors("credential_file = \"x\"") ==
            "fieldledger.toml:1: credential_file: unknown key; did you mean credentials_file?")
    }

    @Test func sectionKeyAboveEverySectionSuggestsTheSection() throws {
        #expect(try configErrors("workers = 3\n[sync]\n") ==
            "fieldledger.toml:1: workers: unknown key; did you mean sync.workers?")
    }

    @Test func unknownKeyWithoutCloseMatchListsTheValidKeys() throws {
        #expect(try configErrors("[console]\ncolour = 1") ==
            "fieldledger.toml:2: console.colour: unknown key; valid keys here are console.theme, console.mouse")
    }

    @Test func unknownSection() throws {
        #expect(try configErrors("[synk]\nworkers = 2") == "fieldledger.toml:1: synk: unknown section; did you mean [sync]?")
    }

    @Test func sectionWrittenAsPlainValue() throws {
        #expect(try configErrors("sync = 3") == "fieldledger.toml:1: sync: expected a section [sync], found a plain value")
    }

    @Test func missingFile() throws {
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let path = folder.file("fieldledger.toml")
        #expect(throws: ConfigError.self) {
            try FieldLedgerConfig.load(path: path, environment: [:], credentials: .skip, redactor: Redactor())
        }
        do {
            _ = try FieldLedgerConfig.load(path: path, environment: [:], credentials: .skip, redactor: Redactor())
        } catch {
            #expect(error.description ==
                "\(path): no such file; run 'fieldledger init' to write a commented template, or pass --config PATH")
        }
    }

    @Test func unreadableFile() throws {
        guard geteuid() != 0 else { return }  // root reads everything; nothing to prove there
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let path = try folder.write("fieldledger.toml", "", mode: 0o000)
        do {
            _ = try FieldLedgerConfig.load(path: path, environment: [:], credentials: .skip, redactor: Redactor())
            Issue.record("an unreadable file loaded")
        } catch {
            #expect(error.description == "\(path): cannot read (Permission denied); check the file's owner and "
                + "permissions, or pass another --config PATH")
        }
    }

    @Test func syntaxErrorCarriesTheParsersLine() throws {
        let error = try #require(try configErrors("[sync]\nworkers = 2\nmax_attempts = = 3\n"))
        #expect(error.hasPrefix("fieldledger.toml:3: TOML syntax error: "))
        #expect(error.hasSuffix("; fix this line (see https://toml.io)"))
        #expect(!error.contains("\n"))
    }

    @Test func missingRequiredKeyIsReportedAtTheSectionHeader() throws {
        #expect(try configErrors("[sync]\nworkers = 2\n[partsmanager]\nbase_url = \"https://pm.example.com\"") ==
            "fieldledger.toml:3: partsmanager.client_id: missing; [partsmanager] needs a non-empty string, "
            + "such as client_id = \"fieldledger\"")
    }

    @Test func serviceTradeAuthModeNeedsItsKey() throws {
        #expect(try configErrors("[servicetrade]\nbase_url = \"https://st.example.com\"\nauth = \"session\"") ==
            "fieldledger.toml:1: servicetrade.username: missing; auth = \"session\" needs a non-empty string, "
            + "such as username = \"integration@example.com\"")
    }

    @Test func invalidURLs() throws {
        #expect(try configErrors("[webhooks]\npublic_url = \"ftp://example.com\"") ==
            "fieldledger.toml:2: webhooks.public_url: expected an http or https URL such as "
            + "\"https://api.example.com\", found \"ftp://example.com\"")
        let withPassword = try #require(try configErrors("[webhooks]\npublic_url = \"https://bob:hunter2@example.com\""))
        #expect(withPassword == "fieldledger.toml:2: webhooks.public_url: the URL must not contain a user name or "
            + "password; put secrets in the credentials file")
        #expect(!withPassword.contains("hunter2"))
    }

    @Test func sharedGroupMustExist() throws {
        #expect(try configErrors("[store]\nshared_group = \"no-such-group-fl\"") ==
            "fieldledger.toml:2: store.shared_group: no such group \"no-such-group-fl\"; create it "
            + "(groupadd no-such-group-fl) and add the operators to it, or remove this key")
    }

    @Test func invalidRoleEntryNamesTheItem() throws {
        #expect(try configErrors("[roles]\noperator = [\"alice\", \"bad name\"]") ==
            "fieldledger.toml:2: roles.operator: expected an array of user names and @group names, such as "
            + "[\"alice\", \"@finance\"], found \"bad name\" (item 2)")
    }

    @Test func secretInTheConfigFileIsRefusedWithoutEchoingIt() throws {
        let error = try #require(try configErrors("""
            [partsmanager]
            base_url = "https://pm.example.com"
            client_id = "pm"
            client_secret = "hunter2-secret"
            """))
        #expect(error.hasPrefix("fieldledger.toml:4: partsmanager.client_secret: secrets do not belong in the configuration "
            + "file; remove it here and set FIELDLEDGER_PM_CLIENT_SECRET or put client_secret under [partsmanager] in /"))
        #expect(!error.contains("hunter2"))
    }

    @Test func allErrorsOfAFileAreCollectedInLineOrder() throws {
        let error = try configErrors("""
            [sync]
            workers = 0
            max_atempts = 3
            [console]
            mouse = "no"
            [log]
            level = 3
            """)
        #expect(error == """
            fieldledger.toml:2: sync.workers: expected a whole number from 1 to 5, found 0
            fieldledger.toml:3: sync.max_atempts: unknown key; did you mean sync.max_attempts?
            fieldledger.toml:5: console.mouse: expected true or false, found "no"
            fieldledger.toml:7: log.level: expected one of "trace", "debug", "info", "notice", "warning", "error", "critical", found 3
            """)
    }
}
