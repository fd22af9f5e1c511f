/// The type of a property, as far as body validation and `$filter` literals need it.
/// Raw values are the codes of the generated BC metadata table.
enum ODataPropertyType: Character, Sendable {
    case guid = "g"
    case string = "s"
    case decimal = "n"
    case integer = "i"
    case boolean = "b"
    case date = "d"
    case dateTime = "t"

    /// How an error message names the expected JSON value.
    var expectation: String {
        switch self {
        case .guid: "a GUID string"
        case .string: "a string"
        case .decimal, .integer: "a number"
        case .boolean: "true or false"
        case .date: "a date string (yyyy-mm-dd)"
        case .dateTime: "a date-time string (ISO 8601, UTC)"
        }
    }

    /// The EDM name used in OData error messages.
    var edmName: String {
        switch self {
        case .guid: "Edm.Guid"
        case .string: "Edm.String"
        case .decimal: "Edm.Decimal"
        case .integer: "Edm.Int32"
        case .boolean: "Edm.Boolean"
        case .date: "Edm.Date"
        case .dateTime: "Edm.DateTimeOffset"
        }
    }
}

/// What the OData layer needs to know about an entity type.
protocol ODataSchema {
    /// `Microsoft.NAV.customer`
    var qualifiedType: String { get }
    func propertyType(_ name: String) -> ODataPropertyType?
}

/// Why a URL or query option was refused; the BC layer turns it into its error shape.
enum ODataError: Error, Sendable, Equatable {
    /// A property that the entity type does not have.
    case unknownProperty(String)
    /// Syntax error, with a description of what and where.
    case syntax(String)
    /// `or` over two different properties (reference §3).
    case orAcrossFields([String])
    /// An operand whose type cannot be compared with the property.
    case incompatibleTypes(property: String, propertyType: String, literal: String)
    /// A query option or function BC does not support.
    case unsupported(String)
}
