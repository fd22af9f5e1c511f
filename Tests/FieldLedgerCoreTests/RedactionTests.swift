import Foundation
import Logging
import Testing
@testable import FieldLedgerCore

/// Every redaction pattern, and registered secrets in messages, metadata and error descriptions.
@Suite struct RedactionTests {
    let redactor = Redactor()

    @Test func bearerTokens() {
        #expect(redactor.redact("sent Bearer eyJhbGciOi.J9eyJzdWIi-_x= to BC") == "sent Bearer <redacted> to BC")
        #expect(redactor.redact("bearer abc123") == "bearer <redacted>")
    }

    @Test func authorizationHeaders() {
        #expect(redactor.redact("Authorization: Basic dXNlcjpwYXNz") == "Authorization: <redacted>")
        #expect(redactor.redact("> authorization:Bearer x.y.z\n> Accept: */*") == "> authorization:<redacted>\n> Accept: */*")
    }

    @Test func jsonForms() {
        let body = #"{"token_type":"Bearer","expires_in":3599,"access_token":"eyJ0eXAi.abc","refresh_token" : "r-1\"2"}"#
        #expect(redactor.redact(body) ==
            #"{"token_type":"Bearer","expires_in":3599,"access_token":"<redacted>","refresh_token" : "<redacted>"}"#)
        #expect(redactor.redact(#"{"clientState":"s3cr3t","value":[]}"#) == #"{"clientState":"<redacted>","value":[]}"#)
        #expect(redactor.redact(#"{"username":"u","password":"p@ss"}"#) == #"{"username":"u","password":"<redacted>"}"#)
        #expect(redactor.redact(#"{"data":{"authToken":"abc123"}}"#) == #"{"data":{"authToken":"<redacted>"}}"#)
    }

    @Test func formAndKeyValueForms() {
        #expect(redactor.redact("grant_type=client_credentials&client_id=abc&client_secret=xyz~1&scope=s") ==
            "grant_type=client_credentials&client_id=abc&client_secret=<redacted>&scope=s")
        #expect(redactor.redact("login user=bob password=hunter2 attempt=1") == "login user=bob password=<redacted> attempt=1")
        #expect(redactor.redact("meta password=\"two words\" next=1") == "meta password=<redacted> next=1")
        #expect(redactor.redact("refresh_token=abc&x=1 clientState=zz") == "refresh_token=<redacted>&x=1 clientState=<redacted>")
    }

    @Test func sessionCookies() {
        #expect(redactor.redact("Cookie: PHPSESSID=8f3a9c0de; lang=en") == "Cookie: PHPSESSID=<redacted>; lang=en")
    }

    @Test func harmlessTextIsUntouched() {
        let line = "2026-11-27T07:21:18.123Z info fieldledger.sync: posted INV-1 amount=12.50 tokens=3"
        #expect(redactor.redact(line) == line)
    }

    @Test func registeredSecretsAreRedactedInAnySyntax() {
        let redactor = Redactor()
        redactor.register(Secret("pa ss/w\"rd"))
        redactor.register(Secret("topsecretvalue"))
        #expect(redactor.redact("x topsecretvalue y") == "x <redacted> y")
        #expect(redactor.redact("url?k=pa%20ss%2Fw%22rd") == "url?k=<redacted>")
        #expect(redactor.redact(#"{"k":"pa ss\/w\"rd"}"#) == #"{"k":"<redacted>"}"#)
        redactor.register(Secret(""))
        #expect(redactor.redact("nothing") == "nothing")
    }

    @Test func registeredSecretInMessageMetadataAndErrorIsRedactedInTheLogFile() throws {
        struct LoginFailed: Error, CustomStringConvertible {
            let secret: String
            var description: String { "login with \(secret) refused" }
        }
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let redactor = Redactor()
        let secret = Secret("Zq8!unique-secret")
        redactor.register(secret)
        let file = try LogFile(path: folder.file("r.log"))
        let handler = FileLogHandler(label: "fieldledger.st", file: file, level: .trace, redactor: redactor)
        let logger = Logger(label: "fieldledger.st") { _ in handler }
        logger.info("using \(secret.reveal()) now")
        logger.info("metadata", metadata: ["value": "\(secret.reveal())", "nested": ["k": "\(secret.reveal())"]])
        logger.error("failed", metadata: ["error": "\(LoginFailed(secret: secret.reveal()))"])
        handler.log(event: LogEvent(level: .error, message: "thrown",
                                    error: LoginFailed(secret: secret.reveal()), metadata: nil, source: "x",
                                    file: #fileID, function: #function, line: #line))
        let text = try String(contentsOfFile: file.path, encoding: .utf8)
        #expect(!text.contains("Zq8!unique-secret"))
        #expect(text.components(separatedBy: "<redacted>").count - 1 == 5)
        #expect(text.contains("using <redacted> now"))
    }

    @Test func credentialsLoadedThroughTheConfigurationReachTheRedactor() throws {
        let folder = try ConfigTestFolder()
        defer { folder.remove() }
        let path = try folder.write("fieldledger.toml", """
            [partsmanager]
            base_url = "https://pm.example.com"
            client_id = "pm"
            """, mode: 0o644)
        try folder.write("fieldledger.credentials", "[partsmanager]\nclient_secret = \"pm-file-password\"\n")
        let redactor = Redactor()
        let config = try FieldLedgerConfig.load(path: path, environment: ["FIELDLEDGER_BC_CLIENT_STATE": "state-from-env"],
                                                credentials: .load, redactor: redactor)
        #expect(config.credentials[.partsManagerClientSecret]?.reveal() == "pm-file-password")
        #expect(redactor.redact("pm-file-password state-from-env") == "<redacted> <redacted>")
    }
}
