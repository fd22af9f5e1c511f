import Foundation

/// Turns a ServiceTrade invoice into an `InvoicePlan`, or says exactly why it cannot post:
/// totals first (never post a wrong total), then customer, payment terms, and each line's GL
/// account, tax group and dimension values — against the rules and the cached reference data.
public struct InvoiceValidator: Sendable {
    public let resolver: PostingRuleResolver
    public let reference: ReferenceIndex
    /// What the rules were loaded from, when a cycle loaded them (`CycleRules`).
    var rulesFingerprint: CycleRules.Fingerprint?

    public init(resolver: PostingRuleResolver, reference: ReferenceIndex) {
        self.resolver = resolver
        self.reference = reference
    }

    /// This validator with other reference data (a customer created mid-cycle added): the same
    /// rules, and what they were loaded from.
    func replacing(reference: ReferenceIndex) -> InvoiceValidator {
        var copy = InvoiceValidator(resolver: resolver, reference: reference)
        copy.rulesFingerprint = rulesFingerprint
        return copy
    }

    /// `customerNumber` is the Business Central customer already matched (nil: none found).
    /// `document` is what to build: the same checks and mappings apply to both. A credit memo
    /// carries positive amounts, so the lines of a negative ServiceTrade invoice (a ServiceTrade
    /// credit memo) are turned around; the lines of a positive one (a voided invoice being
    /// reversed) are taken as they are.
    public func plan(_ invoice: SourceInvoice, customerNumber: String?, companyName: String,
                     customerCode: String?, as document: InvoicePlan.Document = .salesInvoice) -> Result<InvoicePlan, SyncFailure> {
        do {
            var plan = try makePlan(invoice, customerNumber: customerNumber, companyName: companyName, customerCode: customerCode)
            plan.document = document
            if document == .salesCreditMemo, invoice.total < 0 { plan.lines = plan.lines.map(Self.turnedAround) }
            return .success(plan)
        } catch { return .failure(error) }
    }

    /// A credit line of a negative invoice as a positive credit memo line: the negative factor
    /// (price, else quantity) changes sign, so the line amount does. A positive line inside a
    /// negative invoice (a charge) becomes a negative quantity on the credit memo.
    static func turnedAround(_ line: InvoicePlan.Line) -> InvoicePlan.Line {
        var out = line
        if line.unitPrice < 0 { out.unitPrice = -line.unitPrice } else { out.quantity = -line.quantity }
        return out
    }

