import GRDB

/// One row of `posting_rules`: finance's answer to "where does this go in the ledger?".
public struct PostingRule: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "posting_rules"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// GL account per invoice line by item type, service line and branch (most specific wins).
        case glAccount = "gl_account"
        /// Dimension value per service line, branch, job or technician.
        case dimension
        /// Business Central tax group per ServiceTrade tax rate.
        case taxGroup = "tax_group"
        /// Business Central tax area per ServiceTrade location (or company).
        case taxArea = "tax_area"
        /// Business Central payment terms per ServiceTrade terms.
        case paymentTerms = "payment_terms"
    }

    public static let any = "*"

    public var id: Int64?
    public var kind: Kind
    public var itemType: String = PostingRule.any
    public var serviceLine: String = PostingRule.any
    public var branch: String = PostingRule.any
    public var sourceKind: String = PostingRule.any
    public var sourceValue: String = PostingRule.any
    public var dimensionCode: String = ""
    public var target: String
    public var createdAt: String
    public var createdBy: String

    public init(kind: Kind, itemType: String = PostingRule.any, serviceLine: String = PostingRule.any,
                branch: String = PostingRule.any, sourceKind: String = PostingRule.any, sourceValue: String = PostingRule.any,
                dimensionCode: String = "", target: String, createdBy: String, at: String = Timestamp.now()) {
        self.kind = kind
        self.itemType = itemType
        self.serviceLine = serviceLine
        self.branch = branch
        self.sourceKind = sourceKind
        self.sourceValue = sourceValue
        self.dimensionCode = dimensionCode
        self.target = target
        self.createdAt = at
        self.createdBy = createdBy
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// How specific a GL rule is: each non-wildcard match column counts one.
    var specificity: Int {
        [itemType, serviceLine, branch].filter { $0 != PostingRule.any }.count
    }
}
