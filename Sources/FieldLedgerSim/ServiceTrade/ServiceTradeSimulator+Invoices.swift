import FieldLedgerHTTP
import Foundation

/// Invoices: items with a service line, item type and tax rate each; exact totals; status
/// transitions (`ServiceTradeRules.invoiceTransitions`); payments that move `amountPaid`/`balance`.
extension ServiceTradeSimulator {
    static let itemTypes = ["labor", "material", "other"]

    func checkInvoiceItems(_ value: JSONValue) -> Result<JSONValue, ValidationMessage> {
        guard let items = value.arrayValue else { return .failure(ValidationMessage("items must be an array.")) }
        var stored: [JSONValue] = []
        for (index, item) in items.enumerated() {
            let at = "items[\(index)]"
            guard let object = item.objectValue else { return .failure(ValidationMessage("\(at) must be an object.")) }
            let known: Set = ["description", "itemType", "serviceLineId", "quantity", "price", "taxRateId", "libItemCode"]
            if let unknown = object.keys.first(where: { !known.contains($0) }) {
                return .failure(ValidationMessage("Unknown field '\(unknown)' in \(at); use \(known.sorted().joined(separator: ", "))."))
            }
            guard let description = object["description"]?.stringValue, !description.isEmpty else {
                return .failure(ValidationMessage("\(at).description is required."))
            }
            guard let type = object["itemType"]?.stringValue, Self.itemTypes.contains(type) else {
                return .failure(ValidationMessage("\(at).itemType must be one of \(Self.itemTypes.joined(separator: ", "))."))
            }
            guard let lineId = object["serviceLineId"]?.intValue, let serviceLine = embed(.serviceline, lineId) else {
                return .failure(ValidationMessage("\(at).serviceLineId must name an existing service line (every invoice item carries one)."))
            }
            guard case .number = object["quantity"], let quantity = SimMoney.decimal(object["quantity"]), quantity != 0,
                  SimMoney.inRange(quantity), SimMoney.hasAtMost(4, decimals: quantity) else {
                return .failure(ValidationMessage("\(at).quantity must be a non-zero number with at most 4 decimals."))
            }
            guard case .number = object["price"], let price = SimMoney.decimal(object["price"]), SimMoney.inRange(price),
                  SimMoney.hasAtMost(2, decimals: price) else {
                return .failure(ValidationMessage("\(at).price must be a number with at most 2 decimals."))
            }
            var taxRate: JSONValue = .null
            if let taxId = object["taxRateId"], !taxId.isNull {
                guard let id = taxId.intValue, let embedded = embed(.taxrate, id) else {
                    return .failure(ValidationMessage("\(at).taxRateId does not match any tax rate."))
                }
                taxRate = embedded
            }
            state.invoiceItemSequence += 1
            let total = SimMoney.rounded(quantity * price)
            let rate = SimMoney.decimal(taxRate["rate"]) ?? 0
            var row: JSONObject = ["id": .int(state.invoiceItemSequence), "description": .string(description),
                                   "itemType": .string(type), "serviceLine": serviceLine,
                                   "quantity": SimMoney.quantityJSON(quantity), "price": SimMoney.json(price),
                                   "total": SimMoney.json(total), "taxRate": taxRate,
                                   "taxAmount": SimMoney.json(total * rate / 100)]
            if let code = object["libItemCode"]?.stringValue { row["libItemCode"] = .string(code) }
            stored.append(.object(row))
        }
        return .success(.array(stored))
    }

