import FieldLedgerCore

/// One live posting rule as the Mappings pane lists it. `rule` keeps the stored values (they go
/// back to the store when the rule is edited); the display strings are sanitised.
public struct RuleRow: Sendable, Equatable {
    public var rule: PostingRule
    /// "service_line Backflow Testing, item_type labor" (the used match columns), or "any".
    public var match: String
    public var target: String
    public var author: String
    public var createdAt: String
    /// An open `rule_problems` row: Business Central no longer supports the rule.
    public var problem: Problem?

    public struct Problem: Sendable, Equatable {
        public var code: String
        public var reason: String
        public var affected: Int

        public init(code: String, reason: String, affected: Int) {
            self.code = code
            self.reason = reason
            self.affected = affected
        }
    }

    public init(rule: PostingRule, match: String, target: String, author: String, createdAt: String, problem: Problem? = nil) {
        self.rule = rule
        self.match = match
        self.target = target
        self.author = author
        self.createdAt = createdAt
        self.problem = problem
    }

    public var id: Int64 { rule.id ?? 0 }
}

/// One master-data conflict as the Conflicts pane shows it (sanitised).
public struct ConflictRow: Sendable, Equatable {
    public var id: Int64
    public var entity: String
    public var stRef: String
    public var bcRef: String
    public var field: String
    public var stValue: String
    public var bcValue: String
    public var stModified: String
    public var bcModified: String
    /// servicetrade, businesscentral or newest.
    public var rule: String
    public var winner: String
    public var decidedAt: String
    public var explanation: String

    public init(id: Int64, entity: String, stRef: String, bcRef: String, field: String, stValue: String, bcValue: String,
                stModified: String, bcModified: String, rule: String, winner: String, decidedAt: String, explanation: String) {
        self.id = id
        self.entity = entity
        self.stRef = stRef
        self.bcRef = bcRef
        self.field = field
        self.stValue = stValue
        self.bcValue = bcValue
        self.stModified = stModified
        self.bcModified = bcModified
        self.rule = rule
        self.winner = winner
        self.decidedAt = decidedAt
        self.explanation = explanation
    }

    public var winningValue: String { winner == "servicetrade" ? stValue : bcValue }
    public var losingValue: String { winner == "servicetrade" ? bcValue : stValue }

    /// Everything `/` matches against.
    var searchText: String { [stRef, bcRef, field, stValue, bcValue, winner, rule, entity].joined(separator: " ") }
}

extension PostingRule.Kind {
    /// The rule table's name on screen.
    var title: String {
        switch self {
        case .glAccount: "GL accounts"
        case .purchaseGL: "Purchase GL"
        case .stockAdjustmentGL: "Stock adjustment GL"
        case .timecardGL: "Timecard GL"
        case .dimension: "Dimensions"
        case .taxGroup: "Tax groups"
        case .taxArea: "Tax areas"
        case .paymentTerms: "Payment terms"
        case .costCode: "Cost codes"
        case .fieldAuthority: "Field authority"
        }
    }
}
