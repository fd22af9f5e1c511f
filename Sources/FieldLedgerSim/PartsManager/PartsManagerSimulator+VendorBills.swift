import FieldLedgerHTTP
import Foundation

/// Vendor bills (AP invoices; no public PartsManager endpoint exists, so the shape is ours):
/// lines may reference PO lines, billed quantity may not exceed received-and-not-yet-billed
/// quantity (three-way match), statuses `open` → `approve` → `approved` → `pay` → `paid`, `void`
/// from open or approved.
extension PartsManagerSimulator {
    func createVendorBill(_ body: JSONObject) throws(PartsManagerFailure) -> JSONObject {
        var reader = SimBodyReader(body)
        reader.rejectUnknown(allowed: ["VendorId", "vendorInvoiceNumber", "invoiceDate", "dueDate", "currency", "lines"])
        let vendorId = reader.int("VendorId", required: true)
        if let vendorId, state.tables[.vendors]?[vendorId] == nil { reader.fail("VendorId \(vendorId) does not exist.") }
        let number = reader.string("vendorInvoiceNumber", required: true)
        if let number, let vendorId, state.tables[.vendorBills]?.all.contains(where: {
            $0["VendorId"]?.intValue == vendorId && $0["vendorInvoiceNumber"]?.stringValue == number && $0["status"]?.stringValue != "voided"
        }) == true {
            throw .conflict("Vendor \(vendorId) already has a bill with vendorInvoiceNumber '\(number)'; vendor invoice numbers are unique per vendor.")
        }
        let invoiceDate = reader.date("invoiceDate") ?? SimISOTime.day(clock.now())
        let dueDate = reader.date("dueDate")
        let currency = reader.string("currency") ?? "USD"
        let lines = reader.objects("lines", required: true) ?? []
        struct BillLine { let lineId: Int?; let item: Int?; let description: String; let quantity: Decimal; let unit: Decimal }
        var parsed: [BillLine] = []
        var billing: [Int: Decimal] = [:]
        for (index, line) in lines.enumerated() {
            var lr = SimBodyReader(line, context: "lines[\(index)].")
            lr.rejectUnknown(allowed: ["POLineItemId", "ItemId", "description", "quantity", "amount"])
            let lineId = lr.int("POLineItemId")
            var item = lr.int("ItemId")
            var description = lr.string("description")
            let quantity = lr.decimal("quantity", required: true, scale: 4, positive: true)
            let unit = lr.decimal("amount", required: true, scale: 4, nonNegative: true)
            defer { reader.absorb(lr) }
            if let lineId {
                guard let found = purchaseOrderLine(lineId) else { lr.fail("POLineItemId \(lineId) does not exist."); continue }
                if let vendorId, found.order["VendorId"]?.intValue != vendorId {
                    lr.fail("PO line \(lineId) belongs to another vendor's purchase order.")
                }
                item = item ?? found.line["ItemId"]?.intValue
                description = description ?? found.line["description"]?.stringValue
                if let quantity {
                    let received = SimMoney.decimal(found.line["quantityReceived"]) ?? 0
                    let billed = (SimMoney.decimal(found.line["quantityBilled"]) ?? 0) + (billing[lineId] ?? 0)
                    if billed + quantity > received {
                        lr.fail("billing \(quantity) of PO line \(lineId) exceeds the \(received - billed) received and not yet billed.")
                    }
                    billing[lineId, default: 0] += quantity
                }
            } else if description == nil {
                lr.fail("description is required on a line without POLineItemId.")
            }
            if let item, state.tables[.items]?[item] == nil { lr.fail("ItemId \(item) does not exist.") }
            if let quantity, let unit {
                parsed.append(BillLine(lineId: lineId, item: item, description: description ?? "", quantity: quantity, unit: unit))
            }
        }
        guard reader.problems.isEmpty, let vendorId, let number else { throw .badRequest(reader.problems) }
        var stored: [JSONValue] = []
        var amount = Decimal(0)
        for line in parsed {
            state.billLineSequence += 1
            let total = SimMoney.rounded(line.quantity * line.unit)
            amount += total
            stored.append(["_id": .int(state.billLineSequence), "POLineItemId": line.lineId.map { .int($0) } ?? .null,
                           "ItemId": line.item.map { .int($0) } ?? .null, "description": .string(line.description),
                           "quantity": SimMoney.quantityJSON(line.quantity), "amount": SimMoney.json(line.unit),
                           "total": SimMoney.json(total)])
            if let lineId = line.lineId { adjustBilled(lineId: lineId, by: line.quantity) }
        }
        let id = state.tables[.vendorBills, default: SimRecordTable(idKey: "_id")].reserveId()
        let bill: JSONObject = ["_id": .int(id), "vendorInvoiceNumber": .string(number), "VendorId": .int(vendorId),
                                "status": "open", "invoiceDate": .string(invoiceDate), "dueDate": dueDate.map { .string($0) } ?? .null,
                                "currency": .string(currency), "amount": SimMoney.json(amount), "lines": .array(stored),
                                "createdAt": timestamp()]
        save(.vendorBills, bill, event: "created")
        return state.tables[.vendorBills]?[id] ?? bill
    }

    func updateVendorBill(id: Int, body: JSONObject) throws(PartsManagerFailure) -> JSONObject {
        var bill = try row(.vendorBills, id)
        guard bill["status"]?.stringValue == "open" else {
            throw .badRequest(["Vendor bill \(id) is \(bill["status"]?.stringValue ?? ""); only an open bill can be edited."])
        }
        var reader = SimBodyReader(body)
        reader.rejectUnknown(allowed: ["invoiceDate", "dueDate"])
        if let date = reader.date("invoiceDate") { bill["invoiceDate"] = .string(date) }
        if let date = reader.date("dueDate") { bill["dueDate"] = .string(date) }
        guard reader.problems.isEmpty else { throw .badRequest(reader.problems) }
        save(.vendorBills, bill, event: "updated")
        return state.tables[.vendorBills]?[id] ?? bill
    }

    func vendorBillAction(id: Int, action: String) throws(PartsManagerFailure) -> JSONObject {
        var bill = try row(.vendorBills, id)
        let status = bill["status"]?.stringValue ?? ""
        let allowed: [String: (from: Set<String>, to: String)] = [
            "approve": (["open"], "approved"), "pay": (["approved"], "paid"), "void": (["open", "approved"], "voided"),
        ]
        guard let rule = allowed[action], rule.from.contains(status) else {
            let from = allowed[action]?.from.sorted().joined(separator: " or ") ?? "?"
            throw .badRequest(["Vendor bill \(id) is \(status); \(action) needs a bill that is \(from)."])
        }
        if action == "void" {
            for line in bill["lines"]?.arrayValue ?? [] {
                if let lineId = line["POLineItemId"]?.intValue, let q = SimMoney.decimal(line["quantity"]) {
                    adjustBilled(lineId: lineId, by: -q)
                }
            }
        }
        bill["status"] = .string(rule.to)
        save(.vendorBills, bill, event: "updated")
        return state.tables[.vendorBills]?[id] ?? bill
    }

    private func adjustBilled(lineId: Int, by delta: Decimal) {
        guard let found = purchaseOrderLine(lineId) else { return }
        let billed = (SimMoney.decimal(found.line["quantityBilled"]) ?? 0) + delta
        state.tables[.purchaseOrders]?.put(settingLine(found.order, index: found.index, "quantityBilled", SimMoney.quantityJSON(billed)))
    }
}
