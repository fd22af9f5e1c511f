import FieldLedgerHTTP
import Foundation

/// Bound actions (`POST …({id})/Microsoft.NAV.{action}`, answered 204 — reference §2.3, §2.4).
enum BCActions {
    static func perform(_ action: String, on set: String, id: String, now: Date, _ state: inout BCState) throws(BCError) {
        switch (set, action) {
        case ("salesInvoices", "post"), ("salesInvoices", "postAndSend"),
             ("salesCreditMemos", "post"), ("salesCreditMemos", "postAndSend"):
            try post(BCSalesDocuments.kind(of: set), id, now: now, &state)
        case ("salesInvoices", "send"), ("salesCreditMemos", "send"):
            // Sending e-mail is outside the simulation; the document must exist (checked by routing).
            return
        case ("salesInvoices", "cancel"), ("salesInvoices", "cancelAndSend"):
            try cancel(id, now: now, &state)
        case ("salesInvoices", "makeCorrectiveCreditMemo"):
            try makeCorrectiveCreditMemo(id, now: now, &state)
        case ("journals", "post"):
            // `journals({id})` also reaches customer payment journals (reference §2.5).
            if state.row("customerPaymentJournals", id) != nil {
                try BCPayments.postJournal(id, now: now, &state)
            } else {
                try BCJournals.post(id, now: now, &state)
            }
        case ("purchaseInvoices", "post"):
            try BCPurchasePosting.postInvoice(id, now: now, &state)
        case ("purchaseOrders", "receiveAndInvoice"):
            try BCPurchasePosting.receiveAndInvoice(id, now: now, &state)
        default:
            throw BCError(400, "BadRequest_MethodNotImplemented", "The action '\(action)' on \(set) is not simulated.")
        }
    }

    /// Posts a draft: the number moves to the posted series, the id stays (reference §2.3).
    static func post(_ kind: BCSalesDocumentKind, _ id: String, now: Date, _ state: inout BCState) throws(BCError) {
        guard var header = state.row(kind.headerSet, id) else { return }
        guard header.string("status") == "Draft" else {
            throw BCError.dialog("The action can be applied to a draft \(kind.label) only.")
        }
        let lines = kind.lines(of: id, state)
        let postable = lines.filter { $0.string("lineType") != "Comment" }
        guard !postable.isEmpty else { throw BCError.dialog("Please add at least one line item to the document.") }
        let draftNumber = header.string("number")
        for line in postable where line.decimal("quantity") == 0 {
            throw BCError.fieldValidation("Quantity must have a value in Sales Line: Document Type=\(kind.ledgerType), Document No.=\(draftNumber), Line No.=\(line["sequence"]?.intValue ?? 0). It cannot be zero or empty.")
        }
        if let customer = state.row("customers", header.string("customerId").lowercased()) {
            try BCSalesDocumentKind.checkNotBlocked(customer)
        }
        for line in postable where line.string("lineType") == "Account" {
            guard let account = state.row("accounts", line.string("accountId").lowercased()) else {
                throw BCError.relationNotFound("accountId", line.string("accountId"), "G/L Account")
            }
            try BCSalesDocumentKind.checkPostingAccount(account)
        }
        let number = state.takeNumber(kind.postedSeries)
        header["number"] = .string(number)
        header["status"] = "Open"
        header["remainingAmount"] = header["totalAmountIncludingTax"]
        header["lastModifiedDateTime"] = .string(SimTime.iso8601(now))
        let sign: Decimal = kind.isInvoice ? 1 : -1
        BCLedger.post(BCLedger.salesDocumentLines(header, lines, sign: sign, state), documentType: kind.ledgerType,
                      documentNumber: number, postingDate: header.string("postingDate"), now: now, &state)
        adjustInventory(lines, by: -sign, now: now, &state)
        if !kind.isInvoice, !BCValues.isBlankGUID(header.string("invoiceId")) {
            apply(creditMemo: &header, toInvoice: header.string("invoiceId").lowercased(), now: now, &state)
        }
        if header.decimal("remainingAmount") == 0 { header["status"] = "Paid" }
        state.put(kind.headerSet, id, header)
    }

    /// A posted credit memo lowers the invoice's remaining amount (reference §2.4).
    static func apply(creditMemo: inout JSONObject, toInvoice invoiceId: String, now: Date, _ state: inout BCState) {
        guard var invoice = state.row("salesInvoices", invoiceId) else { return }
        let applied = min(creditMemo.decimal("remainingAmount"), invoice.decimal("remainingAmount"))
        guard applied > 0 else { return }
        creditMemo["remainingAmount"] = .decimal(creditMemo.decimal("remainingAmount") - applied)
        BCPayments.reduceRemaining(&invoice, by: applied, now: now)
        state.put("salesInvoices", invoiceId, invoice)
    }

    /// Item lines move stock of inventory items (sales: out, credit memos: back in).
    static func adjustInventory(_ lines: [JSONObject], by sign: Decimal, now: Date, _ state: inout BCState) {
        for line in lines where line.string("lineType") == "Item" {
            let itemId = line.string("itemId").lowercased()
            guard var item = state.row("items", itemId), item.string("type") == "Inventory" else { continue }
            item["inventory"] = .decimal(item.decimal("inventory") + sign * line.decimal("quantity"))
            state.put("items", itemId, item)
        }
    }

