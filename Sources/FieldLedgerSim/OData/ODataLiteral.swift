import Foundation

/// A literal in a `$filter` expression.
enum ODataLiteral: Sendable, Equatable {
    case string(String)
    case number(Decimal)
    case boolean(Bool)
    case guid(String)
    case date(String)
    case dateTime(Date, text: String)
    case null

    var edmName: String {
        switch self {
        case .string: "Edm.String"
        case .number: "Edm.Decimal"
        case .boolean: "Edm.Boolean"
        case .guid: "Edm.Guid"
        case .date: "Edm.Date"
        case .dateTime: "Edm.DateTimeOffset"
        case .null: "null"
        }
    }

    /// Classifies an unquoted word: keyword literal, GUID, date, date-time or number.
    static func classify(_ word: String) -> ODataLiteral? {
        switch word {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "null": return .null
        default: break
        }
        if isGUID(word) { return .guid(word.lowercased()) }
        if isDate(word) { return .date(word) }
        if word.count > 10, isDate(String(word.prefix(10))), word[word.index(word.startIndex, offsetBy: 10)] == "T",
           let date = SimTime.parseISO8601(word) {
            return .dateTime(date, text: word)
        }
        if word.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true,
           word.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "." || $0 == "e" || $0 == "E" || $0 == "+" }),
           let number = Decimal(string: word, locale: Locale(identifier: "en_US_POSIX")) {
            return .number(number)
        }
        return nil
    }

    static func isGUID(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        return parts.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
    }
}
