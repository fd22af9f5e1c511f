import FieldLedgerHTTP
import Foundation

extension BCSalesDocumentKind {
    /// Line rules (reference §2.3): the document must be a draft; `sequence` and
    /// `lineObjectNumber` are immutable; item lines need an existing, unblocked item; account
    /// lines a posting account that is not blocked; `taxCode` a known tax group.
    func completeLine(_ row: inout JSONObject, old: JSONObject?, changed: Set<String>, _ state: BCState) throws(BCError) {
        let documentId = row.string("documentId").lowercased()
        guard let header = state.row(headerSet, documentId) else {
            throw BCError.relationNotFound("documentId", documentId, headerParentType)
        }
        try checkDraft(header)
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
            let last = lines(of: documentId, state).compactMap { $0["sequence"]?.intValue }.max() ?? 0
            row["sequence"] = .int(last + 10_000)
        }
        let hasItem = !BCValues.isBlankGUID(row.string("itemId")), hasAccount = !BCValues.isBlankGUID(row.string("accountId"))
        if hasItem, hasAccount {
            throw BCError.dialog("You cannot specify both an itemId and an accountId on the same line.")
        }
        if row.string("lineType").isEmpty {
            row["lineType"] = .string(hasItem ? "Item" : hasAccount ? "Account" : "Comment")
        }
        guard BCSalesDocuments.lineTypes.contains(row.string("lineType")) else {
            throw BCError.wrongEnum("lineType", row.string("lineType"), BCSalesDocuments.lineTypes)
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
                if !changed.contains("unitPrice") { row["unitPrice"] = item["unitPrice"] ?? .int(0) }
                if !changed.contains("taxCode") { row["taxCode"] = .string(item.string("taxGroupCode")) }
                if !changed.contains("unitOfMeasureCode") { row["unitOfMeasureCode"] = .string(item.string("baseUnitOfMeasureCode")) }
            }
            row["accountId"] = .string(BCValues.emptyGUID)
        case "Account":
            let account = try BCRules.reference(&row, idField: "accountId", codeField: "lineObjectNumber", set: "accounts",
                                                changed: changed, label: "G/L Account", state)
            guard let account else { throw BCError.dialog("An account line needs an accountId or a lineObjectNumber (account number).") }
            try Self.checkPostingAccount(account)
            if (isNew || changed.contains("accountId")) && !changed.contains("description") {
                row["description"] = .string(account.string("displayName"))
            }
            row["itemId"] = .string(BCValues.emptyGUID)
        case "Comment":
            for name in ["quantity", "unitPrice", "discountAmount", "discountPercent"] { row[name] = .int(0) }
        default:
            break
        }
        let taxCode = row.string("taxCode")
        if !taxCode.isEmpty, state.first("taxGroups", where: "code", is: taxCode) == nil {
            throw BCError(400, "Internal_InvalidTableRelation",
                          "The field Tax Group Code of table Sales Line contains a value (\(taxCode)) that cannot be found in the related table (Tax Group).")
        }
        Self.computeLineAmounts(&row, changed: changed)
    }

    static func checkPostingAccount(_ account: JSONObject) throws(BCError) {
        let type = account.string("accountType")
        if !type.isEmpty, type != "Posting" {
            throw BCError.fieldValidation("Account Type must be equal to 'Posting' in G/L Account: No.=\(account.string("number")). Current value is '\(type)'.")
        }
        if account.bool("blocked") {
            throw BCError.fieldValidation("Blocked must be equal to 'No' in G/L Account: No.=\(account.string("number")). Current value is 'Yes'.")
        }
    }

    /// Line amount = quantity × unit price − discount, each rounded to 2 decimals. Tax is added by
    /// `recalculate`, which needs all lines of the document.
    static func computeLineAmounts(_ row: inout JSONObject, changed: Set<String>) {
        let gross = BCValues.round2(row.decimal("quantity") * row.decimal("unitPrice"))
        var discount = row.decimal("discountAmount")
        if changed.contains("discountPercent") && !changed.contains("discountAmount") {
            discount = BCValues.round2(gross * row.decimal("discountPercent") / 100)
        } else if gross != 0 {
            var percent = discount * 100 / gross
            var rounded = Decimal()
            NSDecimalRound(&rounded, &percent, 5, .plain)
            row["discountPercent"] = .decimal(rounded)
        }
        row["discountAmount"] = .decimal(discount)
        row["amountExcludingTax"] = .decimal(gross - discount)
        row["netAmount"] = .decimal(gross - discount)
    }

    /// Recomputes tax per tax group (rounded per group, the rounding difference on the group's last
    /// line) and the header totals. Rows are only rewritten — and their etags changed — when a value
    /// changed.
    func recalculate(_ documentId: String, now: Date, _ state: inout BCState) {
        guard var header = state.row(headerSet, documentId) else { return }
        guard header.string("status") == "Draft" else { return }
        let docLines = lines(of: documentId, state)
        let areaCode = state.row("taxAreas", header.string("_taxAreaId"))?.string("code") ?? ""
        let liable = header.bool("_taxLiable")
        var groups: [String: (base: Decimal, lines: [String])] = [:]
        for line in docLines {
            groups[line.string("taxCode"), default: (0, [])].base += line.decimal("amountExcludingTax")
            groups[line.string("taxCode"), default: (0, [])].lines.append(line.id)
        }
        var lineTax: [String: Decimal] = [:]
        var totalTax: Decimal = 0
        for (code, group) in groups {
            let rate = liable ? state.taxRates["\(areaCode)|\(code)"] ?? 0 : 0
            let groupTax = BCValues.round2(group.base * rate / 100)
            totalTax += groupTax
            var assigned: Decimal = 0
            for (index, id) in group.lines.enumerated() {
                let base = docLines.first { $0.id == id }?.decimal("amountExcludingTax") ?? 0
                let tax = index == group.lines.count - 1 ? groupTax - assigned : BCValues.round2(base * rate / 100)
                assigned += tax
                lineTax[id] = tax
            }
        }
        var totalExcl: Decimal = 0
        for var line in docLines {
            let excl = line.decimal("amountExcludingTax"), tax = lineTax[line.id] ?? 0
            let rate = liable ? state.taxRates["\(areaCode)|\(line.string("taxCode"))"] ?? 0 : 0
            totalExcl += excl
            let before = line
            line["taxPercent"] = .decimal(rate)
            line["totalTaxAmount"] = .decimal(tax)
            line["amountIncludingTax"] = .decimal(excl + tax)
            line["netTaxAmount"] = .decimal(tax)
            line["netAmountIncludingTax"] = .decimal(excl + tax)
            if line != before { state.put(lineSet, line.id, line) }
        }
        let before = header
        header["totalAmountExcludingTax"] = .decimal(totalExcl)
        header["totalTaxAmount"] = .decimal(totalTax)
        header["totalAmountIncludingTax"] = .decimal(totalExcl + totalTax)
        header["remainingAmount"] = .decimal(totalExcl + totalTax)
        if header != before {
            header["lastModifiedDateTime"] = .string(SimTime.iso8601(now))
            state.put(headerSet, documentId, header)
        }
    }
}
