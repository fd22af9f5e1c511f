import CCurl

/// What the libcurl callbacks of one transfer write into. Lives only for one `perform` call;
/// the callbacks receive it as their `userdata` pointer (unretained: `perform` keeps it alive).
final class TransferState {
    var body: [UInt8] = []
    /// Headers of the latest response seen; reset at each status line, so interim responses
    /// (`100 Continue`, a proxy's `CONNECT` answer) do not mix into the final one.
    var headers = HTTPHeaders()
    let maxBodyBytes: Int
    var bodyLimitHit = false
    /// Set when the progress callback aborted the transfer, with the reason to report.
    var abortReason: String?
    let shouldAbort: () -> String?

    init(maxBodyBytes: Int, shouldAbort: @escaping () -> String?) {
        self.maxBodyBytes = maxBodyBytes
        self.shouldAbort = shouldAbort
    }

    /// Appends body bytes; false when the limit would be exceeded (libcurl then fails with
    /// CURLE_WRITE_ERROR, which `bodyLimitHit` turns into `.responseTooLarge`).
    func appendBody(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard body.count + bytes.count <= maxBodyBytes else {
            bodyLimitHit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// One raw header line as libcurl delivers it (including CRLF).
    func receiveHeaderLine(_ raw: UnsafeBufferPointer<UInt8>) {
        var end = raw.count
        while end > 0, raw[end - 1] == 0x0A || raw[end - 1] == 0x0D { end -= 1 }
        let line = UnsafeBufferPointer(rebasing: raw[0..<end])
        if line.starts(with: "HTTP/".utf8) {
            headers = HTTPHeaders()
            return
        }
        guard let first = line.first else { return }  // blank line ending the block
        if first == 0x20 || first == 0x09 {
            // Obsolete line folding: continues the previous field's value.
            guard let last = headers.fields.last else { return }
            let more = Self.trimmed(line)
            headers.replaceLast(value: last.value + " " + String(decoding: more, as: UTF8.self))
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: UnsafeBufferPointer(rebasing: line[0..<colon]), as: UTF8.self)
        let value = Self.trimmed(UnsafeBufferPointer(rebasing: line[(colon + 1)...]))
        headers.add(name: name, value: String(decoding: value, as: UTF8.self))
    }

    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return bytes[start..<end]
    }
}

// The C callbacks. They are global functions without captures so Swift can pass them as C
// function pointers; their context arrives through `userdata`.

func curlWriteBody(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let userdata else { return 0 }
    let transfer = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    let total = size * count
    guard total > 0, let data else { return total }
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: total)
    return transfer.appendBody(bytes) ? total : 0
}

func curlWriteHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let userdata else { return 0 }
    let transfer = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    let total = size * count
    guard total > 0, let data else { return total }
    transfer.receiveHeaderLine(
        UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: total))
    return total
}

/// Called by libcurl about once a second and on progress; non-zero aborts the transfer with
/// CURLE_ABORTED_BY_CALLBACK. Used for task cancellation and client shutdown.
func curlProgress(
    _ userdata: UnsafeMutableRawPointer?, _ dlTotal: curl_off_t, _ dlNow: curl_off_t,
    _ ulTotal: curl_off_t, _ ulNow: curl_off_t
) -> Int32 {
    guard let userdata else { return 0 }
    let transfer = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    guard let reason = transfer.shouldAbort() else { return 0 }
    transfer.abortReason = reason
    return 1
}
