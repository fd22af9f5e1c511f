import Foundation

/// A JSON document kept exactly as it was written: object members keep their order and numbers
/// keep their literal text, so money (`"amount": 0.1`) survives a round trip without ever
/// passing through `Double`.
///
/// Shared by the connectors (FieldLedgerCore) and the simulators (FieldLedgerSim) because it is a
/// data format, not knowledge of any API.
///
/// ```swift
/// let doc = try JSONValue(parsing: #"{"amount": 0.10, "lines": [1, 2]}"#)
/// doc["amount"]?.decimalValue   // 0.1, exact
/// doc.serialized()              // {"amount":0.10,"lines":[1,2]}
/// ```
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON number as its literal text (validated by the parser or produced from an exact value).
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The literal, e.g. `"12.50"` or `"-3e2"`.
    public let literal: String

    /// Wraps a literal the caller has already validated (the parser does).
    init(validatedLiteral: String) { self.literal = validatedLiteral }

    public init(_ value: Int) { self.literal = String(value) }
    public init(_ value: Int64) { self.literal = String(value) }
    /// Money and quantities: written in plain notation, never through `Double`.
    public init(_ value: Decimal) { self.literal = value.plainString }

    /// The exact decimal value of the literal.
    public var decimal: Decimal? { Decimal(string: literal, locale: Locale(identifier: "en_US_POSIX")) }
    /// The value as an integer when the literal is one (no fraction, no exponent).
    public var int: Int? { Int(literal) }
    /// For non-money uses only (ratios, sizes).
    public var double: Double? { Double(literal) }
    public var description: String { literal }

    public static func == (a: JSONNumber, b: JSONNumber) -> Bool {
        if a.literal == b.literal { return true }
        guard let x = a.decimal, let y = b.decimal else { return false }
        return x == y
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(decimal) }
}


extension Decimal {
    /// Plain decimal notation (`1234.5`, `-0.01`), independent of locale.
    public var plainString: String {
        var copy = self
        return NSDecimalString(&copy, Locale(identifier: "en_US_POSIX"))
    }
}

/// An ordered JSON object. Lookup by key is linear (objects from APIs are small).
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var members: [(key: String, value: JSONValue)]

    public init() { members = [] }
    /// A later member with the same key replaces the earlier one's value in place (as assigning
    /// through the subscript would). Large objects are de-duplicated through a hash index, so
    /// building one is linear rather than quadratic (the simulators build one per entity served).
    public init(_ members: [(key: String, value: JSONValue)]) {
        guard members.count > 8 else {
            self.members = []
            for (k, v) in members { self[k] = v }
            return
        }
        var unique: [(key: String, value: JSONValue)] = []
        unique.reserveCapacity(members.count)
        var position = [String: Int](minimumCapacity: members.count)
        for member in members {
            if let i = position[member.key] {
                unique[i].value = member.value
            } else {
                position[member.key] = unique.count
                unique.append(member)
            }
        }
        self.members = unique
    }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { (key: $0.0, value: $0.1) })
    }
    /// Members whose keys the caller knows to be distinct (the parser, which de-duplicates;
    /// objects built from a schema), taken as they are: no de-duplication pass.
    public init(uniqueMembers members: [(key: String, value: JSONValue)]) {
        self.members = members
    }


    public var keys: [String] { members.map(\.key) }
    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }

    /// Reading returns the value; assigning replaces in place (order kept) or appends;
    /// assigning `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get { members.first(where: { $0.key == key })?.value }
        set {
            if let i = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[i].value = newValue } else { members.remove(at: i) }
            } else if let newValue {
                members.append((key: key, value: newValue))
            }
        }
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> { members.makeIterator() }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.members.count == b.members.count else { return false }
        for (k, v) in a.members where b[k] != v { return false }
        return true
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for (k, _) in members.sorted(by: { $0.key < $1.key }) { hasher.combine(k) }
    }
}

// MARK: - Convenience accessors

extension JSONValue {
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }
    public var objectValue: JSONObject? { if case .object(let o) = self { return o }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var numberValue: JSONNumber? { if case .number(let n) = self { return n }; return nil }
    public var decimalValue: Decimal? { numberValue?.decimal }
    public var intValue: Int? { numberValue?.int }
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// A short name of the kind, for error messages ("expected a string, found a number").
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { (key: $0.0, value: $0.1) }))
    }
    public init(nilLiteral: ()) { self = .null }
    public static func decimal(_ d: Decimal) -> JSONValue { .number(JSONNumber(d)) }
    public static func int(_ i: Int) -> JSONValue { .number(JSONNumber(i)) }
}
