import FieldLedgerHTTP
import GRDB

/// The stored invoice work items re-planned offline, against a given rule set: what preview and
/// rule health need to say which records a rule decides or a change would affect. Nothing here
/// calls a remote system; the customer comes from the recorded link (or a unique name match in
/// the cached reference data), as the engine would find it.
struct RuleImpact {
    struct Case {
        var workItemID: Int64
        var sourceRef: String
        var state: WorkItemState
        var invoice: SourceInvoice
        var customerNumber: String?
    }

    /// What one rule set makes of one case: a plan (its body, the rules it used) or a failure code.
    struct Outcome: Equatable {
        var failure: String?
        var body: String?
        var rules: Set<Int64>
    }

    let reference: ReferenceIndex

    /// The invoice work items in `states` whose payload decodes.
    static func cases(states: [WorkItemState], _ db: Database) throws -> [Case] {
        let marks = states.map { _ in "?" }.joined(separator: ",")
        let rows = try Row.fetchAll(db, sql: """
            SELECT w.id, w.source_ref, w.source_id, w.state, w.payload, l.erp_number FROM work_items w
            LEFT JOIN links l ON l.erp_system = 'businesscentral' AND l.kind = 'customer' AND l.source_system = 'servicetrade'
                 AND l.source_entity = 'company' AND l.source_id = json_extract(w.payload, '$.company.id')
            WHERE w.flow = 'invoice.post' AND w.state IN (\(marks)) ORDER BY w.id
            """, arguments: StatementArguments(states.map(\.rawValue)))
        return rows.compactMap { row in
            guard let payload: String = row["payload"], let json = (try? JSONValue(parsing: payload))?.objectValue,
                  let invoice = try? SourceInvoice(json: json), let state = WorkItemState(rawValue: row["state"]) else { return nil }
            return Case(workItemID: row["id"], sourceRef: row["source_ref"] ?? row["source_id"], state: state,
                        invoice: invoice, customerNumber: row["erp_number"])
        }
    }

    func outcome(_ item: Case, _ resolver: PostingRuleResolver) -> Outcome {
        let customer = item.customerNumber ?? {
            let named = reference.customers(named: item.invoice.companyName)
            return named.count == 1 ? named[0].code : nil
        }()
        let validator = InvoiceValidator(resolver: resolver, reference: reference)
        switch validator.plan(item.invoice, customerNumber: customer, companyName: item.invoice.companyName, customerCode: nil) {
        case .failure(let failure):
            return Outcome(failure: failure.code, body: nil, rules: Self.rulesUsed(item.invoice, resolver))
        case .success(let plan):
            return Outcome(failure: nil, body: JSONValue.object(plan.body).serialized(), rules: Self.rulesUsed(item.invoice, resolver))
        }
    }

    /// Every rule the invoice's mapping consults: GL, tax group and department per line, branch
    /// and job dimensions, payment terms.
    static func rulesUsed(_ invoice: SourceInvoice, _ resolver: PostingRuleResolver) -> Set<Int64> {
        var ids: [Int64?] = []
        for line in invoice.lines {
            ids.append(resolver.glAccount(itemType: line.itemType, serviceLine: line.serviceLine, branch: invoice.branch)?.ruleID)
            if let rate = line.taxRateName { ids.append(resolver.taxGroup(forTaxRate: rate)?.ruleID) }
            ids.append(resolver.dimension(sourceKind: "service_line", sourceValue: line.serviceLine)?.resolution.ruleID)
        }
        if let branch = invoice.branch { ids.append(resolver.dimension(sourceKind: "branch", sourceValue: branch)?.resolution.ruleID) }
        if let job = invoice.jobNumber { ids.append(resolver.dimension(sourceKind: "job", sourceValue: job)?.resolution.ruleID) }
        if let terms = invoice.paymentTerms { ids.append(resolver.paymentTerms(forTerms: terms)?.ruleID) }
        return Set(ids.compactMap { $0 })
    }
}