    private func makePlan(_ invoice: SourceInvoice, customerNumber: String?, companyName: String,
                          customerCode: String?) throws(SyncFailure) -> InvoicePlan {
        guard !invoice.lines.isEmpty else { throw FailureCatalog.emptyInvoice(number: invoice.number) }
        let linesTotal = invoice.lines.reduce(Decimal(0)) { $0 + $1.total }
        let linesTax = invoice.lines.reduce(Decimal(0)) { $0 + $1.taxAmount }
        for line in invoice.lines where Self.round2(line.quantity * line.unitPrice) != line.total {
            throw FailureCatalog.totalMismatch(number: invoice.number, lines: Self.round2(line.quantity * line.unitPrice), stated: line.total)
        }
        if linesTotal != invoice.subtotal || invoice.subtotal + invoice.taxAmount != invoice.total || linesTax != invoice.taxAmount {
            throw FailureCatalog.totalMismatch(number: invoice.number, lines: linesTotal + linesTax, stated: invoice.total)
        }

        guard let customerNumber, let customer = reference.entry("customers", code: customerNumber) else {
            throw FailureCatalog.missingCustomer(company: companyName, customerCode: customerCode)
        }
        if customer.blocked {
            throw FailureCatalog.blockedCustomer(number: customerNumber, blocked: customer.data["blocked"]?.stringValue ?? "blocked")
        }

        var paymentTermsID: String?
        if let terms = invoice.paymentTerms {
            guard let code = resolver.paymentTerms(forTerms: terms)?.value,
                  let entry = reference.entry("paymentTerms", code: code) else {
                throw FailureCatalog.unmappedPaymentTerms(terms: terms)
            }
            paymentTermsID = entry.id
        }

        var header: [(code: String, value: String)] = []
        if let branch = invoice.branch { header.append(try dimension("branch", branch)) }
        if let job = invoice.jobNumber { header.append(try dimension("job", job)) }
        // Business Central copies the customer's default dimensions onto the new invoice: send
        // only the others, and change a defaulted one afterwards when the invoice needs another value.
        let defaults = reference.defaultDimensions(of: customer.id)
        var insert: [(code: String, value: String)] = []
        var overrides: [(dimensionID: String, code: String, value: String)] = []
        for dim in header {
            guard let existing = defaults[dim.code] else { insert.append(dim); continue }
            if existing.valueCode != dim.value { overrides.append((existing.dimensionID, dim.code, dim.value)) }
        }

        var lines: [InvoicePlan.Line] = []
        for line in invoice.lines {
            guard let gl = resolver.glAccount(itemType: line.itemType, serviceLine: line.serviceLine, branch: invoice.branch) else {
                throw FailureCatalog.unmappedGLAccount(serviceLine: line.serviceLine, itemType: line.itemType, branch: invoice.branch)
            }
            try checkAccount(gl.value)
            var taxGroup: String?
            if let rate = line.taxRateName {
                guard let group = resolver.taxGroup(forTaxRate: rate) else { throw FailureCatalog.invalidTaxCode(taxRate: rate, taxGroup: nil) }
                guard reference.entry("taxGroups", code: group.value) != nil else {
                    throw FailureCatalog.invalidTaxCode(taxRate: rate, taxGroup: group.value)
                }
                taxGroup = group.value
            }
            let department = try dimension("service_line", line.serviceLine)
            lines.append(InvoicePlan.Line(account: gl.value, taxGroup: taxGroup, dimensions: [department] + header,
                                          glRuleID: gl.ruleID, quantity: line.quantity, unitPrice: line.unitPrice,
                                          description: line.description))
        }
        return InvoicePlan(naturalKey: invoice.number.uppercased(), customerNumber: customerNumber,
                           paymentTermsID: paymentTermsID, headerDimensions: insert, headerOverrides: overrides, lines: lines,
                           documentDate: invoice.transactionDate, dueDate: invoice.dueDate, customerPO: invoice.customerPO,
                           sourceTotal: invoice.total)
    }

    private func dimension(_ kind: String, _ value: String) throws(SyncFailure) -> (code: String, value: String) {
        guard let rule = resolver.dimension(sourceKind: kind, sourceValue: value) else {
            throw FailureCatalog.unmappedDimension(kind: kind, value: value)
        }
        guard let entry = reference.dimensionValue(dimension: rule.dimensionCode, value: rule.resolution.value) else {
            throw FailureCatalog.unknownDimensionValue(dimension: rule.dimensionCode, value: rule.resolution.value)
        }
        if entry.blocked || entry.data["blocked"]?.boolValue == true {
            throw FailureCatalog.blockedDimensionValue(dimension: rule.dimensionCode, value: rule.resolution.value)
        }
        return (rule.dimensionCode, rule.resolution.value)
    }

    private func checkAccount(_ number: String) throws(SyncFailure) {
        if let problem = RuleCheck.accountProblem(number, in: reference) {
            throw FailureCatalog.glAccountProblem(number: number, problem: problem == "is blocked" ? "blocked" : problem)
        }
    }

    /// Half away from zero to cents, as ServiceTrade and Business Central round money.
    static func round2(_ value: Decimal) -> Decimal {
        var input = value
        var out = Decimal()
        NSDecimalRound(&out, &input, 2, .plain)
        return out
    }
}
