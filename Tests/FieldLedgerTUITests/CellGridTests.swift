import Testing
@testable import FieldLedgerTUI

@Suite struct CellGridTests {
    @Test func textIsOneLinePerRowWithClipping() {
        var grid = CellGrid(width: 6, height: 2)
        grid.put("abcdefgh", x: 1, y: 0)
        grid.put("zz", x: -1, y: 1)
        grid.put("never", x: 0, y: 5)
        #expect(grid.text == " abcde\nz     ")
    }

    @Test func wideCharactersTakeTwoCells() {
        var grid = CellGrid(width: 6, height: 1)
        let used = grid.put("日本x", x: 0, y: 0)
        #expect(used == 5)
        #expect(grid[0, 0].text == "日")
        #expect(grid[1, 0].text == "")
        #expect(grid.text == "日本x ")
    }

    @Test func aWideCharacterThatDoesNotFitIsLeftOut() {
        var grid = CellGrid(width: 3, height: 1)
        grid.put("a日本", x: 0, y: 0)
        #expect(grid.text == "a日")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var grid = CellGrid(width: 4, height: 1)
        grid.put("日本", x: 0, y: 0)
        grid.put("x", x: 1, y: 0)
        #expect(grid.text == " x本")
    }

    @Test func regionsAreFoundByPosition() {
        var grid = CellGrid(width: 10, height: 2)
        grid.addRegion(HitRegion(x: 2, y: 1, width: 3, command: .help))
        #expect(grid.region(atX: 2, y: 1)?.command == .help)
        #expect(grid.region(atX: 4, y: 1)?.command == .help)
        #expect(grid.region(atX: 5, y: 1) == nil)
        #expect(grid.region(atX: 3, y: 0) == nil)
    }
}

@Suite struct TextLayoutTests {
    @Test func widths() {
        #expect(TextLayout.width(of: "abc") == 3)
        #expect(TextLayout.width(of: "日本語") == 6)
        #expect(TextLayout.width(of: "é") == 1)
        #expect(TextLayout.width(of: "e\u{301}") == 1)
        #expect(TextLayout.width(of: "🙂") == 2)
        #expect(TextLayout.width(of: "Zoë") == 3)
    }

    @Test func truncationIsMarked() {
        #expect(TextLayout.truncate("Backflow Testing", to: 8) == "Backflo…")
        #expect(TextLayout.truncate("short", to: 8) == "short")
        #expect(TextLayout.truncate("日本語です", to: 5) == "日本…")
        #expect(TextLayout.truncate("abcdef", to: 4, marker: "~") == "abc~")
        #expect(TextLayout.truncate("abc", to: 0) == "")
    }

    @Test func fitPadsAndRightAlignAligns() {
        #expect(TextLayout.fit("ab", 4) == "ab  ")
        #expect(TextLayout.rightAlign("1,204", 8) == "   1,204")
        #expect(TextLayout.rightAlign("12345678", 4) == "123…")
        #expect(TextLayout.center("ab", 6) == "  ab  ")
    }

    @Test func countsHaveSeparators() {
        #expect(Format.count(1_234_567, 10) == " 1,234,567")
        #expect(Format.count(0, 3) == "  0")
        #expect(Format.count(-1200, 6) == "-1,200")
    }

    @Test func durations() {
        #expect(Format.duration(45) == "45s")
        #expect(Format.duration(180) == "3m")
        #expect(Format.duration(2 * 3600 + 4 * 60) == "2h 04m")
        #expect(Format.duration(2 * 86_400 + 5 * 3600) == "2d 5h")
    }
}