    /// `cancel`: a posted, unpaid invoice gets a posted corrective credit memo and status Canceled.
    static func cancel(_ id: String, now: Date, _ state: inout BCState) throws(BCError) {
        guard var invoice = state.row("salesInvoices", id) else { return }
        switch invoice.string("status") {
        case "Draft", "In Review": throw BCError.dialog("The action can be applied to a posted invoice only.")
        case "Canceled": throw BCError.dialog("The invoice cannot be canceled because it has already been canceled.")
        case "Corrective": throw BCError.dialog("The invoice cannot be canceled because it is a corrective document.")
        default: break
        }
        guard invoice.decimal("remainingAmount") == invoice.decimal("totalAmountIncludingTax") else {
            throw BCError.dialog("You cannot cancel this posted sales invoice because it is fully or partially paid or credited. To reverse a payment, unapply the customer ledger entries first.")
        }
        let memoId = copyToCreditMemo(invoice, number: state.takeNumber(BCSalesDocuments.creditMemo.postedSeries),
                                      status: "Corrective", now: now, &state)
        if var memo = state.row("salesCreditMemos", memoId) {
            memo["remainingAmount"] = .int(0)
            state.put("salesCreditMemos", memoId, memo)
            BCLedger.post(BCLedger.salesDocumentLines(memo, BCSalesDocuments.creditMemo.lines(of: memoId, state), sign: -1, state),
                          documentType: "Credit Memo", documentNumber: memo.string("number"),
                          postingDate: memo.string("postingDate"), now: now, &state)
            adjustInventory(BCSalesDocuments.invoice.lines(of: id, state), by: 1, now: now, &state)
        }
        invoice["status"] = "Canceled"
        invoice["remainingAmount"] = .int(0)
        invoice["lastModifiedDateTime"] = .string(SimTime.iso8601(now))
        state.put("salesInvoices", id, invoice)
    }

    /// `makeCorrectiveCreditMemo`: a draft credit memo copied from a posted, untouched invoice.
    static func makeCorrectiveCreditMemo(_ id: String, now: Date, _ state: inout BCState) throws(BCError) {
        guard let invoice = state.row("salesInvoices", id) else { return }
        switch invoice.string("status") {
        case "Draft", "In Review": throw BCError.dialog("The action can be applied to a posted invoice only.")
        case "Canceled": throw BCError.dialog("The invoice cannot be corrected because it has been canceled.")
        default: break
        }
        guard invoice.decimal("remainingAmount") == invoice.decimal("totalAmountIncludingTax") else {
            throw BCError.dialog("The invoice is partially paid or credited. Create the credit memo manually and apply it.")
        }
        _ = copyToCreditMemo(invoice, number: state.takeNumber(BCSalesDocuments.creditMemo.draftSeries),
                             status: "Draft", now: now, &state)
    }

    /// Copies an invoice (header, lines, dimension set lines) into a new credit memo linked to it.
    static func copyToCreditMemo(_ invoice: JSONObject, number: String, status: String, now: Date,
                                 _ state: inout BCState) -> String {
        guard let headerDefinition = BCMetadata.entity("salesCreditMemos"),
              let lineDefinition = BCMetadata.entity("salesCreditMemoLines") else { return "" }
        let memoId = BCValues.newGUID()
        var memo = BCValues.blankRow(headerDefinition)
        for field in headerDefinition.fields where invoice[field.name] != nil { memo[field.name] = invoice[field.name] }
        for hidden in ["_taxAreaId", "_taxLiable"] { memo[hidden] = invoice[hidden] }
        memo["id"] = .string(memoId)
        memo["number"] = .string(number)
        memo["status"] = .string(status)
        memo["creditMemoDate"] = .string(SimTime.day(now))
        memo["postingDate"] = .string(SimTime.day(now))
        memo["dueDate"] = .string(SimTime.day(now))
        memo["invoiceId"] = .string(invoice.id)
        memo["invoiceNumber"] = .string(invoice.string("number"))
        memo["lastModifiedDateTime"] = .string(SimTime.iso8601(now))
        state.put("salesCreditMemos", memoId, memo)
        copyDimensions(from: invoice.id, to: memoId, parentType: "Sales Credit Memo", &state)
        for line in BCSalesDocuments.invoice.lines(of: invoice.id, state) {
            var copy = BCValues.blankRow(lineDefinition)
            for field in lineDefinition.fields where line[field.name] != nil { copy[field.name] = line[field.name] }
            copy["id"] = .string(BCValues.newGUID())
            copy["documentId"] = .string(memoId)
            state.put("salesCreditMemoLines", copy.id, copy)
            copyDimensions(from: line.id, to: copy.id, parentType: "Sales Credit Memo Line", &state)
        }
        return memoId
    }

    static func copyDimensions(from source: String, to target: String, parentType: String, _ state: inout BCState) {
        for var line in BCDimensions.lines(of: source, state) {
            line["parentId"] = .string(target)
            line["parentType"] = .string(parentType)
            state.put("dimensionSetLines", "\(target)|\(line.id)", line)
        }
    }
}
