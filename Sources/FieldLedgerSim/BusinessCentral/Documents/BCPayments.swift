import FieldLedgerHTTP
import Foundation

/// Customer payment journal lines and their posting through `journals({id})/Microsoft.NAV.post`
/// (reference §2.5: customerPaymentJournals have no post action of their own).
///
/// Sign (open question §8.1): the simulator follows BC's journal convention — a receipt is a
/// credit to the customer, so `amount` must be negative when the journal is posted; a positive
/// amount is refused at posting with "The "amount" should be a negative number.".
enum BCPayments {
    static func completePayment(_ row: inout JSONObject, old: JSONObject?, changed: Set<String>, now: Date,
                                _ state: inout BCState) throws(BCError) {
        try BCRules.checkLengths(row, changed)
        let journalId = row.string("journalId").lowercased()
        guard let journal = state.row("customerPaymentJournals", journalId) else {
            throw BCError.dialog("A journal id must be provided: post to customerPaymentJournals({id})/customerPayments.")
        }
        row["journalDisplayName"] = .string(journal.string("code"))
        if old == nil, (row["lineNumber"]?.intValue ?? 0) == 0 {
            let last = state.table("customerPayments").all.filter { $0.string("journalId").lowercased() == journalId }
                .compactMap { $0["lineNumber"]?.intValue }.max() ?? 0
            row["lineNumber"] = .int(last + 10_000)
        }
        var customer = try BCRules.reference(&row, idField: "customerId", codeField: "customerNumber", set: "customers",
                                             changed: changed, label: "Customer", state)
        let invoice = try BCRules.reference(&row, idField: "appliesToInvoiceId", codeField: "appliesToInvoiceNumber",
                                            set: "salesInvoices", changed: changed, label: "Sales Invoice Header", state)
        if let invoice {
            guard ["Open", "Paid", "Corrective", "Canceled"].contains(invoice.string("status")) else {
                throw BCError.dialog("The invoice \(invoice.string("number")) is not posted; a payment can only be applied to a posted invoice.")
            }
            if customer == nil, let billTo = state.row("customers", invoice.string("billToCustomerId").lowercased()) {
                customer = billTo
                row["customerId"] = .string(billTo.id)
                row["customerNumber"] = .string(billTo.string("number"))
            }
        }
        if row.string("postingDate") == BCValues.emptyDate { row["postingDate"] = .string(SimTime.day(now)) }
        if old == nil, row.string("documentNumber").isEmpty { row["documentNumber"] = .string(state.takeNumber("payment")) }
    }

    /// Posts every payment line of a customer payment journal and removes the lines.
    static func postJournal(_ journalId: String, now: Date, _ state: inout BCState) throws(BCError) {
        let lines = state.table("customerPayments").all.filter { $0.string("journalId").lowercased() == journalId }
            .sorted { $0["lineNumber"]?.intValue ?? 0 < $1["lineNumber"]?.intValue ?? 0 }
        guard !lines.isEmpty else { throw BCError.dialog("There is nothing to post.") }
        let journal = state.row("customerPaymentJournals", journalId)
        let cash = journal.map { $0.string("balancingAccountNumber") }.flatMap { $0.isEmpty ? nil : $0 }
            ?? state.postingSetup.cashAccount
        for line in lines {
            guard !BCValues.isBlankGUID(line.string("customerId")) else {
                throw BCError.fieldValidation("Account No. must have a value in Gen. Journal Line: Journal Batch Name=\(line.string("journalDisplayName")), Line No.=\(line["lineNumber"]?.intValue ?? 0). It cannot be zero or empty.")
            }
            let amount = line.decimal("amount")
            guard amount != 0 else {
                throw BCError.fieldValidation("Amount must have a value in Gen. Journal Line: Line No.=\(line["lineNumber"]?.intValue ?? 0). It cannot be zero or empty.")
            }
            guard amount < 0 else { throw BCError.dialog("The \"amount\" should be a negative number.") }
        }
        for line in lines {
            let received = -line.decimal("amount")
            let description = line.string("description").isEmpty ? "Payment \(line.string("documentNumber"))" : line.string("description")
            BCLedger.post([BCLedger.Line(accountNumber: cash, amount: received, description: description),
                           BCLedger.Line(accountNumber: state.postingSetup.receivablesAccount, amount: -received, description: description)],
                          documentType: "Payment", documentNumber: line.string("documentNumber"),
                          postingDate: line.string("postingDate"), now: now, &state)
            let invoiceId = line.string("appliesToInvoiceId").lowercased()
            var applied: Decimal = 0
            if !BCValues.isBlankGUID(invoiceId), var invoice = state.row("salesInvoices", invoiceId) {
                applied = min(received, invoice.decimal("remainingAmount"))
                reduceRemaining(&invoice, by: applied, now: now)
                state.put("salesInvoices", invoiceId, invoice)
            }
            state.postedPayments[line.string("documentNumber")] = BCPostedPayment(
                documentNumber: line.string("documentNumber"), paymentLineId: line.id, customerId: line.string("customerId").lowercased(),
                invoiceId: BCValues.isBlankGUID(invoiceId) ? nil : invoiceId, received: received, applied: applied, cashAccount: cash)
            state.remove("customerPayments", line.id)
            for dimension in BCDimensions.lines(of: line.id, state) { state.remove("dimensionSetLines", "\(line.id)|\(dimension.id)") }
        }
    }

