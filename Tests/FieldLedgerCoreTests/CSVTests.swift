import Testing
@testable import FieldLedgerCore

@Suite("CSV: what finance pastes from a spreadsheet")
struct CSVTests {
    @Test("quoted fields with commas, doubled quotes, line breaks; CRLF; BOM; blank lines skipped")
    func parses() throws {
        let text = "\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\n1,,3\n"
        let records = try CSV.parse(text)
        #expect(records.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["1", "", "3"]])
        #expect(records.map(\.line) == [1, 2, 5])
    }

    @Test("an unclosed quote and text after a closing quote are errors with the line")
    func errors() {
        #expect(throws: CSV.ParseError(line: 2, message: "a quoted field is never closed")) { try CSV.parse("a,b\n\"oops,c\n") }
        #expect { try CSV.parse("a\n\"x\"y,z\n") } throws: { ($0 as? CSV.ParseError)?.line == 2 }
        #expect { try CSV.parse("a\nab\"c\n") } throws: { ($0 as? CSV.ParseError)?.message.contains("quote") == true }
    }

    @Test("escape round-trips through parse")
    func roundTrip() throws {
        let fields = ["plain", "with, comma", "with \"quote\"", " padded ", "multi\nline", ""]
        let line = fields.map(CSV.escape).joined(separator: ",")
        #expect(try CSV.parse(line).first?.fields == fields)
    }
}
