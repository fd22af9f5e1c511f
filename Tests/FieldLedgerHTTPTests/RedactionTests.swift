import Testing

@testable import FieldLedgerHTTP

@Suite("Redaction of logs and errors")
struct RedactionTests {
    @Test("secret headers are redacted, others kept", arguments: [
        ("Authorization", true), ("authorization", true), ("Cookie", true), ("Set-Cookie", true),
        ("Proxy-Authorization", true), ("X-Api-Key", true), ("X-Client-Secret", true), ("X-Refresh-Token", true),
        ("X-Hub-Signature-256", true), ("Accept", false), ("Content-Type", false), ("If-Match", false),
    ])
    func headerRule(name: String, secret: Bool) {
        #expect(Redaction.isSecretHeader(name) == secret)
        let redacted = Redaction.headers([name: "value-123"])
        #expect(redacted.first?.value == (secret ? "<redacted>" : "value-123"))
    }

    @Test("secret query values are masked in logged URLs, the rest is kept")
    func urlForLog() {
        #expect(
            Redaction.urlForLog("https://login.example/token?grant_type=x&client_secret=s3cr3t&Code=abc&sig=zz#frag")
                == "https://login.example/token?grant_type=x&client_secret=<redacted>&Code=<redacted>&sig=<redacted>#frag")
        #expect(Redaction.urlForLog("http://h/p?access_token=T&password=P&page=2")
            == "http://h/p?access_token=<redacted>&password=<redacted>&page=2")
        #expect(Redaction.urlForLog("http://user:pw@h:8080/p") == "http://h:8080/p")
        #expect(Redaction.urlForLog("http://h/p?flag&code=") == "http://h/p?flag&code=<redacted>")
    }

    @Test("error URLs lose query, fragment and user info")
    func urlForError() {
        #expect(Redaction.urlForError("https://u:p@api.example:443/v2.0/companies?$filter=x&access_token=T#y")
            == "https://api.example:443/v2.0/companies")
        #expect(Redaction.urlForError("not a url?token=1") == "not a url")
        #expect(HTTPTransportError(kind: .other, message: "m", url: "http://a@b/c?d").url == "http://b/c")
    }

    @Test("libcurl messages are scrubbed of the query and user info")
    func scrub() {
        let url = "http://bob:hunter2@h/p?access_token=T0K"
        #expect(Redaction.scrub("failed for bob:hunter2 and access_token=T0K", url: url)
            == "failed for <redacted> and <redacted>")
    }

    @Test("debug log lines carry method, URL, status and duration, never secrets or bodies")
    func logging() async throws {
        try await withTestServer { server in
            let capture = LogCapture()
            let client = HTTPClient(logger: capture.logger())
            defer { client.shutdown() }
            let request = HTTPRequest(
                method: .post, url: server.base + "/echo?access_token=TOPSECRET&page=3",
                headers: ["Authorization": "Bearer eyJSECRET", "X-Api-Key": "KEY123", "Accept": "application/json"],
                json: ["password": "BODYSECRET"])
            _ = try await client.send(request)
            _ = try await client.send(HTTPRequest(url: server.base + "/cookies"))
            let lines = capture.lines
            #expect(lines.count == 2)
            let all = lines.joined(separator: "\n")
            for secret in ["TOPSECRET", "eyJSECRET", "KEY123", "BODYSECRET", "a=1"] {
                #expect(!all.contains(secret), "\(secret) leaked into the log")
            }
            let first = lines.first ?? ""
            #expect(first.hasPrefix("debug POST \(server.base)/echo?access_token=<redacted>&page=3 -> 200 in "))
            #expect(first.contains("Authorization: <redacted>"))
            #expect(first.contains("Accept: application/json"))
            #expect(lines.last?.contains("Set-Cookie: <redacted>") == true)
        }
    }

    @Test("loopback is never proxied; the environment's no_proxy is kept")
    func noProxy() {
        #expect(ProxyPolicy.noProxyList(environment: [:]) == "localhost,127.0.0.1,::1")
        #expect(ProxyPolicy.noProxyList(environment: ["no_proxy": " .corp.example , localhost,10.0.0.0/8 "])
            == "localhost,127.0.0.1,::1,.corp.example,10.0.0.0/8")
        #expect(ProxyPolicy.noProxyList(environment: ["NO_PROXY": "internal"]) == "localhost,127.0.0.1,::1,internal")
        #expect(ProxyPolicy.noProxyList(environment: ["no_proxy": "a", "NO_PROXY": "b"]) == "localhost,127.0.0.1,::1,a")
        #expect(ProxyPolicy.noProxyList(environment: ["no_proxy": "*"]) == "*")
    }
}
