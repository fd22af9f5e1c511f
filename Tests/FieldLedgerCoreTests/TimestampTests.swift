import FieldLedgerCore
import Foundation
import Testing

@Suite("Timestamp: the store's time text")
struct TimestampTests {
    @Test("string → date → string is the identity, with and without milliseconds")
    func roundTrip() throws {
        for text in ["2026-11-27T08:00:30.123Z", "1999-12-31T23:59:59.999Z", "2026-02-28T00:00:00.000Z"] {
            let date = try #require(Timestamp.date(text))
            #expect(Timestamp.string(date) == text)
        }
        let whole = try #require(Timestamp.date("2026-11-27T08:00:30Z"))
        #expect(Timestamp.string(whole) == "2026-11-27T08:00:30.000Z")
    }

    @Test("the hand parser agrees with ISO8601DateFormatter, and other ISO forms still parse")
    func agreesWithFormatter() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let text = "2026-07-04T13:45:07.250Z"
        #expect(Timestamp.date(text) == formatter.date(from: text))
        #expect(Timestamp.date("2026-07-04T15:45:07+02:00") == Timestamp.date("2026-07-04T13:45:07Z"))
    }

    @Test("text that is not a time gives nil", arguments: ["", "yesterday", "2026-13-01T00:00:00Z", "2026-11-27T25:00:00Z", "2026-11-27T08:00:30.12xZ"])
    func rejects(_ text: String) {
        #expect(Timestamp.date(text) == nil)
    }
}
