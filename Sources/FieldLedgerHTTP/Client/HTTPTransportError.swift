/// A request that produced no HTTP response: the network, the URL or the client failed.
///
/// An HTTP error status (404, 429, 500 …) is *not* a transport error; it arrives as an
/// `HTTPResponse`. `url` never contains the query string or user info, so the error can be
/// logged and shown without leaking tokens.
public struct HTTPTransportError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// DNS lookup or TCP connect failed (server down, wrong host or port).
        case couldNotConnect
        /// The connect or total timeout elapsed.
        case timedOut
        /// The connection broke before a complete response arrived (curl 52, 55, 56, 18).
        case connectionLost
        /// TLS handshake or certificate verification failed.
        case tls
        /// The URL is malformed or its scheme is not http/https.
        case invalidURL
        /// The response body exceeded `HTTPClient.Configuration.maxResponseBytes`.
        case responseTooLarge
        /// Anything else, including a cancelled request and a client that was shut down.
        case other
    }

    public var kind: Kind
    /// The libcurl result code (`CURLcode`), 0 when the failure was detected before libcurl ran.
    public var curlCode: Int
    /// What went wrong, from libcurl's error buffer or the client's own check.
    public var message: String
    /// The request URL without query string, fragment and user info.
    public var url: String

    /// Creates an error; `url` is stripped of query, fragment and user info here.
    public init(kind: Kind, curlCode: Int = 0, message: String, url: String) {
        self.kind = kind
        self.curlCode = curlCode
        self.message = message
        self.url = Redaction.urlForError(url)
    }

    /// Whether retrying the same request later may succeed: connect failures, timeouts and lost
    /// connections are transient; a bad URL, a TLS failure or an oversized response are not.
    /// Note that a lost or timed-out request may still have been processed by the server.
    public var isTransient: Bool {
        switch kind {
        case .couldNotConnect, .timedOut, .connectionLost: true
        case .tls, .invalidURL, .responseTooLarge, .other: false
        }
    }

    public var description: String {
        let code = curlCode == 0 ? "" : " (curl error \(curlCode))"
        return "HTTP request to \(url) failed: \(message)\(code). \(remedy)"
    }

    /// What the operator can do about it; the one place where these texts live.
    var remedy: String {
        switch kind {
        case .couldNotConnect:
            "Check that the server is running and that the host and port in the base URL are right; this is usually temporary, so retry later."
        case .timedOut:
            "The server did not answer in time; retry later. The request may still have been processed, so look a created record up before sending it again."
        case .connectionLost:
            "The connection closed before a full response arrived; retry later. The request may still have been processed, so look a created record up before sending it again."
        case .tls:
            "Check the server's certificate and that the URL's scheme and port are right; for a private CA, add it to the system trust store (update-ca-certificates). Certificate checks cannot be switched off."
        case .invalidURL:
            "Fix the URL (usually the base URL in the configuration): it must be an absolute http:// or https:// URL."
        case .responseTooLarge:
            "Raise maxResponseBytes in the HTTP client configuration or request smaller pages."
        case .other:
            "See the message for the cause."
        }
    }
}

extension HTTPTransportError {
    /// Maps a libcurl result code to a kind. `bodyLimitHit` tells a write error caused by the
    /// size limit apart from other write errors.
    static func kind(forCurlCode code: Int, bodyLimitHit: Bool) -> Kind {
        switch code {
        case 5, 6, 7: return .couldNotConnect  // resolve proxy, resolve host, connect
        case 28: return .timedOut
        case 18, 52, 55, 56, 16, 92: return .connectionLost  // partial file, got nothing, send/recv error, HTTP/2
        case 35, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91, 98: return .tls
        case 1, 3: return .invalidURL  // unsupported protocol, malformed URL
        case 63: return .responseTooLarge  // CURLE_FILESIZE_EXCEEDED (Content-Length over the limit)
        case 23 where bodyLimitHit: return .responseTooLarge
        default: return .other
        }
    }
}
