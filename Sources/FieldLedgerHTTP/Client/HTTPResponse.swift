/// A complete HTTP response of any status: the client does not treat 4xx/5xx as errors,
/// because what a status means is the caller's (the API connector's) business.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// The final response's header fields (interim `100 Continue` headers are dropped).
    public var headers: HTTPHeaders
    /// The body after content decoding (gzip/deflate are undone by libcurl).
    public var body: [UInt8]
    /// How many new connections libcurl opened for this request (0 when a kept-alive one was
    /// reused); for tests and benchmarks.
    var connectionsOpened: Int = 0

    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text; invalid sequences become U+FFFD.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON, numbers kept exact.
    public func json() throws(JSONParseError) -> JSONValue {
        try JSONValue(parsing: body)
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
