import Testing

@testable import FieldLedgerHTTP

@Suite("HTTPHeaders")
struct HTTPHeadersTests {
    @Test("lookups ignore case; order and repeats are kept")
    func lookup() {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        headers.add(name: "Set-Cookie", value: "a=1")
        headers.add(name: "set-cookie", value: "b=2")
        #expect(headers["content-type"] == "application/json")
        #expect(headers["CONTENT-TYPE"] == "application/json")
        #expect(headers.values("Set-Cookie") == ["a=1", "b=2"])
        #expect(headers["missing"] == nil)
        #expect(headers.map(\.name) == ["Content-Type", "Set-Cookie", "set-cookie"])
    }

    @Test("replaceOrAdd replaces the first and drops the others; remove drops all")
    func replaceAndRemove() {
        var headers: HTTPHeaders = ["A": "1", "b": "2", "X": "x"]
        headers.add(name: "B", value: "3")
        headers.replaceOrAdd(name: "B", value: "new")
        #expect(headers.fields.map(\.name) == ["A", "B", "X"])
        #expect(headers.values("b") == ["new"])
        headers.replaceOrAdd(name: "C", value: "c")
        #expect(headers["c"] == "c")
        headers.remove(name: "a")
        #expect(headers["A"] == nil)
        #expect(headers.count == 3)
    }

    @Test("description redacts secrets")
    func description() {
        let headers: HTTPHeaders = ["Authorization": "Bearer x", "Accept": "*/*"]
        #expect(headers.description == "[Authorization: <redacted>, Accept: */*]")
    }

    @Test("response header lines: interim responses dropped, folding joined, whitespace trimmed")
    func headerParsing() {
        let transfer = TransferState(maxBodyBytes: 10, shouldAbort: { nil })
        for line in [
            "HTTP/1.1 100 Continue\r\n", "X-Interim: yes\r\n", "\r\n",
            "HTTP/1.1 200 OK\r\n", "Content-Type:  text/plain \r\n", "X-Long: part one\r\n", "\t part two\r\n",
            "Empty:\r\n", "\r\n",
        ] {
            let bytes = Array(line.utf8)
            bytes.withUnsafeBufferPointer { transfer.receiveHeaderLine($0) }
        }
        #expect(transfer.headers["x-interim"] == nil)
        #expect(transfer.headers["content-type"] == "text/plain")
        #expect(transfer.headers["x-long"] == "part one part two")
        #expect(transfer.headers["empty"] == "")
        #expect(transfer.headers.count == 3)
    }

    @Test("timeouts convert to whole milliseconds, never 0 (which libcurl reads as no timeout)")
    func milliseconds() {
        #expect(CurlHandle.milliseconds(.seconds(5)) == 5000)
        #expect(CurlHandle.milliseconds(.milliseconds(250)) == 250)
        #expect(CurlHandle.milliseconds(.microseconds(1)) == 1)
        #expect(CurlHandle.milliseconds(.zero) == 1)
        #expect(CurlHandle.milliseconds(.microseconds(1500)) == 2)
    }
}