    /// Lowers a posted invoice's remaining amount; at zero its status becomes Paid (reference §2.3).
    static func reduceRemaining(_ invoice: inout JSONObject, by amount: Decimal, now: Date) {
        guard amount > 0 else { return }
        let remaining = max(0, invoice.decimal("remainingAmount") - amount)
        invoice["remainingAmount"] = .decimal(remaining)
        if remaining == 0, invoice.string("status") == "Open" { invoice["status"] = "Paid" }
        invoice["lastModifiedDateTime"] = .string(SimTime.iso8601(now))
    }

    /// NSF / returned payment (simulator control `/_sim/bc/payments/{documentNumber or line id}/reverse`):
    /// reverses the G/L entries and gives the invoice its remaining amount back, so it is Open again.
    /// Why a posted payment is undone: a returned (NSF) payment or a voided one. Both put the
    /// applied amount back on the invoice; only the G/L description differs.
    enum ReversalReason: String {
        case returned = "reverse"
        case voided = "void"

        var text: String { self == .returned ? "returned payment" : "voided payment" }
    }

    static func reverse(_ key: String, reason: ReversalReason = .returned, now: Date,
                        _ state: inout BCState) throws(BCError) -> BCPostedPayment {
        guard var payment = state.postedPayments[key.uppercased()]
            ?? state.postedPayments.values.first(where: { $0.paymentLineId == key.lowercased() }) else {
            throw BCError(404, "Internal_RecordNotFound", "No posted customer payment has document number or id '\(key)'.")
        }
        guard !payment.reversed else {
            throw BCError.dialog("The payment \(payment.documentNumber) has already been reversed.")
        }
        let description = "Reversal of \(payment.documentNumber) (\(reason.text))"
        BCLedger.post([BCLedger.Line(accountNumber: payment.cashAccount, amount: -payment.received, description: description),
                       BCLedger.Line(accountNumber: state.postingSetup.receivablesAccount, amount: payment.received, description: description)],
                      documentType: "Payment", documentNumber: payment.documentNumber, postingDate: SimTime.day(now), now: now, &state)
        if let invoiceId = payment.invoiceId, var invoice = state.row("salesInvoices", invoiceId) {
            invoice["remainingAmount"] = .decimal(invoice.decimal("remainingAmount") + payment.applied)
            if invoice.string("status") == "Paid", invoice.decimal("remainingAmount") > 0 { invoice["status"] = "Open" }
            invoice["lastModifiedDateTime"] = .string(SimTime.iso8601(now))
            state.put("salesInvoices", invoiceId, invoice)
        }
        payment.reversed = true
        state.postedPayments[payment.documentNumber] = payment
        return payment
    }
}
