import FieldLedgerHTTP
import Foundation

/// Purchase orders: lines with item, quantity, unit amount and warehouse; `created` →
/// `issue` → `issued` → (receipts) `partiallyFulfilled` → `fulfilled`; `unissue` and `void`
/// only while nothing has been received; edits only while `created`.
extension PartsManagerSimulator {
    func createPurchaseOrder(_ body: JSONObject) throws(PartsManagerFailure) -> JSONObject {
        let id = state.tables[.purchaseOrders, default: SimRecordTable(idKey: "_id")].reserveId()
        var row: JSONObject = ["_id": .int(id)]
        try applyPurchaseOrderFields(body, to: &row, creating: true)
        row["createdAt"] = timestamp()
        save(.purchaseOrders, row, event: "created")
        return state.tables[.purchaseOrders]?[id] ?? row
    }

    func updatePurchaseOrder(id: Int, body: JSONObject) throws(PartsManagerFailure) -> JSONObject {
        var row = try row(.purchaseOrders, id)
        let status = row["status"]?.stringValue ?? ""
        guard status == "created" else {
            throw .badRequest(["Purchase order \(row["number"]?.stringValue ?? String(id)) is \(status); only a created (unissued) purchase order can be edited. Unissue it first if nothing was received."])
        }
        try applyPurchaseOrderFields(body, to: &row, creating: false)
        save(.purchaseOrders, row, event: "updated")
        return state.tables[.purchaseOrders]?[id] ?? row
    }

    private func applyPurchaseOrderFields(_ body: JSONObject, to row: inout JSONObject, creating: Bool) throws(PartsManagerFailure) {
        var reader = SimBodyReader(body)
        let id = row["_id"]?.intValue ?? 0
        reader.rejectUnknown(allowed: ["number", "VendorId", "WarehouseId", "description", "deliveryDate", "currency",
                                       "notes", "externalId", "POLineItems"])
        if let number = reader.string("number") {
            if state.tables[.purchaseOrders]?.all.contains(where: { $0["number"]?.stringValue == number && $0["_id"]?.intValue != id }) == true {
                reader.fail("number '\(number)' is already used by another purchase order.")
            }
            row["number"] = .string(number)
        } else if creating { row["number"] = .string("PO-\(1000 + id)") }
        if creating { row["externalId"] = .null; row["description"] = .null; row["status"] = "created"; row["issueDate"] = .null }
        if let vendor = reader.int("VendorId", required: creating) {
            if let v = state.tables[.vendors]?[vendor] {
                if v["isActive"]?.boolValue == false { reader.fail("Vendor \(vendor) is inactive.") }
            } else { reader.fail("VendorId \(vendor) does not exist.") }
            row["VendorId"] = .int(vendor)
        }
        if let warehouse = reader.int("WarehouseId", required: creating) {
            if state.tables[.warehouses]?[warehouse] == nil { reader.fail("WarehouseId \(warehouse) does not exist.") }
            row["WarehouseId"] = .int(warehouse)
        }
        for key in ["description", "notes", "externalId"] {
            if let value = reader.string(key) { row[key] = .string(value) } else if creating && row[key] == nil { row[key] = .null }
        }
        if let date = reader.date("deliveryDate") { row["deliveryDate"] = .string(date) } else if creating { row["deliveryDate"] = .null }
        row["currency"] = .string(reader.string("currency") ?? row["currency"]?.stringValue ?? "USD")
        if let lines = reader.objects("POLineItems", required: creating) {
            let defaultWarehouse = row["WarehouseId"]?.intValue ?? 0
            var stored: [JSONValue] = []
            var amount = Decimal(0)
            for (index, line) in lines.enumerated() {
                var lr = SimBodyReader(line, context: "POLineItems[\(index)].")
                lr.rejectUnknown(allowed: ["ItemId", "description", "quantity", "amount", "WarehouseId", "JobId"])
                let itemId = lr.int("ItemId", required: true)
                let item = itemId.flatMap { state.tables[.items]?[$0] }
                if let itemId, item == nil { lr.fail("ItemId \(itemId) does not exist.") }
                if item?["inactive"]?.boolValue == true { lr.fail("item \(itemId ?? 0) is inactive.") }
                let quantity = lr.decimal("quantity", required: true, scale: 4, positive: true)
                let unit = lr.decimal("amount", required: true, scale: 4, nonNegative: true)
                let warehouse = lr.int("WarehouseId") ?? defaultWarehouse
                if state.tables[.warehouses]?[warehouse] == nil { lr.fail("WarehouseId \(warehouse) does not exist.") }
                let description = lr.string("description") ?? item?["name"]?.stringValue ?? ""
                let job = lr.int("JobId")
                reader.absorb(lr)
                guard let itemId, let quantity, let unit else { continue }
                state.poLineSequence += 1
                let total = SimMoney.rounded(quantity * unit)
                amount += total
                stored.append(["_id": .int(state.poLineSequence), "idx": .int(index), "ItemId": .int(itemId),
                               "description": .string(description), "quantity": SimMoney.quantityJSON(quantity),
                               "amount": SimMoney.json(unit), "total": SimMoney.json(total),
                               "quantityReceived": 0, "quantityBilled": 0, "WarehouseId": .int(warehouse),
                               "JobId": job.map { .int($0) } ?? .null])
            }
            row["amount"] = SimMoney.json(amount)
            row["POLineItems"] = .array(stored)
        }
        guard reader.problems.isEmpty else { throw .badRequest(reader.problems) }
        // Keep the documented member order: lines last.
        if let lines = row["POLineItems"] { row["POLineItems"] = nil; row["POLineItems"] = lines }
    }

