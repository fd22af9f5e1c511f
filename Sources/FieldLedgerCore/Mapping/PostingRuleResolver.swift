import GRDB

/// The one place that answers "which account, dimension values, tax group, tax area, terms,
/// job task and authority does this source record get?". The engine, the CLI's preview, rule
/// health and the console all ask here. It only ever sees live rules.
public struct PostingRuleResolver: Sendable {
    /// A resolved value and the rule that gave it (traced with each posted line).
    public struct Resolution: Sendable, Equatable {
        public var value: String
        public var ruleID: Int64?
    }

    /// A case to find a GL account for; nil members match only wildcard rules.
    public struct GLCase: Sendable, Equatable {
        public var document: String?
        public var itemType: String?
        public var serviceLine: String?
        public var branch: String?
        public var jobType: String?
        public var category: String?
        public var vendor: String?

        public init(document: String? = nil, itemType: String? = nil, serviceLine: String? = nil, branch: String? = nil,
                    jobType: String? = nil, category: String? = nil, vendor: String? = nil) {
            self.document = document
            self.itemType = itemType
            self.serviceLine = serviceLine
            self.branch = branch
            self.jobType = jobType
            self.category = category
            self.vendor = vendor
        }

        var values: [String?] { [document, itemType, serviceLine, branch, jobType, category, vendor] }
    }

    /// Who wins a two-way master-data field (one type, shared with the master-data flows).
    public typealias Authority = FieldLedgerCore.Authority

    private let rules: [PostingRule]
    /// The GL rules by kind with their match columns and specificity worked out once: every
    /// invoice line asks for an account.
    private let glRules: [PostingRule.Kind: [GLEntry]]

    private struct GLEntry: Sendable {
        var rule: PostingRule
        var pattern: [String]
        var specificity: Int
    }

    /// Retired rows among `rules` are ignored.
    public init(rules: [PostingRule]) {
        let live = rules.filter(\.isLive)
        self.rules = live
        self.glRules = Dictionary(grouping: live.map { GLEntry(rule: $0, pattern: $0.glPattern, specificity: $0.specificity) },
                                  by: \.rule.kind)
    }

    /// The live rules from the store.
    public static func load(_ db: Database) throws -> PostingRuleResolver {
        PostingRuleResolver(rules: try RuleBook.liveRules(db))
    }

    /// GL account for an invoice line (kept for the invoice flow; `glAccount(_:_:)` is the general form).
    public func glAccount(itemType: String, serviceLine: String, branch: String?) -> Resolution? {
        glAccount(.glAccount, GLCase(document: "invoice", itemType: itemType, serviceLine: serviceLine, branch: branch))
    }

    /// GL account for a credit memo line: the sales rules whose `document` is `credit_memo` or `*`.
    public func creditMemoAccount(itemType: String, serviceLine: String, branch: String?, jobType: String? = nil) -> Resolution? {
        glAccount(.glAccount, GLCase(document: "credit_memo", itemType: itemType, serviceLine: serviceLine, branch: branch, jobType: jobType))
    }

    /// GL account for a purchase line (receipt or vendor bill) by item category and vendor.
    public func purchaseAccount(category: String?, vendor: String?) -> Resolution? {
        glAccount(.purchaseGL, GLCase(category: category, vendor: vendor))
    }

    /// GL account for a stock adjustment by item category and branch.
    public func stockAdjustmentAccount(category: String?, branch: String?) -> Resolution? {
        glAccount(.stockAdjustmentGL, GLCase(branch: branch, category: category))
    }

    /// GL account for a timecard by service line, branch and job type.
    public func timecardAccount(serviceLine: String?, branch: String?, jobType: String?) -> Resolution? {
        glAccount(.timecardGL, GLCase(serviceLine: serviceLine, branch: branch, jobType: jobType))
    }

