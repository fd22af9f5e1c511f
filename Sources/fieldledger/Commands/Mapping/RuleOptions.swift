import ArgumentParser
import FieldLedgerCore

/// The columns of one rule as options (`mapping set`, `mapping preview`): the kind, then one
/// option per column a kind may use (see `mapping --help`).
struct RuleOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The rule kind: \(PostingRule.Kind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"))
    var kind: String?

    @Option(help: "gl_account: invoice | credit_memo | * (default *).") var document: String?
    @Option(help: "gl_account: labor | material | other | * (default *).") var itemType: String?
    @Option(help: "gl_account, timecard_gl: ServiceTrade service line name (default *).") var serviceLine: String?
    @Option(help: "gl_account, stock_adjustment_gl, timecard_gl: ServiceTrade region name (default *).") var branch: String?
    @Option(help: "gl_account, timecard_gl: ServiceTrade job type (default *).") var jobType: String?
    @Option(help: "purchase_gl, stock_adjustment_gl: PartsManager item category (default *).") var category: String?
    @Option(help: "purchase_gl: PartsManager vendor code (default *).") var vendor: String?
    @Option(help: "dimension, tax_area, cost_code: what is matched; field_authority: the entity.") var sourceKind: String?
    @Option(help: "The ServiceTrade value matched; field_authority: the field.") var sourceValue: String?
    @Option(help: "dimension: the Business Central dimension code.") var dimensionCode: String?
    @Option(help: "The account, dimension value, tax group or area, terms code, job task, or authority.") var target: String?
    @Option(help: "cost_code: the Business Central work type.") var workType: String?

    /// The rule these options describe (defaults and shape are checked when it is saved or previewed).
    func rule(by user: String) throws -> PostingRule {
        guard let kind else { throw ValidationError("name the rule kind (\(PostingRule.Kind.allCases.map(\.rawValue).joined(separator: ", ")))") }
        guard let parsed = PostingRule.Kind(rawValue: kind) else {
            throw ValidationError("unknown kind '\(kind)'; use one of \(PostingRule.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var rule = PostingRule(kind: parsed, target: target ?? "", createdBy: user)
        let values: [(RuleColumn, String?)] = [(.document, document), (.itemType, itemType), (.serviceLine, serviceLine),
            (.branch, branch), (.jobType, jobType), (.category, category), (.vendor, vendor), (.sourceKind, sourceKind),
            (.sourceValue, sourceValue), (.dimensionCode, dimensionCode), (.workType, workType)]
        for (column, value) in values { column.assign(value ?? "", to: &rule) }
        return rule
    }

    var isEmpty: Bool { kind == nil }
}

/// `--reason`, required on every change.
struct ReasonOption: ParsableArguments {
    @Option(help: "Why (kept in the history; required).") var reason: String
}
