import GRDB

/// One row of `posting_rules`: finance's answer to "where does this go in the ledger?".
///
/// Rows are immutable versions: a change inserts a new row and retires the old one
/// (`retiredAt`, `retiredByVersion`), so the rule id recorded with a posted line names exactly
/// the rule that decided it. Only live rows (`retiredAt == nil`) are ever resolved.
public struct PostingRule: Sendable, Equatable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "posting_rules"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// The rule tables. Which columns each kind matches on is `PostingRule.Kind.spec` (one place).
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// GL account per sales line (invoice and credit memo: `document`), by item type, service
        /// line, branch and job type (most specific wins).
        case glAccount = "gl_account"
        /// GL account per purchase line (receipts, vendor bills) by item category and vendor.
        case purchaseGL = "purchase_gl"
        /// GL account per stock adjustment by item category and branch.
        case stockAdjustmentGL = "stock_adjustment_gl"
        /// GL account per timecard by service line, branch and job type.
        case timecardGL = "timecard_gl"
        /// Dimension value per service line, branch, job or technician.
        case dimension
        /// Business Central tax group per ServiceTrade tax rate.
        case taxGroup = "tax_group"
        /// Business Central tax area per ServiceTrade location (or company).
        case taxArea = "tax_area"
        /// Business Central payment terms per ServiceTrade terms.
        case paymentTerms = "payment_terms"
        /// Job task (and work type) per timecard activity or labour type.
        case costCode = "cost_code"
        /// Which system wins a two-way master-data field: servicetrade, businesscentral or newest.
        case fieldAuthority = "field_authority"

        /// The GL kinds: matched by specificity over their match columns, target an account.
        public var isGL: Bool { [.glAccount, .purchaseGL, .stockAdjustmentGL, .timecardGL].contains(self) }
    }

    public static let any = "*"

    public var id: Int64?
    public var kind: Kind
    public var document: String = PostingRule.any
    public var itemType: String = PostingRule.any
    public var serviceLine: String = PostingRule.any
    public var branch: String = PostingRule.any
    public var jobType: String = PostingRule.any
    public var category: String = PostingRule.any
    public var vendor: String = PostingRule.any
    public var sourceKind: String = PostingRule.any
    public var sourceValue: String = PostingRule.any
    public var dimensionCode: String = ""
    public var target: String
    public var workType: String = ""
    public var createdAt: String
    public var createdBy: String
    /// The `rule_changes` version that added this row (nil: before versioning).
    public var version: Int64?
    public var retiredAt: String?
    public var retiredByVersion: Int64?

    public init(kind: Kind, document: String = PostingRule.any, itemType: String = PostingRule.any,
                serviceLine: String = PostingRule.any, branch: String = PostingRule.any, jobType: String = PostingRule.any,
                category: String = PostingRule.any, vendor: String = PostingRule.any,
                sourceKind: String = PostingRule.any, sourceValue: String = PostingRule.any,
                dimensionCode: String = "", target: String, workType: String = "", createdBy: String, at: String = Timestamp.now()) {
        self.kind = kind
        self.document = document
        self.itemType = itemType
        self.serviceLine = serviceLine
        self.branch = branch
        self.jobType = jobType
        self.category = category
        self.vendor = vendor
        self.sourceKind = sourceKind
        self.sourceValue = sourceValue
        self.dimensionCode = dimensionCode
        self.target = target
        self.workType = workType
        self.createdAt = at
        self.createdBy = createdBy
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public var isLive: Bool { retiredAt == nil }

    /// The GL match columns, in precedence-report order.
    var glPattern: [String] { [document, itemType, serviceLine, branch, jobType, category, vendor] }

    /// How specific a GL rule is: each non-wildcard match column counts one.
    var specificity: Int { glPattern.filter { $0 != PostingRule.any }.count }

    /// What the rule matches, without its target: two live rules may not share it.
    var matchKey: [String] {
        [kind.rawValue, document, itemType, serviceLine, branch, jobType, category, vendor, sourceKind, sourceValue, dimensionCode]
    }

    /// The same rule content as a fresh row (for re-adding on rollback).
    func copy(by author: String, at: String) -> PostingRule {
        var rule = self
        rule.id = nil
        rule.version = nil
        rule.retiredAt = nil
        rule.retiredByVersion = nil
        rule.createdBy = author
        rule.createdAt = at
        return rule
    }

    /// Same match and outcome (ignores id, authorship and version bookkeeping).
    func sameContent(as other: PostingRule) -> Bool {
        matchKey == other.matchKey && target == other.target && workType == other.workType
    }
}