    /// The GL account of one GL kind: the matching rule with the most specific match wins. Equal
    /// specificity with different rules is a tie, refused at save time; should one exist anyway
    /// (rules written outside FieldLedger) it resolves to nil rather than to a guess.
    public func glAccount(_ kind: PostingRule.Kind, _ line: GLCase) -> Resolution? {
        let values = line.values
        var best = -1
        var top: [PostingRule] = []
        for entry in glRules[kind] ?? [] where zip(entry.pattern, values).allSatisfy({ Self.matches($0, $1) }) {
            if entry.specificity > best {
                best = entry.specificity
                top = [entry.rule]
            } else if entry.specificity == best {
                top.append(entry.rule)
            }
        }
        guard Set(top.map(\.target)).count == 1, let rule = top.min(by: { ($0.id ?? .max) < ($1.id ?? .max) }) else { return nil }
        return Resolution(value: rule.target, ruleID: rule.id)
    }

    /// The dimension value for a source value of one kind (`service_line` "HVAC" → DEPARTMENT/HVAC).
    public func dimension(sourceKind: String, sourceValue: String) -> (dimensionCode: String, resolution: Resolution)? {
        guard let rule = rules.first(where: { $0.kind == .dimension && $0.sourceKind == sourceKind && $0.sourceValue == sourceValue })
            ?? rules.first(where: { $0.kind == .dimension && $0.sourceKind == sourceKind && $0.sourceValue == PostingRule.any })
        else { return nil }
        // A wildcard job rule whose target is "=" means: the value's code is the source value itself.
        let value = rule.target == "=" ? sourceValue : rule.target
        return (rule.dimensionCode, Resolution(value: value, ruleID: rule.id))
    }

    public func taxGroup(forTaxRate name: String) -> Resolution? {
        rules.first { $0.kind == .taxGroup && $0.sourceValue == name }.map { Resolution(value: $0.target, ruleID: $0.id) }
    }

    /// The location's tax area, else the company's.
    public func taxArea(locationID: String?, companyID: String) -> Resolution? {
        if let locationID, let rule = rules.first(where: { $0.kind == .taxArea && $0.sourceKind == "location" && $0.sourceValue == locationID }) {
            return Resolution(value: rule.target, ruleID: rule.id)
        }
        return rules.first { $0.kind == .taxArea && $0.sourceKind == "company" && $0.sourceValue == companyID }
            .map { Resolution(value: $0.target, ruleID: $0.id) }
    }

    public func paymentTerms(forTerms name: String) -> Resolution? {
        rules.first { $0.kind == .paymentTerms && $0.sourceValue == name }.map { Resolution(value: $0.target, ruleID: $0.id) }
    }

    /// The job task (and work type, empty when the rule names none) for a timecard's activity or
    /// labour type: `sourceKind` is `activity` or `labor_type`. An exact value beats a `*` rule.
    public func costCode(sourceKind: String, value: String) -> (jobTask: Resolution, workType: String)? {
        guard let rule = rules.first(where: { $0.kind == .costCode && $0.sourceKind == sourceKind && $0.sourceValue == value })
            ?? rules.first(where: { $0.kind == .costCode && $0.sourceKind == sourceKind && $0.sourceValue == PostingRule.any })
        else { return nil }
        return (Resolution(value: rule.target, ruleID: rule.id), rule.workType)
    }

    /// Which system wins `field` of `entity` (e.g. customer, phoneNumber); an `entity, *` rule
    /// covers the entity's other fields; nil when no rule applies (the caller's default decides).
    public func fieldAuthority(entity: String, field: String) -> (authority: Authority, ruleID: Int64?)? {
        guard let rule = rules.first(where: { $0.kind == .fieldAuthority && $0.sourceKind == entity && $0.sourceValue == field })
            ?? rules.first(where: { $0.kind == .fieldAuthority && $0.sourceKind == entity && $0.sourceValue == PostingRule.any }),
              let authority = Authority(rawValue: rule.target)
        else { return nil }
        return (authority, rule.id)
    }

    private static func matches(_ pattern: String, _ value: String?) -> Bool {
        pattern == PostingRule.any || pattern == value
    }
}
