import Testing
@testable import FieldLedgerTUI

@Suite struct SanitizerTests {
    @Test func plainTextIsUnchanged() {
        #expect(Sanitizer.clean("INV-1001 Zoë 日本 🙂") == "INV-1001 Zoë 日本 🙂")
    }

    @Test func escapeSequencesAreRemovedWhole() {
        #expect(Sanitizer.clean("a\u{1B}[31mred\u{1B}[0m b") == "ared b")
        #expect(Sanitizer.clean("x\u{1B}]0;pwned title\u{07}y") == "xy")
        #expect(Sanitizer.clean("x\u{1B}]52;c;ZXZpbA==\u{1B}\\y") == "xy")
        #expect(Sanitizer.clean("x\u{1B}cy") == "xy")
        #expect(Sanitizer.clean("x\u{9B}2Jy") == "xy")
        #expect(Sanitizer.clean("x\u{1B}P1;2qdata\u{1B}\\y") == "xy")
    }

    @Test func controlCharactersBecomeVisible() {
        #expect(Sanitizer.clean("a\u{07}b\u{08}c\u{7F}d\u{85}e") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e")
        #expect(Sanitizer.clean("line1\nline2\tx\r") == "line1 line2 x ")
    }

    @Test func bidirectionalOverridesCannotReorderText() {
        #expect(Sanitizer.clean("INV\u{202E}1001") == "INV\u{FFFD}1001")
        #expect(Sanitizer.clean("a\u{2066}b") == "a\u{FFFD}b")
    }

    @Test func aTrailingEscapeIsDropped() {
        #expect(Sanitizer.clean("abc\u{1B}") == "abc")
        #expect(Sanitizer.clean("abc\u{1B}[12") == "abc")
    }
}
