import FieldLedgerHTTP
import Foundation

/// What differs between purchase orders and purchase invoices; header and line rules are shared
/// (reference §2.7; ALX:APIV2PurchaseOrders.Page.al, APIV2PurchaseInvoices.Page.al).
struct BCPurchaseDocumentKind: Sendable {
    let headerSet: String
    let lineSet: String
    /// `orderDate` / `invoiceDate`.
    let dateField: String
    /// `directUnitCost` on order lines, `unitCost` on invoice lines.
    let costField: String
    let draftSeries: String
    let label: String
    let headerParentType: String
    let lineParentType: String

    var isOrder: Bool { headerSet == "purchaseOrders" }

    func lines(of documentId: String, _ state: BCState) -> [JSONObject] {
        state.rows(lineSet, where: "documentId", is: documentId)
            .sorted { $0["sequence"]?.intValue ?? 0 < $1["sequence"]?.intValue ?? 0 }
    }

    /// Orders stay editable after a partial posting (status Open = released); posted invoices
    /// refuse every change.
    func checkEditable(_ header: JSONObject) throws(BCError) {
        if !isOrder, header.string("status") != "Draft" {
            throw BCError.dialog("The invoice has been posted and can no longer be modified.")
        }
    }
}

/// Header and line rules of purchase documents.
///
/// Choices (documented in `ErrorStatusChoices.md`): purchases carry no sales tax (the reference
/// documents no purchase tax behaviour, and US use tax is outside the API); totals are the sum of
/// the line amounts rounded to cents.
enum BCPurchasing {
    static let order = BCPurchaseDocumentKind(
        headerSet: "purchaseOrders", lineSet: "purchaseOrderLines", dateField: "orderDate", costField: "directUnitCost",
        draftSeries: "purchaseOrder", label: "order", headerParentType: "Purchase Order", lineParentType: "Purchase Order Line")
    static let invoice = BCPurchaseDocumentKind(
        headerSet: "purchaseInvoices", lineSet: "purchaseInvoiceLines", dateField: "invoiceDate", costField: "unitCost",
        draftSeries: "purchaseInvoice", label: "invoice", headerParentType: "Purchase Invoice", lineParentType: "Purchase Invoice Line")
    static let kinds = [order, invoice]

    static func kind(of set: String) -> BCPurchaseDocumentKind? { kinds.first { $0.headerSet == set } }
    static func kind(ofLines set: String) -> BCPurchaseDocumentKind? { kinds.first { $0.lineSet == set } }

    static let lineTypes = ["Comment", "Account", "Item", "Resource", "Fixed Asset", "Charge"]

    /// A vendor blocked for All refuses new documents and postings (Payment only blocks payments).
    static func checkNotBlocked(_ vendor: JSONObject) throws(BCError) {
        let blocked = vendor.string("blocked")
        if blocked == "All" || blocked == "Invoice" {
            throw BCError.dialog("You cannot create this type of document when Vendor \(vendor.string("number")) is blocked with type \(blocked).")
        }
    }

