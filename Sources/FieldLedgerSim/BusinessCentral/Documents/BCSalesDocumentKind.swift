import FieldLedgerHTTP
import Foundation

/// What differs between sales invoices and sales credit memos; the rules are shared
/// (reference §2.3, §2.4).
struct BCSalesDocumentKind: Sendable {
    let headerSet: String
    let lineSet: String
    /// `invoiceDate` / `creditMemoDate`.
    let dateField: String
    let draftSeries: String
    let postedSeries: String
    /// "invoice" / "credit memo", for messages.
    let label: String
    /// G/L entry document type.
    let ledgerType: String
    let headerParentType: String
    let lineParentType: String

    var isInvoice: Bool { headerSet == "salesInvoices" }

    /// Posted documents refuse changes (reference §2.3).
    func checkDraft(_ header: JSONObject) throws(BCError) {
        guard header.string("status") == "Draft" else {
            throw BCError.dialog("The \(label) has been posted and can no longer be modified.")
        }
    }

    func lines(of documentId: String, _ state: BCState) -> [JSONObject] {
        state.rows(lineSet, where: "documentId", is: documentId)
            .sorted { $0["sequence"]?.intValue ?? 0 < $1["sequence"]?.intValue ?? 0 }
    }
}

enum BCSalesDocuments {
    static let invoice = BCSalesDocumentKind(
        headerSet: "salesInvoices", lineSet: "salesInvoiceLines", dateField: "invoiceDate",
        draftSeries: "salesInvoice", postedSeries: "postedSalesInvoice", label: "invoice", ledgerType: "Invoice",
        headerParentType: "Sales Invoice", lineParentType: "Sales Invoice Line")
    static let creditMemo = BCSalesDocumentKind(
        headerSet: "salesCreditMemos", lineSet: "salesCreditMemoLines", dateField: "creditMemoDate",
        draftSeries: "salesCreditMemo", postedSeries: "postedSalesCreditMemo", label: "credit memo", ledgerType: "Credit Memo",
        headerParentType: "Sales Credit Memo", lineParentType: "Sales Credit Memo Line")
    static let kinds = [invoice, creditMemo]

    static func kind(of headerSet: String) -> BCSalesDocumentKind { headerSet == "salesCreditMemos" ? creditMemo : invoice }
    static func kind(ofLines lineSet: String) -> BCSalesDocumentKind { lineSet == "salesCreditMemoLines" ? creditMemo : invoice }

    static let lineTypes = ["Comment", "Account", "Item", "Resource", "Fixed Asset", "Charge"]
    /// What a PATCH may still change on a posted invoice (reference §2.3).
    static let postedInvoiceWritable: Set<String> = ["dueDate", "promisedPayDate", "disputeStatus", "disputeStatusId"]
}

extension BCSalesDocumentKind {
    func completeHeader(_ row: inout JSONObject, old: JSONObject?, changed: Set<String>, now: Date,
                        _ state: inout BCState) throws(BCError) {
        if let old, old.string("status") != "Draft" {
            let allowed = isInvoice ? BCSalesDocuments.postedInvoiceWritable : []
            guard changed.isSubset(of: allowed) else {
                throw BCError.dialog("The \(label) has been posted and can no longer be modified.")
            }
            return
        }
        try BCRules.checkLengths(row, changed)
        let customer = try BCRules.reference(&row, idField: "customerId", codeField: "customerNumber", set: "customers",
                                             changed: changed, label: "Customer", state)
        guard let customer else {
            throw BCError.dialog("A \"customerNumber\" or a \"customerId\" must be provided.")
        }
        try Self.checkNotBlocked(customer)
        let customerChanged = old == nil || old?.string("customerId").lowercased() != customer.id
        row["customerName"] = .string(customer.string("displayName"))
        let billToGiven = changed.contains("billToCustomerId") || changed.contains("billToCustomerNumber")
        var billTo = customer
        if billToGiven {
            billTo = try BCRules.reference(&row, idField: "billToCustomerId", codeField: "billToCustomerNumber", set: "customers",
                                           changed: changed, label: "Customer", state) ?? customer
        } else if !customerChanged, let existing = state.row("customers", row.string("billToCustomerId").lowercased()) {
            billTo = existing
        }
        row["billToCustomerId"] = .string(billTo.id)
        row["billToCustomerNumber"] = .string(billTo.string("number"))
        row["billToName"] = .string(billTo.string("displayName"))
        for (target, source) in [("billToAddressLine1", "addressLine1"), ("billToAddressLine2", "addressLine2"),
                                 ("billToCity", "city"), ("billToCountry", "country"), ("billToState", "state"),
                                 ("billToPostCode", "postalCode")] where row[target] != nil {
            row[target] = .string(billTo.string(source))
        }
        if customerChanged {
            for (target, source) in [("sellToAddressLine1", "addressLine1"), ("sellToAddressLine2", "addressLine2"),
                                     ("sellToCity", "city"), ("sellToCountry", "country"), ("sellToState", "state"),
                                     ("sellToPostCode", "postalCode"), ("phoneNumber", "phoneNumber"), ("email", "email")]
                where !changed.contains(target) && row[target] != nil {
                row[target] = .string(customer.string(source))
            }
            if !changed.contains("paymentTermsId") { row["paymentTermsId"] = customer["paymentTermsId"] ?? .string(BCValues.emptyGUID) }
            row["_taxAreaId"] = .string(customer.string("taxAreaId").lowercased())
            row["_taxLiable"] = .bool(customer.bool("taxLiable"))
        }
        let terms = try BCRules.reference(&row, idField: "paymentTermsId", codeField: nil, set: "paymentTerms",
                                          changed: changed.union(customerChanged ? ["paymentTermsId"] : []),
                                          label: "Payment Terms", state)
        if old == nil {
            row["number"] = .string(state.takeNumber(draftSeries))
            row["status"] = "Draft"
        }
        if row.string(dateField) == BCValues.emptyDate { row[dateField] = .string(SimTime.day(now)) }
        if row["postingDate"] != nil, row.string("postingDate") == BCValues.emptyDate || (changed.contains(dateField) && !changed.contains("postingDate")) {
            row["postingDate"] = .string(row.string(dateField))
        }
        if row["dueDate"] != nil, !changed.contains("dueDate") {
            row["dueDate"] = .string(BCDateFormula.apply(terms?.string("dueDateCalculation") ?? "", to: row.string(dateField)))
        }
        if !isInvoice { try completeInvoiceLink(&row, changed: changed, state) }
    }

