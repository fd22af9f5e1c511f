import Foundation

/// A parsed `$filter` expression (the subset BC documents, reference §3): comparisons, `and`,
/// `or` on one property, `not`, `in (…)`, and `contains`/`startswith`/`endswith`, with `tolower`
/// / `toupper` around the property.
indirect enum ODataFilter: Sendable, Equatable {
    case and(ODataFilter, ODataFilter)
    case or(ODataFilter, ODataFilter)
    case not(ODataFilter)
    case compare(ODataOperand, ComparisonOperator, ODataLiteral)
    case isIn(ODataOperand, [ODataLiteral])
    case function(StringFunction, ODataOperand, String)

    enum ComparisonOperator: String, Sendable {
        case eq, ne, gt, ge, lt, le
    }

    enum StringFunction: String, Sendable {
        case contains, startswith, endswith
    }

    /// Every property the expression reads.
    var properties: [String] {
        switch self {
        case .and(let a, let b), .or(let a, let b): a.properties + b.properties
        case .not(let a): a.properties
        case .compare(let operand, _, _), .isIn(let operand, _), .function(_, let operand, _): [operand.property]
        }
    }

    /// Parses the text of `$filter`.
    init(parsing text: String) throws(ODataError) {
        var parser = ODataFilterParser(tokens: try ODataFilterLexer.tokens(text))
        self = try parser.parseExpression()
        guard parser.atEnd else { throw .syntax("Unexpected '\(parser.peekText)' in $filter at token \(parser.position + 1).") }
    }

    /// Checks property names, literal types and the OR rule against the entity type.
    func validate(_ schema: some ODataSchema) throws(ODataError) {
        switch self {
        case .and(let a, let b):
            try a.validate(schema)
            try b.validate(schema)
        case .or(let a, let b):
            try a.validate(schema)
            try b.validate(schema)
            let distinct = Array(Set(properties)).sorted()
            if distinct.count > 1 { throw .orAcrossFields(distinct) }
        case .not(let a):
            try a.validate(schema)
        case .compare(let operand, _, let literal):
            let type = try operand.type(in: schema)
            try Self.check(literal, against: type, property: operand.property)
        case .isIn(let operand, let literals):
            let type = try operand.type(in: schema)
            for literal in literals { try Self.check(literal, against: type, property: operand.property) }
        case .function(_, let operand, _):
            let type = try operand.type(in: schema)
            guard type == .string || type == .guid else {
                throw .incompatibleTypes(property: operand.property, propertyType: type.edmName, literal: "Edm.String")
            }
        }
    }

    private static func check(_ literal: ODataLiteral, against type: ODataPropertyType, property: String) throws(ODataError) {
        let fits: Bool
        switch (type, literal) {
        case (_, .null): fits = true
        case (.string, .string), (.guid, .guid), (.guid, .string), (.boolean, .boolean),
             (.decimal, .number), (.integer, .number), (.date, .date), (.date, .string),
             (.dateTime, .dateTime), (.dateTime, .date): fits = true
        default: fits = false
        }
        guard fits else { throw .incompatibleTypes(property: property, propertyType: type.edmName, literal: literal.edmName) }
    }
}

/// The left side of a comparison: a property, optionally inside `tolower(…)` / `toupper(…)`.
struct ODataOperand: Sendable, Equatable {
    enum Transform: String, Sendable { case none, tolower, toupper }
    var property: String
    var transform: Transform = .none

    func type(in schema: some ODataSchema) throws(ODataError) -> ODataPropertyType {
        guard let type = schema.propertyType(property) else { throw .unknownProperty(property) }
        return type
    }
}

enum ODataFilterToken: Sendable, Equatable {
    case word(String)
    case string(String)
    case open, close, comma
}

enum ODataFilterLexer {
    static func tokens(_ text: String) throws(ODataError) -> [ODataFilterToken] {
        var tokens: [ODataFilterToken] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case " ", "\t": i += 1
            case "(": tokens.append(.open); i += 1
            case ")": tokens.append(.close); i += 1
            case ",": tokens.append(.comma); i += 1
            case "'":
                var value = ""
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == "'" {
                        if i + 1 < chars.count, chars[i + 1] == "'" { value.append("'"); i += 2; continue }
                        closed = true
                        i += 1
                        break
                    }
                    value.append(chars[i])
                    i += 1
                }
                guard closed else { throw .syntax("Unterminated string literal in $filter.") }
                tokens.append(.string(value))
            default:
                var word = ""
                while i < chars.count, !" \t(),'".contains(chars[i]) {
                    word.append(chars[i])
                    i += 1
                }
                tokens.append(.word(word))
            }
        }
        return tokens
    }
}

