import FieldLedgerHTTP
import Foundation

/// `purchaseInvoices({id})/Microsoft.NAV.post` and `purchaseOrders({id})/Microsoft.NAV.receiveAndInvoice`
/// (reference §2.7, §7), with the purchase receipts and G/L entries they produce.
///
/// - An invoice keeps its id when posted; its number moves to the posted series (as sales
///   invoices do, §2.3). Posting refuses a `vendorInvoiceNumber` the vendor already has on a
///   posted invoice with BC's `PurchaseAlreadyExistsErr` ("Purchase Invoice X already exists for
///   this vendor."), and — when `_postingSetup.json` sets `extDocNoMandatory` — a blank one.
/// - `receiveAndInvoice` receives each line's `receiveQuantity` and invoices its
///   `invoiceQuantity`. With every `invoiceQuantity` at 0 it posts a receipt only (the reference
///   marks this unverified, §2.7 / §8 item 8; see `ErrorStatusChoices.md`). An order fully
///   received and invoiced is deleted, as BC deletes it after posting.
/// - Receipts move stock of inventory items; the G/L is posted when invoiced (no expected cost
///   posting): inventory or purchase account debited, payables credited.
enum BCPurchasePosting {
    static func postInvoice(_ id: String, now: Date, _ state: inout BCState) throws(BCError) {
        guard var header = state.row("purchaseInvoices", id) else { return }
        guard header.string("status") == "Draft" else { throw BCError.dialog("The action can be applied to a draft invoice only.") }
        let lines = BCPurchasing.invoice.lines(of: id, state)
        let postable = lines.filter { $0.string("lineType") != "Comment" }
        guard !postable.isEmpty else { throw BCError.dialog("Please add at least one line item to the document.") }
        for line in postable where line.decimal("quantity") == 0 {
            throw BCError.fieldValidation("Quantity must have a value in Purchase Line: Document Type=Invoice, Document No.=\(header.string("number")), Line No.=\(line["sequence"]?.intValue ?? 0). It cannot be zero or empty.")
        }
        let vendor = try checkVendor(header, state)
        try checkAccounts(postable, state)
        try checkVendorInvoiceNumber(header.string("vendorInvoiceNumber"), vendor: vendor, excluding: id, state)
        let number = state.takeNumber("postedPurchaseInvoice")
        header["number"] = .string(number)
        header["status"] = "Open"
        header["lastModifiedDateTime"] = .string(SimTime.iso8601(now))
        state.put("purchaseInvoices", id, header)
        postLedger(header, postable.map { ($0, $0.decimal("amountExcludingTax")) }, now: now, &state)
        for line in postable {
            moveStock(line, quantity: line.decimal("quantity"), documentType: "Purchase Invoice", documentNumber: number,
                      vendorNumber: vendor.string("number"), postingDate: header.string("postingDate"), now: now, &state)
        }
    }

    static func receiveAndInvoice(_ id: String, now: Date, _ state: inout BCState) throws(BCError) {
        guard let order = state.row("purchaseOrders", id) else { return }
        let lines = BCPurchasing.order.lines(of: id, state).filter { $0.string("lineType") != "Comment" }
        let receiving = lines.filter { $0.decimal("receiveQuantity") > 0 }
        let invoicing = lines.filter { $0.decimal("invoiceQuantity") > 0 }
        guard !receiving.isEmpty || !invoicing.isEmpty else { throw BCError.dialog("There is nothing to post.") }
        for line in lines {
            let canInvoice = line.decimal("receivedQuantity") + line.decimal("receiveQuantity") - line.decimal("invoicedQuantity")
            if line.decimal("invoiceQuantity") > canInvoice {
                throw BCError.dialog("You cannot invoice more than \(canInvoice) units.")
            }
        }
        let vendor = try checkVendor(order, state)
        try checkAccounts(receiving + invoicing, state)
        if !invoicing.isEmpty { try checkVendorInvoiceNumber("", vendor: vendor, excluding: "", state) }
        if !receiving.isEmpty { postReceipt(order, receiving, vendor: vendor, now: now, &state) }
        if !invoicing.isEmpty { postOrderInvoice(order, invoicing, now: now, &state) }
        var complete = true
        for var line in BCPurchasing.order.lines(of: id, state) {
            let received = line.decimal("receivedQuantity") + line.decimal("receiveQuantity")
            let invoiced = line.decimal("invoicedQuantity") + line.decimal("invoiceQuantity")
            line["receivedQuantity"] = .decimal(received)
            line["invoicedQuantity"] = .decimal(invoiced)
            line["receiveQuantity"] = .decimal(line.decimal("quantity") - received)
            line["invoiceQuantity"] = .decimal(line.decimal("quantity") - invoiced)
            if received != line.decimal("quantity") || invoiced != line.decimal("quantity") { complete = false }
            state.put("purchaseOrderLines", line.id, line)
        }
        if complete {
            // BC deletes an order once everything is received and invoiced.
            for line in BCPurchasing.order.lines(of: id, state) { removeWithDimensions("purchaseOrderLines", line.id, &state) }
            removeWithDimensions("purchaseOrders", id, &state)
            return
        }
        guard var header = state.row("purchaseOrders", id) else { return }
        header["status"] = "Open"
        header["fullyReceived"] = .bool(BCPurchasing.order.lines(of: id, state).allSatisfy {
            $0.decimal("receivedQuantity") == $0.decimal("quantity")
        })
        header["lastModifiedDateTime"] = .string(SimTime.iso8601(now))
        state.put("purchaseOrders", id, header)
    }

