/// The HTTP methods the client sends.
public enum HTTPMethod: String, Sendable, CaseIterable {
    case get = "GET", post = "POST", patch = "PATCH", put = "PUT", delete = "DELETE", head = "HEAD"
}

/// One HTTP request: what `HTTPClient.send` transmits.
///
/// The client adds nothing to `headers` except `User-Agent` (from the configuration, unless
/// given here) and `Accept-Encoding`; set `Content-Type` yourself when there is a body.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// Absolute `http://` or `https://` URL, query string already percent-encoded.
    public var url: String
    public var headers: HTTPHeaders
    /// The exact bytes to send; nil sends no body (an empty array sends `Content-Length: 0`).
    public var body: [UInt8]?
    /// Total time allowed for this request; overrides `HTTPClient.Configuration.requestTimeout`.
    public var timeout: Duration?

    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: [UInt8]? = nil,
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// A request whose body is `json`, serialized compactly, with `Content-Type: application/json`
    /// unless `headers` already names one.
    public init(
        method: HTTPMethod,
        url: String,
        headers: HTTPHeaders = [:],
        json: JSONValue,
        timeout: Duration? = nil
    ) {
        var headers = headers
        if !headers.contains("Content-Type") { headers.add(name: "Content-Type", value: "application/json") }
        self.init(method: method, url: url, headers: headers, body: Array(json.serialized().utf8), timeout: timeout)
    }
}
