import CCurl

/// `curl_global_init` must run exactly once per process before any other libcurl call.
/// Swift initialises a global `static let` exactly once and thread-safely, which is the guarantee
/// we need.
enum CurlRuntime {
    static let initResult: CURLcode = curl_global_init(ccurl_global_default())
    static var isReady: Bool { initResult == CURLE_OK }
}

/// One libcurl easy handle, owned by exactly one worker thread and reused for every request that
/// worker runs, so libcurl keeps the connection alive between them.
///
/// Options that never change are set once in `init`. Everything that differs between requests
/// (URL, method, body, headers, timeout) is set explicitly on *every* request — including
/// switching back to GET and clearing the custom method — so nothing of one request leaks into
/// the next without paying for `curl_easy_reset`.
final class CurlHandle {
    private let easy: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let configuration: HTTPClient.Configuration

    /// - Parameter noProxy: the `CURLOPT_NOPROXY` list (see `ProxyPolicy`).
    init?(configuration: HTTPClient.Configuration, noProxy: String) {
        guard CurlRuntime.isReady, let easy = curl_easy_init() else { return nil }
        self.easy = easy
        self.configuration = configuration
        errorBuffer = .allocate(capacity: Int(ccurl_error_size()))
        errorBuffer.initialize(repeating: 0, count: Int(ccurl_error_size()))

        // Worker threads must not get SIGALRM from libcurl's timeout handling.
        ccurl_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        ccurl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout))
        // Empty string = offer every encoding libcurl can decode (gzip, deflate …).
        ccurl_setopt_str(easy, CURLOPT_ACCEPT_ENCODING, "")
        // A redirect is the caller's decision (it may change the method or leak credentials).
        ccurl_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
        ccurl_setopt_long(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
        ccurl_setopt_str(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        ccurl_setopt_str(easy, CURLOPT_USERAGENT, configuration.userAgent)
        ccurl_setopt_str(easy, CURLOPT_NOPROXY, noProxy)
        // Content-Length over the limit fails before the body is read; the write callback
        // enforces the limit for chunked and decompressed bodies.
        ccurl_setopt_off(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maxResponseBytes))
        ccurl_setopt_ptr(easy, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        ccurl_setopt_data_cb(easy, CURLOPT_WRITEFUNCTION, curlWriteBody)
        ccurl_setopt_data_cb(easy, CURLOPT_HEADERFUNCTION, curlWriteHeader)
        ccurl_setopt_xferinfo_cb(easy, curlProgress)
        ccurl_setopt_long(easy, CURLOPT_NOPROGRESS, 0)
        // TLS: CURLOPT_SSL_VERIFYPEER / VERIFYHOST stay at libcurl's secure defaults on purpose.
    }

    deinit {
        curl_easy_cleanup(easy)
        errorBuffer.deallocate()
    }

    /// Runs one request to completion on the calling thread (blocking).
    /// - Parameter shouldAbort: polled while the transfer runs; returning a reason aborts it.
    func perform(
        _ request: HTTPRequest,
        shouldAbort: @escaping () -> String?
    ) -> Result<HTTPResponse, HTTPTransportError> {
        if let problem = Self.validate(request) {
            return .failure(HTTPTransportError(kind: problem.kind, message: problem.message, url: request.url))
        }
        guard let headerList = Self.makeHeaderList(request) else {
            return .failure(HTTPTransportError(kind: .other, message: "could not allocate the header list", url: request.url))
        }
        defer { curl_slist_free_all(headerList) }

        let transfer = TransferState(maxBodyBytes: configuration.maxResponseBytes, shouldAbort: shouldAbort)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        errorBuffer[0] = 0
        setMethodAndBody(request)
        ccurl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)
        ccurl_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout ?? configuration.requestTimeout))
        ccurl_setopt_ptr(easy, CURLOPT_WRITEDATA, context)
        ccurl_setopt_ptr(easy, CURLOPT_HEADERDATA, context)
        ccurl_setopt_ptr(easy, CURLOPT_XFERINFODATA, context)
        let urlCode = ccurl_setopt_str(easy, CURLOPT_URL, request.url)
        let code = urlCode == CURLE_OK ? withExtendedLifetime(transfer) { curl_easy_perform(easy) } : urlCode
        // Do not leave pointers to the dead state (or the freed list) in the handle.
        ccurl_setopt_ptr(easy, CURLOPT_WRITEDATA, nil)
        ccurl_setopt_ptr(easy, CURLOPT_HEADERDATA, nil)
        ccurl_setopt_ptr(easy, CURLOPT_XFERINFODATA, nil)
        ccurl_setopt_slist(easy, CURLOPT_HTTPHEADER, nil)
        if Self.sendsBody(request) { releaseBody() }

        guard code == CURLE_OK else { return .failure(error(for: code, transfer: transfer, url: request.url)) }
        var status = 0
        var connects = 0
        ccurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        ccurl_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &connects)
        var response = HTTPResponse(status: status, headers: transfer.headers, body: transfer.body)
        response.connectionsOpened = connects
        return .success(response)
    }

    /// Method and body for this request. `HTTPGET` first resets whatever the previous request
    /// set (POST, NOBODY, UPLOAD); then only what this request needs is switched on.
    private func setMethodAndBody(_ request: HTTPRequest) {
        ccurl_setopt_long(easy, CURLOPT_HTTPGET, 1)
        ccurl_setopt_str(easy, CURLOPT_CUSTOMREQUEST, nil)
        // libcurl silently re-sends a request whose reused connection turns out to be dead
        // ("Connection died, retrying a fresh connect"). For a write that the server may already
        // have applied (a commit followed by a dropped connection) that is a duplicate the caller
        // never sees, so writes always go on a fresh connection, where libcurl does not retry.
        ccurl_setopt_long(easy, CURLOPT_FRESH_CONNECT, request.method.isSafe ? 0 : 1)
        let customMethod: Bool
        switch request.method {
        case .head:
            ccurl_setopt_long(easy, CURLOPT_NOBODY, 1)
            return
        case .get, .delete:
            if let body = request.body { setBody(body) }
            customMethod = request.method == .delete || request.body != nil
        case .post, .put, .patch:
            // No body still sends `Content-Length: 0`, which servers expect for these methods.
            setBody(request.body ?? [])
            customMethod = request.method != .post
        }
        if customMethod { ccurl_setopt_str(easy, CURLOPT_CUSTOMREQUEST, request.method.rawValue) }
    }

    /// COPYPOSTFIELDS copies the bytes (binary-safe because the size is set first), so the
    /// Swift array need not outlive this call.
    private func setBody(_ body: [UInt8]) {
        ccurl_setopt_long(easy, CURLOPT_POSTFIELDSIZE, body.count)
        if body.isEmpty {
            ccurl_setopt_str(easy, CURLOPT_COPYPOSTFIELDS, "")
        } else {
            body.withUnsafeBytes { raw in
                _ = ccurl_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
            }
        }
    }

    /// Frees libcurl's copy of the last body (it would otherwise stay in memory until the next
    /// body replaces it) and leaves the handle in the plain GET state.
    private func releaseBody() {
        ccurl_setopt_long(easy, CURLOPT_POSTFIELDSIZE, -1)
        ccurl_setopt_str(easy, CURLOPT_COPYPOSTFIELDS, nil)
        ccurl_setopt_long(easy, CURLOPT_HTTPGET, 1)
    }

    private func error(for code: CURLcode, transfer: TransferState, url: String) -> HTTPTransportError {
        let number = Int(code.rawValue)
        let kind = HTTPTransportError.kind(forCurlCode: number, bodyLimitHit: transfer.bodyLimitHit)
        let message: String
        if let reason = transfer.abortReason, code == CURLE_ABORTED_BY_CALLBACK {
            message = reason
        } else if kind == .responseTooLarge {
            message = "the response body is larger than the limit of \(configuration.maxResponseBytes) bytes"
        } else {
            let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
            message = Redaction.scrub(detail, url: url)
        }
        return HTTPTransportError(kind: kind, curlCode: number, message: message, url: url)
    }
}