    // MARK: Documents produced

    private static func postReceipt(_ order: JSONObject, _ lines: [JSONObject], vendor: JSONObject, now: Date,
                                    _ state: inout BCState) {
        guard let headerDefinition = BCMetadata.entity("purchaseReceipts"),
              let lineDefinition = BCMetadata.entity("purchaseReceiptLines") else { return }
        let receiptId = BCValues.newGUID()
        let number = state.takeNumber("postedPurchaseReceipt")
        var receipt = copy(order, into: headerDefinition)
        receipt["id"] = .string(receiptId)
        receipt["number"] = .string(number)
        receipt["orderNumber"] = .string(order.string("number"))
        receipt["invoiceDate"] = .string(order.string("orderDate"))
        receipt["dueDate"] = .string(order.string("orderDate"))
        receipt["lastModifiedDateTime"] = .string(SimTime.iso8601(now))
        state.put("purchaseReceipts", receiptId, receipt)
        BCActions.copyDimensions(from: order.id, to: receiptId, parentType: "Purchase Receipt", &state)
        for line in lines {
            var copy = copy(line, into: lineDefinition)
            copy["id"] = .string(BCValues.newGUID())
            copy["documentId"] = .string(receiptId)
            copy["quantity"] = .decimal(line.decimal("receiveQuantity"))
            copy["unitCost"] = line["directUnitCost"] ?? .int(0)
            state.put("purchaseReceiptLines", copy.id, copy)
            BCActions.copyDimensions(from: line.id, to: copy.id, parentType: "Purchase Receipt Line", &state)
            moveStock(line, quantity: line.decimal("receiveQuantity"), documentType: "Purchase Receipt", documentNumber: number,
                      vendorNumber: vendor.string("number"), postingDate: order.string("postingDate"), now: now, &state)
        }
    }

    /// The posted invoice of an order: a `purchaseInvoices` row with `orderId`/`orderNumber`.
    private static func postOrderInvoice(_ order: JSONObject, _ lines: [JSONObject], now: Date, _ state: inout BCState) {
        guard let headerDefinition = BCMetadata.entity("purchaseInvoices"),
              let lineDefinition = BCMetadata.entity("purchaseInvoiceLines") else { return }
        let invoiceId = BCValues.newGUID()
        var invoice = copy(order, into: headerDefinition)
        invoice["id"] = .string(invoiceId)
        invoice["number"] = .string(state.takeNumber("postedPurchaseInvoice"))
        invoice["status"] = "Open"
        invoice["orderId"] = .string(order.id)
        invoice["orderNumber"] = .string(order.string("number"))
        invoice["invoiceDate"] = .string(order.string("postingDate"))
        let terms = state.row("paymentTerms", order.string("paymentTermsId").lowercased())?.string("dueDateCalculation") ?? ""
        invoice["dueDate"] = .string(BCDateFormula.apply(terms, to: order.string("postingDate")))
        var total: Decimal = 0
        var amounts: [(JSONObject, Decimal)] = []
        for line in lines {
            var copy = copy(line, into: lineDefinition)
            copy["id"] = .string(BCValues.newGUID())
            copy["documentId"] = .string(invoiceId)
            copy["quantity"] = .decimal(line.decimal("invoiceQuantity"))
            copy["unitCost"] = line["directUnitCost"] ?? .int(0)
            copy["discountAmount"] = .int(0)
            BCPurchasing.computeAmounts(&copy, kind: BCPurchasing.invoice, changed: ["discountPercent"])
            total += copy.decimal("amountExcludingTax")
            amounts.append((line, copy.decimal("amountExcludingTax")))
            state.put("purchaseInvoiceLines", copy.id, copy)
            BCActions.copyDimensions(from: line.id, to: copy.id, parentType: "Purchase Invoice Line", &state)
        }
        invoice["totalAmountExcludingTax"] = .decimal(total)
        invoice["totalTaxAmount"] = .int(0)
        invoice["totalAmountIncludingTax"] = .decimal(total)
        invoice["lastModifiedDateTime"] = .string(SimTime.iso8601(now))
        state.put("purchaseInvoices", invoiceId, invoice)
        BCActions.copyDimensions(from: order.id, to: invoiceId, parentType: "Purchase Invoice", &state)
        postLedger(invoice, amounts, now: now, &state)
    }

    // MARK: Checks and postings

    private static func checkVendor(_ header: JSONObject, _ state: BCState) throws(BCError) -> JSONObject {
        guard let vendor = state.row("vendors", header.string("vendorId").lowercased()) else {
            throw BCError.relationNotFound("vendorId", header.string("vendorId"), "Vendor")
        }
        try BCPurchasing.checkNotBlocked(vendor)
        return vendor
    }