    func purchaseOrderAction(id: Int, action: String) throws(PartsManagerFailure) -> JSONObject {
        var row = try row(.purchaseOrders, id)
        let number = row["number"]?.stringValue ?? String(id)
        let status = row["status"]?.stringValue ?? ""
        let received = (row["POLineItems"]?.arrayValue ?? []).contains { (SimMoney.decimal($0["quantityReceived"]) ?? 0) > 0 }
        switch action {
        case "issue":
            guard status == "created" else { throw .badRequest(["Purchase order \(number) is \(status); only a created purchase order can be issued."]) }
            row["status"] = "issued"
            row["issueDate"] = .string(SimISOTime.day(clock.now()))
        case "unissue":
            guard status == "issued", !received else {
                throw .badRequest(["Purchase order \(number) is \(status)\(received ? " with received lines" : ""); only an issued purchase order with nothing received can be unissued."])
            }
            row["status"] = "created"
            row["issueDate"] = .null
        default: // void
            guard status == "created" || status == "issued", !received else {
                throw .badRequest(["Purchase order \(number) is \(status)\(received ? " with received lines" : ""); only a created or issued purchase order with nothing received can be voided."])
            }
            row["status"] = "voided"
        }
        save(.purchaseOrders, row, event: "updated")
        return state.tables[.purchaseOrders]?[id] ?? row
    }

    /// Finds a PO line by its `_id`: the purchase order and the line's index in `POLineItems`.
    func purchaseOrderLine(_ lineId: Int) -> (order: JSONObject, index: Int, line: JSONObject)? {
        for order in state.tables[.purchaseOrders]?.all ?? [] {
            let lines = order["POLineItems"]?.arrayValue ?? []
            if let index = lines.firstIndex(where: { $0["_id"]?.intValue == lineId }), let line = lines[index].objectValue {
                return (order, index, line)
            }
        }
        return nil
    }

    /// Replaces one member of one PO line and returns the updated order (not yet saved).
    func settingLine(_ order: JSONObject, index: Int, _ key: String, _ value: JSONValue) -> JSONObject {
        var order = order
        var lines = order["POLineItems"]?.arrayValue ?? []
        if var line = lines[index].objectValue {
            line[key] = value
            lines[index] = .object(line)
        }
        order["POLineItems"] = .array(lines)
        return order
    }

    /// `partiallyFulfilled` once anything is received, `fulfilled` when every line is.
    func statusAfterReceipt(_ order: JSONObject) -> String {
        let lines = order["POLineItems"]?.arrayValue ?? []
        let all = lines.allSatisfy { (SimMoney.decimal($0["quantityReceived"]) ?? 0) >= (SimMoney.decimal($0["quantity"]) ?? 0) }
        let any = lines.contains { (SimMoney.decimal($0["quantityReceived"]) ?? 0) > 0 }
        return all ? "fulfilled" : (any ? "partiallyFulfilled" : (order["status"]?.stringValue ?? "issued"))
    }
}
