/// The checks a rule passes before it is saved: its shape (columns its kind uses, closed value
/// sets), Business Central's reference data (the account, dimension value, tax group or area,
/// payment terms exist and may be posted to), and precedence (no two live GL rules of equal
/// specificity match the same case).
public enum RuleCheck {
    /// Fills defaults and reports every shape problem of one rule.
    static func shape(_ rule: inout PostingRule) -> [RuleIssue] {
        let spec = rule.kind.spec
        var issues: [RuleIssue] = []
        for column in RuleColumn.allCases where column != .kind {
            let value = column.value(of: rule)
            if !spec.columns.contains(column) {
                if value != column.unused && !value.isEmpty { issues.append(.unused(column, value: value, kind: rule.kind)) }
                column.set(column.unused, on: &rule)
                continue
            }
            // Empty takes the default; so does the type's own wildcard where the column has a fixed value.
            let wildcardNotAllowed = value == PostingRule.any && spec.allowed[column].map { !$0.contains(PostingRule.any) } == true
            if value.isEmpty || wildcardNotAllowed, let fallback = spec.defaults[column] { column.set(fallback, on: &rule) }
            let filled = column.value(of: rule)
            if filled.isEmpty {
                if spec.required.contains(column) { issues.append(.missing(column, kind: rule.kind)) }
                continue
            }
            if let allowed = spec.allowed[column], !allowed.contains(filled) {
                issues.append(.notAllowed(column, value: filled, allowed: allowed))
            }
            if filled != filled.trimmingCharacters(in: .whitespaces) || filled.contains(where: { $0.isNewline }) {
                issues.append(RuleIssue(code: "BAD_VALUE", column: column,
                                        message: "'\(filled)' has leading or trailing spaces or a line break; values match exactly, so remove them."))
            }
        }
        if rule.kind == .dimension, rule.target == "=", rule.sourceValue != PostingRule.any {
            issues.append(RuleIssue(code: "BAD_VALUE", column: .target,
                                    message: "target '=' (use the source value itself) only makes sense with source_value *; name the dimension value instead."))
        }
        return issues
    }

    /// What is wrong with the rule's target in Business Central, or nil. Entity sets not cached
    /// yet are not checked here; `RuleHealth` checks them after the next reference refresh.
    public static func reference(_ rule: PostingRule, in reference: ReferenceIndex) -> RuleIssue? {
        switch rule.kind {
        case .glAccount, .purchaseGL, .stockAdjustmentGL, .timecardGL:
            // Purchase and stock adjustment accounts are inventory accounts that Business Central posts
            // through item posting setup, not direct G/L lines: direct posting is not required there.
            let direct = rule.kind != .purchaseGL && rule.kind != .stockAdjustmentGL
            guard reference.count("accounts") > 0,
                  let problem = accountProblem(rule.target, in: reference, requireDirectPosting: direct) else { return nil }
            return .reference(problem == "is blocked" ? "BLOCKED_GL_ACCOUNT" : "INVALID_GL_ACCOUNT", column: .target,
                              "GL account \(rule.target) \(problem) in Business Central; point the rule at a posting account that allows direct posting.")
        case .dimension:
            guard reference.count("dimensions") > 0 else { return nil }
            guard reference.entry("dimensions", code: rule.dimensionCode) != nil else {
                return .reference("UNKNOWN_DIMENSION", column: .dimensionCode,
                                  "dimension \(rule.dimensionCode) does not exist in Business Central; use one of its dimension codes.")
            }
            if rule.target == "=" { return nil }
            guard let value = reference.dimensionValue(dimension: rule.dimensionCode, value: rule.target) else {
                return .reference("UNKNOWN_DIMENSION_VALUE", column: .target,
                                  "dimension value \(rule.dimensionCode) \(rule.target) does not exist in Business Central (the API cannot create it); create it there or pick an existing value.")
            }
            if value.blocked || value.data["blocked"]?.boolValue == true {
                return .reference("BLOCKED_DIMENSION_VALUE", column: .target,
                                  "dimension value \(rule.dimensionCode) \(rule.target) is blocked in Business Central; unblock it there or pick another value.")
            }
            return nil
        case .taxGroup:
            return exists("taxGroups", rule.target, "TAX_GROUP", "tax group", reference)
        case .taxArea:
            return exists("taxAreas", rule.target, "TAX_AREA", "tax area", reference)
        case .paymentTerms:
            return exists("paymentTerms", rule.target, "PAYMENT_TERMS", "payment terms", reference)
        case .costCode, .fieldAuthority:
            return nil  // job tasks are not in the cached reference data; field authority names our own systems
        }
    }

    /// Why an account cannot take a direct posting ("does not exist", "is blocked", …), or nil.
    /// The engine's validator asks the same question of every invoice line.
    public static func accountProblem(_ number: String, in reference: ReferenceIndex, requireDirectPosting: Bool = true) -> String? {
        guard let account = reference.entry("accounts", code: number) else { return "does not exist" }
        if account.blocked { return "is blocked" }
        if let type = account.data["accountType"]?.stringValue, type != "Posting" {
            return "is a \(type) account, not a posting account"
        }
        if requireDirectPosting, account.data["directPosting"]?.boolValue == false { return "does not allow direct posting" }
        return nil
    }

    private static func exists(_ entity: String, _ code: String, _ codePrefix: String, _ what: String,
                               _ reference: ReferenceIndex) -> RuleIssue? {
        guard reference.count(entity) > 0, reference.entry(entity, code: code) == nil else { return nil }
        return .reference("UNKNOWN_\(codePrefix)", column: .target,
                          "\(what) \(code) does not exist in Business Central; use one of its codes (fieldledger mapping search \(entity) …).")
    }

    /// Ties and duplicates among `live` (the rule set as it would be) that involve a rule of
    /// `added` (indexes into `live`). Two GL rules tie when they have equal specificity and some
    /// line matches both — unless a live rule for exactly their overlap decides it.
    static func precedence(live: [PostingRule], added: Set<Int>) -> [(index: Int, issue: RuleIssue)] {
        var issues: [(Int, RuleIssue)] = []
        var byKey: [[String]: Int] = [:]
        for (i, rule) in live.enumerated() {
            if let j = byKey[rule.matchKey] {
                let (mine, other) = added.contains(i) ? (i, j) : (j, i)
                if added.contains(mine) { issues.append((mine, .duplicate(of: live[other], otherIsNew: added.contains(other)))) }
            } else {
                byKey[rule.matchKey] = i
            }
        }
        let patterns = Set(live.filter { $0.kind.isGL }.map { [$0.kind.rawValue] + $0.glPattern })
        for i in added.sorted() where live[i].kind.isGL {
            let rule = live[i]
            for (j, other) in live.enumerated() where j != i && other.kind == rule.kind && other.specificity == rule.specificity {
                if added.contains(j) && j < i { continue }  // reported once, on the first of the two
                guard rule.glPattern != other.glPattern else { continue }  // a duplicate, reported above
                guard let meet = overlap(rule.glPattern, other.glPattern) else { continue }
                if patterns.contains([rule.kind.rawValue] + meet) { continue }
                issues.append((i, .tie(rule, with: other, otherIsNew: added.contains(j))))
            }
        }
        return issues
    }

    /// The most general pattern both match, or nil when no case matches both.
    private static func overlap(_ a: [String], _ b: [String]) -> [String]? {
        var meet: [String] = []
        for (x, y) in zip(a, b) {
            if x == y || y == PostingRule.any { meet.append(x) } else if x == PostingRule.any { meet.append(y) } else { return nil }
        }
        return meet
    }
}