    static func completeHeader(_ kind: BCPurchaseDocumentKind, _ row: inout JSONObject, old: JSONObject?,
                               changed: Set<String>, now: Date, _ state: inout BCState) throws(BCError) {
        if let old { try kind.checkEditable(old) }
        try BCRules.checkLengths(row, changed)
        let vendor = try BCRules.reference(&row, idField: "vendorId", codeField: "vendorNumber", set: "vendors",
                                           changed: changed, label: "Vendor", state)
        guard let vendor else { throw BCError.dialog("A \"vendorNumber\" or a \"vendorId\" must be provided.") }
        try checkNotBlocked(vendor)
        let vendorChanged = old == nil || old?.string("vendorId").lowercased() != vendor.id
        row["vendorName"] = .string(vendor.string("displayName"))
        var payTo = vendor
        if changed.contains("payToVendorId") || changed.contains("payToVendorNumber") {
            payTo = try BCRules.reference(&row, idField: "payToVendorId", codeField: "payToVendorNumber", set: "vendors",
                                          changed: changed, label: "Vendor", state) ?? vendor
        } else if !vendorChanged, let existing = state.row("vendors", row.string("payToVendorId").lowercased()) {
            payTo = existing
        }
        row["payToVendorId"] = .string(payTo.id)
        row["payToVendorNumber"] = .string(payTo.string("number"))
        row["payToName"] = .string(payTo.string("displayName"))
        for (suffix, source) in addressFields where row["payTo" + suffix] != nil {
            row["payTo" + suffix] = .string(payTo.string(source))
        }
        if vendorChanged {
            for (suffix, source) in addressFields where row["buyFrom" + suffix] != nil && !changed.contains("buyFrom" + suffix) {
                row["buyFrom" + suffix] = .string(vendor.string(source))
            }
            if row["paymentTermsId"] != nil, !changed.contains("paymentTermsId") {
                row["paymentTermsId"] = vendor["paymentTermsId"] ?? .string(BCValues.emptyGUID)
            }
        }
        var termsId = vendor.string("paymentTermsId").lowercased()
        if row["paymentTermsId"] != nil {
            termsId = try BCRules.reference(&row, idField: "paymentTermsId", codeField: nil, set: "paymentTerms",
                                            changed: changed.union(vendorChanged ? ["paymentTermsId"] : []),
                                            label: "Payment Terms", state)?.id ?? ""
        }
        if old == nil {
            row["number"] = .string(state.takeNumber(kind.draftSeries))
            row["status"] = "Draft"
        }
        if row.string(kind.dateField) == BCValues.emptyDate { row[kind.dateField] = .string(SimTime.day(now)) }
        if row.string("postingDate") == BCValues.emptyDate || (changed.contains(kind.dateField) && !changed.contains("postingDate")) {
            row["postingDate"] = .string(row.string(kind.dateField))
        }
        if row["dueDate"] != nil, !changed.contains("dueDate") {
            let formula = state.row("paymentTerms", termsId)?.string("dueDateCalculation") ?? ""
            row["dueDate"] = .string(BCDateFormula.apply(formula, to: row.string(kind.dateField)))
        }
    }

    private static let addressFields = [("AddressLine1", "addressLine1"), ("AddressLine2", "addressLine2"), ("City", "city"),
                                         ("Country", "country"), ("State", "state"), ("PostCode", "postalCode")]

    static func completeLine(_ kind: BCPurchaseDocumentKind, _ row: inout JSONObject, old: JSONObject?,
                             changed: Set<String>, _ state: BCState) throws(BCError) {
        let documentId = row.string("documentId").lowercased()
        guard let header = state.row(kind.headerSet, documentId) else {
            throw BCError.relationNotFound("documentId", documentId, kind.headerParentType)
        }
        try kind.checkEditable(header)
        try BCRules.checkLengths(row, changed)
        if let old {
            if changed.contains("sequence"), row["sequence"] != old["sequence"] {
                throw BCError.dialog("The sequence of a line cannot be changed.")
            }
            if changed.contains("lineObjectNumber"), !old.string("lineObjectNumber").isEmpty,
               row.string("lineObjectNumber") != old.string("lineObjectNumber") {
                throw BCError.dialog("You cannot change the lineObjectNumber of a line. Delete the line and add it again.")
            }
        } else if (row["sequence"]?.intValue ?? 0) == 0 {
            let last = kind.lines(of: documentId, state).compactMap { $0["sequence"]?.intValue }.max() ?? 0
            row["sequence"] = .int(last + 10_000)
        }
        let hasItem = !BCValues.isBlankGUID(row.string("itemId")), hasAccount = !BCValues.isBlankGUID(row.string("accountId"))
        if hasItem, hasAccount { throw BCError.dialog("You cannot specify both an itemId and an accountId on the same line.") }
        if row.string("lineType").isEmpty { row["lineType"] = .string(hasItem ? "Item" : hasAccount ? "Account" : "Comment") }
        guard lineTypes.contains(row.string("lineType")) else {
            throw BCError.wrongEnum("lineType", row.string("lineType"), lineTypes)
        }
        let isNew = old == nil
        switch row.string("lineType") {
        case "Item":
            let item = try BCRules.reference(&row, idField: "itemId", codeField: "lineObjectNumber", set: "items",
                                             changed: changed, label: "Item", state)
            guard let item else { throw BCError.dialog("An item line needs an itemId or a lineObjectNumber (item number).") }
            if item.bool("blocked") {
                throw BCError.fieldValidation("Blocked must be equal to 'No' in Item: No.=\(item.string("number")). Current value is 'Yes'.")
            }
            if isNew || changed.contains("itemId") || changed.contains("lineObjectNumber") {
                if !changed.contains("description") { row["description"] = .string(item.string("displayName")) }
                if !changed.contains(kind.costField) { row[kind.costField] = item["unitCost"] ?? .int(0) }
                if !changed.contains("unitOfMeasureCode") { row["unitOfMeasureCode"] = .string(item.string("baseUnitOfMeasureCode")) }
            }
            row["accountId"] = .string(BCValues.emptyGUID)
        case "Account":
            let account = try BCRules.reference(&row, idField: "accountId", codeField: "lineObjectNumber", set: "accounts",
                                                changed: changed, label: "G/L Account", state)
            guard let account else { throw BCError.dialog("An account line needs an accountId or a lineObjectNumber (account number).") }
            try BCSalesDocumentKind.checkPostingAccount(account)
            if (isNew || changed.contains("accountId")) && !changed.contains("description") {
                row["description"] = .string(account.string("displayName"))
            }
            row["itemId"] = .string(BCValues.emptyGUID)
        case "Comment":
            for name in ["quantity", kind.costField, "discountAmount", "discountPercent"] { row[name] = .int(0) }
        default:
            break
        }
        let taxCode = row.string("taxCode").uppercased()
        row["taxCode"] = .string(taxCode)
        if !taxCode.isEmpty, state.first("taxGroups", where: "code", is: taxCode) == nil {
            throw BCError(400, "Internal_InvalidTableRelation",
                          "The field Tax Group Code of table Purchase Line contains a value (\(taxCode)) that cannot be found in the related table (Tax Group).")
        }
        if kind.isOrder { try completeOrderQuantities(&row, old: old, changed: changed) }
        computeAmounts(&row, kind: kind, changed: changed)
    }