    private static func checkAccounts(_ lines: [JSONObject], _ state: BCState) throws(BCError) {
        for line in lines where line.string("lineType") == "Account" {
            guard let account = state.row("accounts", line.string("accountId").lowercased()) else {
                throw BCError.relationNotFound("accountId", line.string("accountId"), "G/L Account")
            }
            try BCSalesDocumentKind.checkPostingAccount(account)
        }
        for line in lines where line.string("lineType") == "Item" {
            if let item = state.row("items", line.string("itemId").lowercased()), item.bool("blocked") {
                throw BCError.fieldValidation("Blocked must be equal to 'No' in Item: No.=\(item.string("number")). Current value is 'Yes'.")
            }
        }
    }

    /// Purch.-Post's external document number check (reference §7).
    private static func checkVendorInvoiceNumber(_ number: String, vendor: JSONObject, excluding id: String,
                                                 _ state: BCState) throws(BCError) {
        if number.isEmpty {
            guard !state.postingSetup.extDocNoMandatory else {
                throw BCError.dialog("You need to enter the document number of the document from the vendor in the Vendor Invoice No. field, so that this document stays linked to the original.")
            }
            return
        }
        let duplicate = state.table("purchaseInvoices").first {
            $0.id != id && $0.string("status") != "Draft" && $0.string("vendorId").lowercased() == vendor.id
                && $0.string("vendorInvoiceNumber") == number
        }
        if duplicate != nil { throw BCError.dialog("Purchase Invoice \(number) already exists for this vendor.") }
    }

    /// Debits inventory (inventory items), the purchase account (other items) or the line's
    /// account; credits payables with the total.
    private static func postLedger(_ header: JSONObject, _ lines: [(JSONObject, Decimal)], now: Date,
                                   _ state: inout BCState) {
        let setup = state.postingSetup
        let description = "\(header.string("vendorName")) \(header.string("number"))"
        var debits: [(String, Decimal)] = []
        var total: Decimal = 0
        for (line, amount) in lines {
            let account: String
            switch line.string("lineType") {
            case "Account": account = line.string("lineObjectNumber")
            case "Item":
                let type = state.row("items", line.string("itemId").lowercased())?.string("type")
                account = type == "Inventory" ? setup.inventoryAccount : setup.purchaseAccount
            default: account = setup.purchaseAccount
            }
            total += amount
            if let index = debits.firstIndex(where: { $0.0 == account }) { debits[index].1 += amount } else { debits.append((account, amount)) }
        }
        let entries = debits.map { BCLedger.Line(accountNumber: $0.0, amount: $0.1, description: description) }
            + [BCLedger.Line(accountNumber: setup.payablesAccount, amount: -total, description: description)]
        BCLedger.post(entries, documentType: "Invoice", documentNumber: header.string("number"),
                      postingDate: header.string("postingDate"), now: now, &state)
    }

    /// Inventory items gain stock, with an item ledger entry of type Purchase.
    private static func moveStock(_ line: JSONObject, quantity: Decimal, documentType: String, documentNumber: String,
                                  vendorNumber: String, postingDate: String, now: Date, _ state: inout BCState) {
        guard line.string("lineType") == "Item", quantity != 0,
              var item = state.row("items", line.string("itemId").lowercased()), item.string("type") == "Inventory",
              let definition = BCMetadata.entity("itemLedgerEntries") else { return }
        item["inventory"] = .decimal(item.decimal("inventory") + quantity)
        state.put("items", item.id, item)
        var entry = BCValues.blankRow(definition)
        entry["id"] = .string(BCValues.newGUID())
        entry["entryNumber"] = .int(state.nextItemEntryNumber)
        state.nextItemEntryNumber += 1
        entry["itemNumber"] = .string(item.string("number"))
        entry["postingDate"] = .string(postingDate)
        entry["entryType"] = "Purchase"
        entry["sourceType"] = "Vendor"
        entry["sourceNumber"] = .string(vendorNumber)
        entry["documentType"] = .string(documentType)
        entry["documentNumber"] = .string(documentNumber)
        entry["description"] = .string(line.string("description"))
        entry["quantity"] = .decimal(quantity)
        let cost = (line["directUnitCost"] ?? line["unitCost"])?.decimalValue ?? 0
        entry["costAmountActual"] = .decimal(BCValues.round2(quantity * cost))
        entry["lastModifiedDateTime"] = .string(SimTime.iso8601(now))
        state.put("itemLedgerEntries", entry.id, entry)
    }

    private static func copy(_ source: JSONObject, into definition: BCEntityDefinition) -> JSONObject {
        var row = BCValues.blankRow(definition)
        for field in definition.fields where source[field.name] != nil { row[field.name] = source[field.name] }
        return row
    }

    private static func removeWithDimensions(_ set: String, _ id: String, _ state: inout BCState) {
        for dimension in BCDimensions.lines(of: id, state) { state.remove("dimensionSetLines", "\(id)|\(dimension.id)") }
        state.remove(set, id)
    }
}
