/// The query options of one OData request (reference §3), built safely: values are quoted as
/// OData literals and the whole query is percent-encoded in one place.
public struct ODataQuery: Sendable, Equatable {
    public var filter: String?
    public var select: [String] = []
    public var expand: [String] = []
    public var orderBy: String?
    public var top: Int?

    public init(filter: String? = nil, select: [String] = [], expand: [String] = [], orderBy: String? = nil, top: Int? = nil) {
        self.filter = filter
        self.select = select
        self.expand = expand
        self.orderBy = orderBy
        self.top = top
    }

    /// `'O''Brien & Sons'`: an OData string literal (single quotes doubled).
    public static func literal(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `field eq 'value'`.
    public static func equals(_ field: String, _ value: String) -> String { "\(field) eq \(literal(value))" }

    /// The query string without the leading `?` (empty when there are no options).
    public var queryString: String {
        var parts: [String] = []
        if let filter { parts.append("$filter=" + FormEncoding.escape(filter)) }
        if !select.isEmpty { parts.append("$select=" + FormEncoding.escape(select.joined(separator: ","))) }
        if !expand.isEmpty { parts.append("$expand=" + FormEncoding.escape(expand.joined(separator: ","))) }
        if let orderBy { parts.append("$orderby=" + FormEncoding.escape(orderBy)) }
        if let top { parts.append("$top=\(top)") }
        return parts.joined(separator: "&")
    }
}
