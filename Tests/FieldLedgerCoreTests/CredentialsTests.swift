import Foundation
import Testing
@testable import FieldLedgerCore

@Suite struct CredentialsTests {
    let fileText = """
        [business_central]
        client_secret = "from-file-bc"
        [servicetrade]
        password = "from-file-st"
        """

    @Test func environmentWinsOverTheFile() throws {
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let path = try folder.write("fieldledger.credentials", fileText, mode: 0o600)
        let credentials = try Credentials.load(file: path, environment: ["FIELDLEDGER_BC_CLIENT_SECRET": "from-env-bc"],
                                               redactor: Redactor())
        #expect(credentials[.businessCentralClientSecret]?.reveal() == "from-env-bc")
        #expect(credentials[.serviceTradePassword]?.reveal() == "from-file-st")
        #expect(credentials[.partsManagerClientSecret] == nil)
        #expect(credentials.available == [.businessCentralClientSecret, .serviceTradePassword])
    }

    @Test func emptyEnvironmentVariableDoesNotOverride() throws {
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let path = try folder.write("fieldledger.credentials", fileText, mode: 0o600)
        let credentials = try Credentials.load(file: path, environment: ["FIELDLEDGER_ST_PASSWORD": ""], redactor: Redactor())
        #expect(credentials[.serviceTradePassword]?.reveal() == "from-file-st")
    }

    @Test func missingFileMeansEnvironmentOnly() throws {
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let credentials = try Credentials.load(file: folder.file("absent.credentials"),
                                               environment: ["FIELDLEDGER_PM_CLIENT_SECRET": "pm-env"], redactor: Redactor())
        #expect(credentials[.partsManagerClientSecret]?.reveal() == "pm-env")
    }

    @Test func groupAndWorldReadableFileIsRefusedWithTheFix() throws {
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let path = try folder.write("fieldledger.credentials", fileText, mode: 0o644)
        do {
            _ = try Credentials.load(file: path, environment: [:], redactor: Redactor())
            Issue.record("a 0644 credentials file was accepted")
        } catch {
            #expect(error.description == "\(path) is readable by group and others (mode 0644); secrets must be "
                + "private: run  chmod 600 \(path)")
            #expect(!error.description.contains("from-file"))
        }
    }

    @Test func groupReadableOrWritableFilesAreRefusedToo() throws {
        let me = geteuid()
        #expect(Credentials.permissionProblem(file: "/c", owner: me, mode: 0o640)?.description ==
            "/c is readable by group (mode 0640); secrets must be private: run  chmod 600 /c")
        #expect(Credentials.permissionProblem(file: "/c", owner: me, mode: 0o602)?.description ==
            "/c is writable by others (mode 0602); secrets must be private: run  chmod 600 /c")
        #expect(Credentials.permissionProblem(file: "/c", owner: me, mode: 0o600) == nil)
        #expect(Credentials.permissionProblem(file: "/c", owner: me, mode: 0o400) == nil)
        let stranger = Credentials.permissionProblem(file: "/c", owner: me &+ 4242, mode: 0o600)?.description
        #expect(stranger?.hasPrefix("/c is owned by ") == true)
        #expect(stranger?.contains("secrets must be private") == true)
    }

    @Test func privateFilesModes0600And0400AreAccepted() throws {
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        for mode in [0o600, 0o400] {
            let path = try folder.write("c\(mode).credentials", fileText, mode: mode)
            let credentials = try Credentials.load(file: path, environment: [:], redactor: Redactor())
            #expect(credentials[.businessCentralClientSecret]?.reveal() == "from-file-bc")
        }
    }

    @Test func unknownKeysAndWrongTypesAreErrorsThatNeverShowValues() throws {
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let path = try folder.write("fieldledger.credentials", """
            [business_central]
            client_secert = "typo-value-1"
            [servicetrade]
            password = 12345
            [nowhere]
            key = "stray-value-2"
            """)
        do {
            _ = try Credentials.load(file: path, environment: [:], redactor: Redactor())
            Issue.record("bad credentials file accepted")
        } catch {
            #expect(error.description == """
                \(path):2: business_central.client_secert: unknown key; did you mean business_central.client_secret?
                \(path):4: servicetrade.password: expected a non-empty string in quotes (the value is not shown)
                \(path):5: nowhere: unknown section; the credentials file has sections [business_central], [partsmanager], [servicetrade]
                """)
            #expect(!error.description.contains("value-"))
            #expect(!error.description.contains("12345"))
        }
    }

    @Test func keyOutsideAnySectionIsRefusedWithoutItsValue() throws {
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let path = try folder.write("fieldledger.credentials", "client_secret = \"loose-value\"\n")
        do {
            _ = try Credentials.load(file: path, environment: [:], redactor: Redactor())
            Issue.record("a key outside any section was accepted")
        } catch {
            #expect(error.description == "\(path):1: client_secret: key outside any section; put it under one of "
                + "[business_central], [partsmanager], [servicetrade] (the value is not shown)")
        }
    }

    @Test func syntaxErrorNeverQuotesTheLine() throws {
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let path = try folder.write("fieldledger.credentials", "[servicetrade]\npassword = \"unterminated-secret\n")
        do {
            _ = try Credentials.load(file: path, environment: [:], redactor: Redactor())
            Issue.record("syntax error accepted")
        } catch {
            #expect(error.description.hasPrefix("\(path):2: TOML syntax error; fix this line"))
            #expect(!error.description.contains("unterminated"))
        }
    }

    @Test func loadedSecretsAreRegisteredWithTheRedactor() throws {
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let path = try folder.write("fieldledger.credentials", fileText)
        let redactor = Redactor()
        _ = try Credentials.load(file: path, environment: ["FIELDLEDGER_PM_WEBHOOK_SECRET": "pm-hook-key"], redactor: redactor)
        #expect(redactor.redact("a from-file-st b pm-hook-key c") == "a <redacted> b <redacted> c")
    }

    @Test func requireNamesTheVariableAndTheFile() {
        let credentials = Credentials(file: "/srv/fl/fieldledger.credentials")
        #expect(throws: ConfigError.self) { try credentials.require(.serviceTradeClientSecret) }
        do {
            _ = try credentials.require(.serviceTradeClientSecret)
        } catch {
            #expect(error.description == "/srv/fl/fieldledger.credentials: servicetrade.client_secret: missing secret; "
                + "set FIELDLEDGER_ST_CLIENT_SECRET or put client_secret = \"…\" under [servicetrade] in "
                + "/srv/fl/fieldledger.credentials (mode 0600)")
        }
    }

    @Test func secretPrintsRedactedEverywhere() {
        let secret = Secret("hunter2")
        #expect("\(secret)" == "<redacted>")
        #expect(String(describing: secret) == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(secret.reveal() == "hunter2")
        #expect(secret == Secret("hunter2") && secret != Secret("hunter3") && secret != Secret("hunter"))
    }
}