extension CurlHandle {
    /// libcurl treats 0 as "no timeout", so round up to at least 1 ms.
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        guard seconds < Int64(Int.max / 1000 - 1) else { return Int.max / 1000 }
        return max(1, Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000))
    }

    /// Rejects what libcurl would send wrongly or not at all: a non-HTTP URL, and header names
    /// or values that would split the header block (CR, LF, NUL), which is header injection.
    static func validate(_ request: HTTPRequest) -> (kind: HTTPTransportError.Kind, message: String)? {
        let lower = request.url.prefix(8).lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            return (.invalidURL, "the URL must start with http:// or https://")
        }
        for (name, value) in request.headers {
            let tokenOK = !name.isEmpty && name.utf8.allSatisfy { isTokenByte($0) }
            guard tokenOK else {
                return (.other, "the header name '\(name)' is not a valid HTTP token; use letters, digits and -")
            }
            if value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) {
                return (.other, "the value of header '\(name)' contains a line break or NUL; remove it")
            }
        }
        return nil
    }

    /// Whether libcurl will send a body (and so would add its default form Content-Type).
    static func sendsBody(_ request: HTTPRequest) -> Bool {
        switch request.method {
        case .post, .put, .patch: true
        case .get, .delete: request.body != nil
        case .head: false
        }
    }

    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(b)
        }
    }

    /// The request's headers as a curl_slist (caller frees it). Adds an empty `Expect:` so
    /// libcurl never waits for `100 Continue`, and suppresses libcurl's default
    /// `Content-Type: application/x-www-form-urlencoded` when the caller gave none.
    static func makeHeaderList(_ request: HTTPRequest) -> UnsafeMutablePointer<curl_slist>? {
        var lines = request.headers.map { field in
            // "Name;" is libcurl's spelling for a header with an empty value.
            field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
        }
        if !request.headers.contains("Expect") { lines.append("Expect:") }
        if Self.sendsBody(request), !request.headers.contains("Content-Type") {
            lines.append("Content-Type:")
        }
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let next = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                return nil
            }
            list = next
        }
        return list
    }
}
