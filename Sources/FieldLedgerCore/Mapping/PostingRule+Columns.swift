/// The columns of a rule as finance sees them (CSV header names, CLI option names), and for each
/// kind which ones it uses and which values they take. The CSV format, the CLI, the shape check
/// and `fieldledger mapping --help` all read this one table.
public enum RuleColumn: String, Sendable, CaseIterable {
    case kind, document, itemType = "item_type", serviceLine = "service_line", branch, jobType = "job_type"
    case category, vendor, sourceKind = "source_kind", sourceValue = "source_value"
    case dimensionCode = "dimension_code", target, workType = "work_type"

    /// The columns every CSV carries, in order (an `id` column before them is informational).
    public static let csvHeader: [RuleColumn] = allCases

    /// The value a column holds when a kind does not use it.
    var unused: String {
        switch self {
        case .dimensionCode, .workType: ""
        default: PostingRule.any
        }
    }

    /// Sets one column of a rule being built (CLI options, CSV rows); the shape check validates it.
    public func assign(_ value: String, to rule: inout PostingRule) { set(value, on: &rule) }

    public func value(of rule: PostingRule) -> String {
        switch self {
        case .kind: rule.kind.rawValue
        case .document: rule.document
        case .itemType: rule.itemType
        case .serviceLine: rule.serviceLine
        case .branch: rule.branch
        case .jobType: rule.jobType
        case .category: rule.category
        case .vendor: rule.vendor
        case .sourceKind: rule.sourceKind
        case .sourceValue: rule.sourceValue
        case .dimensionCode: rule.dimensionCode
        case .target: rule.target
        case .workType: rule.workType
        }
    }

    func set(_ value: String, on rule: inout PostingRule) {
        switch self {
        case .kind: if let kind = PostingRule.Kind(rawValue: value) { rule.kind = kind }
        case .document: rule.document = value
        case .itemType: rule.itemType = value
        case .serviceLine: rule.serviceLine = value
        case .branch: rule.branch = value
        case .jobType: rule.jobType = value
        case .category: rule.category = value
        case .vendor: rule.vendor = value
        case .sourceKind: rule.sourceKind = value
        case .sourceValue: rule.sourceValue = value
        case .dimensionCode: rule.dimensionCode = value
        case .target: rule.target = value
        case .workType: rule.workType = value
        }
    }
}

extension PostingRule.Kind {
    /// How one kind uses the columns.
    public struct Spec: Sendable {
        /// Columns the kind matches on or fills; every other column must hold its unused value.
        public var columns: [RuleColumn]
        /// Columns that must not be empty (a wildcard `*` is allowed where matching allows it).
        public var required: [RuleColumn]
        /// Closed value sets; `nil` for free text.
        public var allowed: [RuleColumn: [String]]
        /// Values filled in when the column is left empty.
        public var defaults: [RuleColumn: String]
        /// One line for the help text.
        public var summary: String
    }

    public var spec: Spec {
        switch self {
        case .glAccount:
            Spec(columns: [.document, .itemType, .serviceLine, .branch, .jobType, .target], required: [.target],
                 allowed: [.document: ["invoice", "credit_memo", "*"], .itemType: ["labor", "material", "other", "*"]],
                 defaults: [.document: "*", .itemType: "*", .serviceLine: "*", .branch: "*", .jobType: "*"],
                 summary: "sales line account: document (invoice|credit_memo|*), item_type, service_line, branch, job_type → target account")
        case .purchaseGL:
            Spec(columns: [.category, .vendor, .target], required: [.target], allowed: [:],
                 defaults: [.category: "*", .vendor: "*"],
                 summary: "purchase line account: category (PartsManager item category), vendor → target account")
        case .stockAdjustmentGL:
            Spec(columns: [.category, .branch, .target], required: [.target], allowed: [:],
                 defaults: [.category: "*", .branch: "*"],
                 summary: "stock adjustment account: category, branch → target account")
        case .timecardGL:
            Spec(columns: [.serviceLine, .branch, .jobType, .target], required: [.target], allowed: [:],
                 defaults: [.serviceLine: "*", .branch: "*", .jobType: "*"],
                 summary: "timecard (labour cost) account: service_line, branch, job_type → target account")
        case .dimension:
            Spec(columns: [.sourceKind, .sourceValue, .dimensionCode, .target], required: [.sourceKind, .sourceValue, .dimensionCode, .target],
                 allowed: [.sourceKind: ["service_line", "branch", "job", "technician"]], defaults: [:],
                 summary: "source_kind (service_line|branch|job|technician), source_value (* = any) → dimension_code + target value (= : the source value itself)")
        case .taxGroup:
            Spec(columns: [.sourceKind, .sourceValue, .target], required: [.sourceValue, .target],
                 allowed: [.sourceKind: ["tax_rate"]], defaults: [.sourceKind: "tax_rate"],
                 summary: "source_value (ServiceTrade tax rate name) → target tax group")
        case .taxArea:
            Spec(columns: [.sourceKind, .sourceValue, .target], required: [.sourceKind, .sourceValue, .target],
                 allowed: [.sourceKind: ["location", "company"]], defaults: [:],
                 summary: "source_kind (location|company), source_value (ServiceTrade id) → target tax area")
        case .paymentTerms:
            Spec(columns: [.sourceKind, .sourceValue, .target], required: [.sourceValue, .target],
                 allowed: [.sourceKind: ["terms"]], defaults: [.sourceKind: "terms"],
                 summary: "source_value (ServiceTrade terms name) → target payment terms code")
        case .costCode:
            Spec(columns: [.sourceKind, .sourceValue, .target, .workType], required: [.sourceKind, .sourceValue, .target],
                 allowed: [.sourceKind: ["activity", "labor_type"]], defaults: [:],
                 summary: "source_kind (activity|labor_type), source_value → target job task, work_type")
        case .fieldAuthority:
            Spec(columns: [.sourceKind, .sourceValue, .target], required: [.sourceKind, .sourceValue, .target],
                 allowed: [.target: ["servicetrade", "businesscentral", "newest"]], defaults: [:],
                 summary: "source_kind (entity, e.g. customer), source_value (field, e.g. phoneNumber) → target servicetrade|businesscentral|newest")
        }
    }
}

extension PostingRule {
    /// The documentation of the columns per kind (CLI help, README).
    public static var columnHelp: String {
        Kind.allCases.map { "  \($0.rawValue): \($0.spec.summary)" }.joined(separator: "\n")
    }
}