    /// Fills the members the server derives for a new invoice.
    func prepareNewInvoice(_ row: inout JSONObject) throws(ServiceTradeFailure) {
        let id = row["id"]?.intValue ?? 0
        guard let jobId = row["job"]?["id"]?.intValue, let job = state.tables[.job]?[jobId] else {
            throw .badRequest(["jobId is required."])
        }
        var ordered: JSONObject = ["id": row["id"] ?? .int(id), "uri": row["uri"] ?? .null]
        ordered["invoiceNumber"] = row["invoiceNumber"] ?? .string("INV-\(id)")
        ordered["status"] = row["status"] ?? "ok"
        ordered["job"] = row["job"]
        ordered["company"] = job["company"]
        ordered["location"] = job["location"]
        ordered["region"] = job["region"]
        ordered["customerPo"] = row["customerPo"] ?? .null
        if let terms = row["paymentTerms"] { ordered["paymentTerms"] = terms } else {
            let companyId = job["company"]?["id"]?.intValue ?? 0
            ordered["paymentTerms"] = state.tables[.company]?[companyId]?["paymentTerms"] ?? .null
        }
        ordered["transactionDate"] = row["transactionDate"] ?? .int(now())
        ordered["dueDate"] = row["dueDate"] ?? .null
        ordered["items"] = row["items"] ?? .array([])
        let items = ordered["items"]?.arrayValue ?? []
        let subtotal = items.reduce(Decimal(0)) { $0 + (SimMoney.decimal($1["total"]) ?? 0) }
        let tax = items.reduce(Decimal(0)) { $0 + (SimMoney.decimal($1["taxAmount"]) ?? 0) }
        ordered["subtotal"] = SimMoney.json(subtotal)
        ordered["taxAmount"] = SimMoney.json(tax)
        ordered["totalPrice"] = SimMoney.json(subtotal + tax)
        ordered["amountPaid"] = SimMoney.json(0)
        ordered["balance"] = SimMoney.json(subtotal + tax)
        ordered["externalIds"] = .object(JSONObject())
        row = ordered
    }

    /// Applies the status transition rules and refuses changes to a void invoice.
    func checkInvoiceChange(old: JSONObject, new: JSONObject) throws(ServiceTradeFailure) {
        let id = old["id"]?.intValue ?? 0
        let from = old["status"]?.stringValue ?? "ok"
        if from == "void" && new != old {
            throw .badRequest(["Invoice \(id) is void; a void invoice cannot be changed."])
        }
        let to = new["status"]?.stringValue ?? from
        guard from != to else { return }
        guard ServiceTradeRules.invoiceTransitions[from]?.contains(to) == true else {
            let allowed = (ServiceTradeRules.invoiceTransitions[from] ?? []).sorted().joined(separator: ", ")
            throw .badRequest(["Invoice \(id) cannot change status from \(from) to \(to); from \(from) it may go to: \(allowed.isEmpty ? "nothing" : allowed)."])
        }
    }

    /// Records a payment: `amountPaid` and `balance` move; a negative amount reverses an earlier payment.
    func applyPayment(_ row: inout JSONObject) throws(ServiceTradeFailure) {
        guard let invoiceId = row["invoice"]?["id"]?.intValue, let invoice = state.tables[.invoice]?[invoiceId],
              let amount = SimMoney.decimal(row["amount"])
        else { throw .badRequest(["invoiceId and amount are required."]) }
        let number = invoice["invoiceNumber"]?.stringValue ?? String(invoiceId)
        guard invoice["status"]?.stringValue != "void" else {
            throw .badRequest(["Invoice \(number) is void; payments cannot be recorded against a void invoice."])
        }
        guard amount != 0 else { throw .badRequest(["amount must not be zero."]) }
        let total = SimMoney.decimal(invoice["totalPrice"]) ?? 0
        let paid = (SimMoney.decimal(invoice["amountPaid"]) ?? 0) + amount
        guard paid <= total else {
            throw .badRequest(["Payment of \(amount) exceeds the balance \((total - (paid - amount)).plainString) of invoice \(number)."])
        }
        guard paid >= 0 else {
            throw .badRequest(["Reversal of \(amount) exceeds the \((paid - amount).plainString) paid on invoice \(number)."])
        }
        if row["paymentDate"] == nil { row["paymentDate"] = .int(now()) }
        var updated = invoice
        updated["amountPaid"] = SimMoney.json(paid)
        updated["balance"] = SimMoney.json(total - paid)
        updated["updated"] = .int(now())
        state.tables[.invoice]?.put(updated)
        emit(.invoice, id: invoiceId, action: "updated", changeset: changeset(old: invoice, new: updated))
    }
}