struct ODataFilterParser {
    let tokens: [ODataFilterToken]
    var position = 0

    init(tokens: [ODataFilterToken]) { self.tokens = tokens }

    var atEnd: Bool { position >= tokens.count }
    var peekText: String {
        guard !atEnd else { return "end" }
        switch tokens[position] {
        case .word(let w): return w
        case .string(let s): return "'\(s)'"
        case .open: return "("
        case .close: return ")"
        case .comma: return ","
        }
    }

    private mutating func keyword(_ name: String) -> Bool {
        if !atEnd, case .word(let w) = tokens[position], w.lowercased() == name {
            position += 1
            return true
        }
        return false
    }

    private mutating func expect(_ token: ODataFilterToken, _ what: String) throws(ODataError) {
        guard !atEnd, tokens[position] == token else { throw .syntax("Expected \(what) in $filter, found '\(peekText)'.") }
        position += 1
    }

    mutating func parseExpression() throws(ODataError) -> ODataFilter {
        var left = try parseAnd()
        while keyword("or") { left = .or(left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(ODataError) -> ODataFilter {
        var left = try parseUnary()
        while keyword("and") { left = .and(left, try parseUnary()) }
        return left
    }

    private mutating func parseUnary() throws(ODataError) -> ODataFilter {
        if keyword("not") { return .not(try parseUnary()) }
        guard !atEnd else { throw .syntax("The $filter expression ends too early.") }
        if tokens[position] == .open {
            position += 1
            let inner = try parseExpression()
            try expect(.close, "')'")
            return inner
        }
        guard case .word(let word) = tokens[position] else {
            throw .syntax("Expected a property name in $filter, found '\(peekText)'.")
        }
        position += 1
        if let function = ODataFilter.StringFunction(rawValue: word.lowercased()) {
            try expect(.open, "'(' after \(word)")
            let operand = try parseOperand()
            try expect(.comma, "',' in \(word)(…)")
            guard !atEnd, case .string(let argument) = tokens[position] else {
                throw .syntax("\(word)(…) needs a string literal as its second argument.")
            }
            position += 1
            try expect(.close, "')' closing \(word)(…)")
            return .function(function, operand, argument)
        }
        position -= 1
        let operand = try parseOperand()
        if keyword("in") {
            try expect(.open, "'(' after in")
            var literals: [ODataLiteral] = []
            repeat {
                literals.append(try parseLiteral())
            } while keyword(",") || consumeComma()
            try expect(.close, "')' closing the in list")
            return .isIn(operand, literals)
        }
        guard !atEnd, case .word(let opText) = tokens[position],
              let op = ODataFilter.ComparisonOperator(rawValue: opText.lowercased()) else {
            throw .syntax("Expected eq, ne, gt, ge, lt, le or in after '\(operand.property)', found '\(peekText)'.")
        }
        position += 1
        return .compare(operand, op, try parseLiteral())
    }

    private mutating func consumeComma() -> Bool {
        if !atEnd, tokens[position] == .comma { position += 1; return true }
        return false
    }

    private mutating func parseOperand() throws(ODataError) -> ODataOperand {
        guard !atEnd, case .word(let word) = tokens[position] else {
            throw .syntax("Expected a property name in $filter, found '\(peekText)'.")
        }
        position += 1
        if let transform = ODataOperand.Transform(rawValue: word.lowercased()), transform != .none {
            try expect(.open, "'(' after \(word)")
            let inner = try parseOperand()
            try expect(.close, "')' closing \(word)(…)")
            return ODataOperand(property: inner.property, transform: transform)
        }
        if ["substring", "length", "indexof", "trim", "concat", "year", "month", "day"].contains(word.lowercased()) {
            throw .unsupported("The function '\(word)' is not supported in $filter by this service.")
        }
        guard word.first.map({ $0.isLetter || $0 == "_" }) == true,
              word.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw .syntax("'\(word)' is not a property name.")
        }
        return ODataOperand(property: word)
    }

    private mutating func parseLiteral() throws(ODataError) -> ODataLiteral {
        guard !atEnd else { throw .syntax("The $filter expression ends where a value was expected.") }
        switch tokens[position] {
        case .string(let s):
            position += 1
            return .string(s)
        case .word(let w):
            position += 1
            guard let literal = ODataLiteral.classify(w) else {
                throw .syntax("'\(w)' is not a valid literal. Quote strings: '\(w)'.")
            }
            return literal
        default:
            throw .syntax("Expected a value in $filter, found '\(peekText)'.")
        }
    }
}