    /// Qty. to Receive / Qty. to Invoice default to what is outstanding and may not exceed it.
    private static func completeOrderQuantities(_ row: inout JSONObject, old: JSONObject?, changed: Set<String>) throws(BCError) {
        let quantity = row.decimal("quantity"), received = row.decimal("receivedQuantity"), invoiced = row.decimal("invoicedQuantity")
        if quantity < received {
            throw BCError.fieldValidation("Quantity must not be less than the received quantity \(received) in Purchase Line: Line No.=\(row["sequence"]?.intValue ?? 0).")
        }
        let quantityChanged = old == nil || changed.contains("quantity")
        if quantityChanged, !changed.contains("receiveQuantity") { row["receiveQuantity"] = .decimal(quantity - received) }
        if quantityChanged, !changed.contains("invoiceQuantity") { row["invoiceQuantity"] = .decimal(quantity - invoiced) }
        let toReceive = row.decimal("receiveQuantity"), toInvoice = row.decimal("invoiceQuantity")
        guard toReceive >= 0, toReceive <= quantity - received else {
            throw BCError.dialog("You cannot receive more than \(quantity - received) units.")
        }
        guard toInvoice >= 0, toInvoice <= quantity - invoiced else {
            throw BCError.dialog("You cannot invoice more than \(quantity - invoiced) units.")
        }
    }

    /// Line amounts: quantity × cost less the discount, rounded to cents; no purchase tax.
    static func computeAmounts(_ row: inout JSONObject, kind: BCPurchaseDocumentKind, changed: Set<String>) {
        let gross = BCValues.round2(row.decimal("quantity") * row.decimal(kind.costField))
        var discount = row.decimal("discountAmount")
        if changed.contains("discountPercent") || (!changed.contains("discountAmount") && row.decimal("discountPercent") != 0) {
            discount = BCValues.round2(gross * row.decimal("discountPercent") / 100)
            row["discountAmount"] = .decimal(discount)
        }
        let net = gross - discount
        row["amountExcludingTax"] = .decimal(net)
        row["amountIncludingTax"] = .decimal(net)
        row["netAmount"] = .decimal(net)
        row["netAmountIncludingTax"] = .decimal(net)
        row["netTaxAmount"] = .int(0)
        row["totalTaxAmount"] = .int(0)
        row["taxPercent"] = .int(0)
    }

    /// Header totals from the lines; rewritten only when a value changed.
    static func recalculate(_ kind: BCPurchaseDocumentKind, _ documentId: String, now: Date, _ state: inout BCState) {
        guard var header = state.row(kind.headerSet, documentId), header.string("status") != "Canceled" else { return }
        if !kind.isOrder, header.string("status") != "Draft" { return }
        let total = kind.lines(of: documentId, state).reduce(Decimal(0)) { $0 + $1.decimal("amountExcludingTax") }
        let before = header
        header["totalAmountExcludingTax"] = .decimal(total)
        header["totalTaxAmount"] = .int(0)
        header["totalAmountIncludingTax"] = .decimal(total)
        if header != before {
            header["lastModifiedDateTime"] = .string(SimTime.iso8601(now))
            state.put(kind.headerSet, documentId, header)
        }
    }
}
