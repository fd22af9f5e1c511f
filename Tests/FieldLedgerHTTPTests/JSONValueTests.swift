import Foundation
import Testing

@testable import FieldLedgerHTTP

@Suite("JSONValue")
struct JSONValueTests {
    @Test("0.1 + 0.2 is exactly 0.3, and literals serialize unchanged")
    func exactDecimals() throws {
        let text = #"{"a":0.1,"b":0.2,"c":12.50,"d":-3e2,"e":100000000000000000000001}"#
        let json = try JSONValue(parsing: text)
        let a = try #require(json["a"]?.decimalValue)
        let b = try #require(json["b"]?.decimalValue)
        #expect(a + b == Decimal(string: "0.3"))
        #expect(JSONValue.decimal(a + b).serialized() == "0.3")
        #expect(json.serialized() == text)
        #expect(json["c"]?.numberValue?.literal == "12.50")
        #expect(json["c"] == .decimal(Decimal(string: "12.5")!))
        #expect(json["e"]?.decimalValue == Decimal(string: "100000000000000000000001"))
    }

    @Test("object member order is preserved through parse and serialize")
    func order() throws {
        let text = #"{"zeta":1,"alpha":{"y":true,"b":null,"x":[3,1,2]},"mid":"m"}"#
        let json = try JSONValue(parsing: text)
        #expect(json.objectValue?.keys == ["zeta", "alpha", "mid"])
        #expect(json["alpha"]?.objectValue?.keys == ["y", "b", "x"])
        #expect(json.serialized() == text)
        #expect(json.serialized(sortedKeys: true) == #"{"alpha":{"b":null,"x":[3,1,2],"y":true},"mid":"m","zeta":1}"#)
    }

    @Test("escapes and surrogate pairs decode; control characters re-escape")
    func escapes() throws {
        let json = try JSONValue(parsing: #"["a\u00e9\ud83d\ude92\n\t\"\\\/", "Zoë 東京"]"#)
        #expect(json[0]?.stringValue == "aé🚒\n\t\"\\/")
        #expect(json[1]?.stringValue == "Zoë 東京")
        #expect(JSONValue.string("x\u{01}\n\"").serialized() == #""x\u0001\n\"""#)
        let roundTrip = try JSONValue(parsing: json.serialized())
        #expect(roundTrip == json)
    }

    @Test("malformed input reports line and column", arguments: [
        (#"{"a":1,}"#, 1, 8),
        ("{\n  \"a\": tru\n}", 2, 8),
        ("[1, 2", 1, 6),
        (#"{"a" 1}"#, 1, 6),
        ("\"abc", 1, 1),
        ("01", 1, 2),
        (#"["\ud83d"]"#, 1, 9),
        ("[1] x", 1, 5),
        ("", 1, 1),
    ])
    func malformed(text: String, line: Int, column: Int) {
        #expect {
            _ = try JSONValue(parsing: text)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.line == line && error.column == column && error.description.contains("line \(line)")
        }
    }

    @Test("nesting deeper than the limit is refused, not a stack overflow")
    func deepNesting() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
        let ok = String(repeating: "[", count: 50) + String(repeating: "]", count: 50)
        #expect((try? JSONValue(parsing: ok)) != nil)
        do {
            _ = try JSONValue(parsing: deep)
        } catch {
            #expect(error.message.contains("nesting deeper than 200"))
        }
    }

    @Test("the response body parses as JSON")
    func responseJSON() throws {
        let response = HTTPResponse(status: 200, body: Array(#"{"amount":0.10}"#.utf8))
        #expect(try response.json()["amount"]?.decimalValue == Decimal(string: "0.1"))
        let bad = HTTPResponse(status: 200, body: Array("<html>".utf8))
        #expect(throws: JSONParseError.self) { try bad.json() }
    }
}