    /// Credit memo `invoiceId` / `invoiceNumber`: the posted invoice it applies to (reference §2.4).
    private func completeInvoiceLink(_ row: inout JSONObject, changed: Set<String>, _ state: BCState) throws(BCError) {
        let idChanged = changed.contains("invoiceId"), numberChanged = changed.contains("invoiceNumber")
        guard idChanged || numberChanged else { return }
        let id = row.string("invoiceId").lowercased(), number = row.string("invoiceNumber").uppercased()
        var invoice: JSONObject?
        if idChanged, !BCValues.isBlankGUID(id) {
            invoice = state.row("salesInvoices", id)
            guard invoice != nil else { throw BCError.relationNotFound("invoiceId", id, "Sales Invoice Header") }
        }
        if numberChanged, !number.isEmpty {
            let byNumber = state.first("salesInvoices", where: "number", is: number)
            if let invoice, byNumber?.id != invoice.id {
                throw BCError.dialog("The \"invoiceId\" and \"invoiceNumber\" do not match to a specific Invoice.")
            }
            guard let byNumber else { throw BCError.relationNotFound("invoiceNumber", number, "Sales Invoice Header") }
            invoice = byNumber
        }
        if let invoice, invoice.string("status") == "Draft" {
            throw BCError.dialog("The invoice \(invoice.string("number")) is not posted. A credit memo can only be applied to a posted invoice.")
        }
        row["invoiceId"] = .string(invoice?.id ?? BCValues.emptyGUID)
        row["invoiceNumber"] = .string(invoice?.string("number") ?? "")
    }

    static func checkNotBlocked(_ customer: JSONObject) throws(BCError) {
        let blocked = customer.string("blocked")
        if blocked == "All" || blocked == "Invoice" {
            throw BCError.dialog("You cannot create this type of document when Customer \(customer.string("number")) is blocked with type \(blocked).")
        }
    }
}

/// BC date formulas as payment terms use them: `30D`, `2W`, `1M`, `1Y`, `0D`, `CM` (current month end).
enum BCDateFormula {
    static func apply(_ formula: String, to day: String) -> String {
        guard let date = SimTime.parseISO8601(day + "T00:00:00Z") else { return day }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let text = formula.uppercased().replacingOccurrences(of: "<", with: "").replacingOccurrences(of: ">", with: "")
        var result = date
        if text.hasPrefix("CM") {
            if let interval = calendar.dateInterval(of: .month, for: date) { result = interval.end.addingTimeInterval(-86_400) }
        } else if let unit = text.last, let amount = Int(text.dropLast()) {
            switch unit {
            case "D": result = calendar.date(byAdding: .day, value: amount, to: date) ?? date
            case "W": result = calendar.date(byAdding: .day, value: 7 * amount, to: date) ?? date
            case "M": result = calendar.date(byAdding: .month, value: amount, to: date) ?? date
            case "Y": result = calendar.date(byAdding: .year, value: amount, to: date) ?? date
            default: break
            }
        }
        return SimTime.day(result)
    }
}
