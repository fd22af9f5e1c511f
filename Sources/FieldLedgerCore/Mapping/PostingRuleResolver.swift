import GRDB

/// The one place that answers "which account, dimension values, tax group, tax area and terms
/// does this source record get?". The engine, the CLI's preview and the console all ask here.
public struct PostingRuleResolver: Sendable {
    /// A resolved value and the rule that gave it (traced with each posted line).
    public struct Resolution: Sendable, Equatable {
        public var value: String
        public var ruleID: Int64?
    }

    private let rules: [PostingRule]

    public init(rules: [PostingRule]) { self.rules = rules }

    /// All rules from the store.
    public static func load(_ db: Database) throws -> PostingRuleResolver {
        PostingRuleResolver(rules: try PostingRule.fetchAll(db, sql: "SELECT * FROM posting_rules ORDER BY id"))
    }

    /// GL account for an invoice line: the matching rule with the most specific match wins
    /// (exact item type, service line and branch beat wildcards). Equal specificity with different
    /// accounts is ambiguous and resolves to nil (reported when the rule is saved).
    public func glAccount(itemType: String, serviceLine: String, branch: String?) -> Resolution? {
        let matches = rules.filter { rule in
            rule.kind == .glAccount
                && Self.matches(rule.itemType, itemType) && Self.matches(rule.serviceLine, serviceLine)
                && Self.matches(rule.branch, branch)
        }
        guard let best = matches.map(\.specificity).max() else { return nil }
        let top = matches.filter { $0.specificity == best }
        guard Set(top.map(\.target)).count == 1, let rule = top.first else { return nil }
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

    private static func matches(_ pattern: String, _ value: String?) -> Bool {
        pattern == PostingRule.any || pattern == value
    }
}
