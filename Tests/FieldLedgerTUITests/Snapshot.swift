import Foundation
import Testing
@testable import FieldLedgerTUI

/// Compares a rendered screen with the expected text, trailing spaces ignored per line. On a
/// mismatch the actual screen is also written to $TMPDIR/fieldledger-snapshots/NAME.txt so it
/// can be reviewed and pasted in.
func expectScreen(_ grid: CellGrid, _ expected: String, _ name: String,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    func trimmed(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
    }
    let actual = trimmed(grid.text)
    if actual != trimmed(expected) {
        let dir = NSTemporaryDirectory() + "fieldledger-snapshots"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try? actual.write(toFile: dir + "/\(name).txt", atomically: true, encoding: .utf8)
    }
    #expect(actual == trimmed(expected), "screen \(name) differs", sourceLocation: sourceLocation)
}
