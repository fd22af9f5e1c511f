import FieldLedgerHTTP
import Foundation

/// Shipment receipts (one vendor, lines from any of its issued POs), the stock they move, and
/// manual stock adjustments.
extension PartsManagerSimulator {
    func createShipmentReceipt(_ body: JSONObject) throws(PartsManagerFailure) -> JSONObject {
        var reader = SimBodyReader(body)
        reader.rejectUnknown(allowed: ["VendorId", "dateReceived", "reference", "ShipmentReceiptLines"])
        let vendorId = reader.int("VendorId", required: true)
        if let vendorId, state.tables[.vendors]?[vendorId] == nil { reader.fail("VendorId \(vendorId) does not exist.") }
        let date = reader.date("dateReceived") ?? SimISOTime.day(clock.now())
        let reference = reader.string("reference")
        let lines = reader.objects("ShipmentReceiptLines", required: true) ?? []
        struct Receive { let lineId: Int; let quantity: Decimal; let warehouse: Int }
        var receives: [Receive] = []
        var pendingByLine: [Int: Decimal] = [:]
        for (index, line) in lines.enumerated() {
            var lr = SimBodyReader(line, context: "ShipmentReceiptLines[\(index)].")
            lr.rejectUnknown(allowed: ["POLineItemId", "quantityReceived", "WarehouseId", "ItemId"])
            let lineId = lr.int("POLineItemId", required: true)
            let quantity = lr.decimal("quantityReceived", required: true, scale: 4, positive: true)
            let itemId = lr.int("ItemId")
            let warehouseOverride = lr.int("WarehouseId")
            defer { reader.absorb(lr) }
            guard let lineId, let quantity else { continue }
            guard let found = purchaseOrderLine(lineId) else { lr.fail("POLineItemId \(lineId) does not exist."); continue }
            let number = found.order["number"]?.stringValue ?? ""
            if let vendorId, found.order["VendorId"]?.intValue != vendorId {
                lr.fail("PO line \(lineId) belongs to \(number) of vendor \(found.order["VendorId"]?.intValue ?? 0), not vendor \(vendorId); a shipment receipt comes from one vendor.")
            }
            let status = found.order["status"]?.stringValue ?? ""
            if status != "issued" && status != "partiallyFulfilled" {
                lr.fail("\(number) is \(status); only issued purchase orders can be received.")
            }
            if let itemId, found.line["ItemId"]?.intValue != itemId {
                lr.fail("ItemId \(itemId) does not match the item \(found.line["ItemId"]?.intValue ?? 0) of PO line \(lineId).")
            }
            let warehouse = warehouseOverride ?? found.line["WarehouseId"]?.intValue ?? 0
            if state.tables[.warehouses]?[warehouse] == nil { lr.fail("WarehouseId \(warehouse) does not exist.") }
            let ordered = SimMoney.decimal(found.line["quantity"]) ?? 0
            let already = (SimMoney.decimal(found.line["quantityReceived"]) ?? 0) + (pendingByLine[lineId] ?? 0)
            if already + quantity > ordered {
                lr.fail("receiving \(quantity) of PO line \(lineId) (\(number)) exceeds the \(ordered - already) still outstanding.")
            }
            pendingByLine[lineId, default: 0] += quantity
            receives.append(Receive(lineId: lineId, quantity: quantity, warehouse: warehouse))
        }
        guard reader.problems.isEmpty, let vendorId else { throw .badRequest(reader.problems) }

        let receiptId = state.tables[.shipmentReceipts, default: SimRecordTable(idKey: "_id")].reserveId()
        var storedLines: [JSONValue] = []
        var touchedOrders: [Int] = []
        for receive in receives {
            guard let found = purchaseOrderLine(receive.lineId), let orderId = found.order["_id"]?.intValue else { continue }
            let received = (SimMoney.decimal(found.line["quantityReceived"]) ?? 0) + receive.quantity
            var order = settingLine(found.order, index: found.index, "quantityReceived", SimMoney.quantityJSON(received))
            order["status"] = .string(statusAfterReceipt(order))
            state.tables[.purchaseOrders]?.put(order)
            if !touchedOrders.contains(orderId) { touchedOrders.append(orderId) }
            let itemId = found.line["ItemId"]?.intValue ?? 0
            let unit = SimMoney.decimal(found.line["amount"]) ?? 0
            state.receiptLineSequence += 1
            storedLines.append(["_id": .int(state.receiptLineSequence), "quantityReceived": SimMoney.quantityJSON(receive.quantity),
                                "amount": SimMoney.json(unit * receive.quantity), "status": "received",
                                "ShipmentReceiptId": .int(receiptId), "WarehouseId": .int(receive.warehouse),
                                "POLineItemId": .int(receive.lineId), "SOLineItemId": .null, "ItemId": .int(itemId),
                                "PurchaseOrderId": .int(orderId)])
            addStock(item: itemId, warehouse: receive.warehouse, delta: receive.quantity, type: "receive",
                     reason: "Shipment receipt \(receiptId)", poLine: receive.lineId, receipt: receiptId, date: date)
        }
        var receipt: JSONObject = ["_id": .int(receiptId), "dateReceived": .string(date), "VendorId": .int(vendorId),
                                   "reference": reference.map { .string($0) } ?? .null,
                                   "ShipmentReceiptLines": .array(storedLines), "createdAt": timestamp()]
        receipt["updatedAt"] = timestamp()
        save(.shipmentReceipts, receipt, event: "created")
        for orderId in touchedOrders {
            if let order = state.tables[.purchaseOrders]?[orderId] { save(.purchaseOrders, order, event: "updated") }
        }
        return state.tables[.shipmentReceipts]?[receiptId] ?? receipt
    }

    /// `POST /purchaseOrders/{id}/lineItems/{lineId}/receive`: a one-line shipment receipt.
    func receiveLine(poId: Int, lineId: Int, body: JSONObject) throws(PartsManagerFailure) -> JSONObject {
        let order = try row(.purchaseOrders, poId)
        guard purchaseOrderLine(lineId)?.order["_id"]?.intValue == poId else {
            throw .notFound("Line \(lineId) is not a line of purchase order \(order["number"]?.stringValue ?? String(poId)).")
        }
        var reader = SimBodyReader(body)
        reader.rejectUnknown(allowed: ["quantityReceived", "WarehouseId", "dateReceived"])
        guard reader.problems.isEmpty else { throw .badRequest(reader.problems) }
        var line: JSONObject = ["POLineItemId": .int(lineId), "quantityReceived": body["quantityReceived"] ?? .null]
        if let warehouse = body["WarehouseId"] { line["WarehouseId"] = warehouse }
        var receipt: JSONObject = ["VendorId": order["VendorId"] ?? .null, "ShipmentReceiptLines": .array([.object(line)])]
        if let date = body["dateReceived"] { receipt["dateReceived"] = date }
        return try createShipmentReceipt(receipt)
    }

    func createStockAdjustment(_ body: JSONObject) throws(PartsManagerFailure) -> JSONObject {
        var reader = SimBodyReader(body)
        reader.rejectUnknown(allowed: ["ItemId", "WarehouseId", "quantity", "reason", "description", "transactionDate"])
        let itemId = reader.int("ItemId", required: true)
        let warehouse = reader.int("WarehouseId", required: true)
        let quantity = reader.decimal("quantity", required: true, scale: 4, nonZero: true)
        let reason = reader.string("reason", required: true)
        let description = reader.string("description")
        let date = reader.date("transactionDate") ?? SimISOTime.day(clock.now())
        if let itemId, state.tables[.items]?[itemId] == nil { reader.fail("ItemId \(itemId) does not exist.") }
        if let warehouse, state.tables[.warehouses]?[warehouse] == nil { reader.fail("WarehouseId \(warehouse) does not exist.") }
        if let itemId, let warehouse, let quantity {
            let onHand = stockQuantity(item: itemId, warehouse: warehouse)
            if onHand + quantity < 0 {
                reader.fail("quantity \(quantity) would leave \(onHand + quantity) of item \(itemId) in warehouse \(warehouse); only \(onHand) on hand.")
            }
        }
        guard reader.problems.isEmpty, let itemId, let warehouse, let quantity, let reason else { throw .badRequest(reader.problems) }
        let id = addStock(item: itemId, warehouse: warehouse, delta: quantity, type: "adjustment", reason: reason,
                          poLine: nil, receipt: nil, date: date, description: description)
        return state.tables[.stockAdjustments]?[id] ?? [:]
    }

    func stockQuantity(item: Int, warehouse: Int) -> Decimal {
        let row = state.tables[.stock]?.all.first { $0["ItemId"]?.intValue == item && $0["WarehouseId"]?.intValue == warehouse }
        return SimMoney.decimal(row?["quantity"]) ?? 0
    }

    /// Moves stock and records the adjustment; returns the adjustment id.
    @discardableResult
    private func addStock(item: Int, warehouse: Int, delta: Decimal, type: String, reason: String, poLine: Int?,
                          receipt: Int?, date: String, description: String? = nil) -> Int {
        let existing = state.tables[.stock]?.all.first { $0["ItemId"]?.intValue == item && $0["WarehouseId"]?.intValue == warehouse }
        var stock = existing ?? ["_id": .int(state.tables[.stock, default: SimRecordTable(idKey: "_id")].reserveId()),
                                 "ItemId": .int(item), "WarehouseId": .int(warehouse), "quantity": 0]
        stock["quantity"] = SimMoney.quantityJSON((SimMoney.decimal(stock["quantity"]) ?? 0) + delta)
        save(.stock, stock, event: nil)
        let id = state.tables[.stockAdjustments, default: SimRecordTable(idKey: "_id")].reserveId()
        let adjustment: JSONObject = [
            "_id": .int(id), "type": .string(type), "ItemId": .int(item), "WarehouseId": .int(warehouse),
            "quantity": SimMoney.quantityJSON(delta), "reason": .string(reason),
            "description": description.map { .string($0) } ?? .null, "POLineItemId": poLine.map { .int($0) } ?? .null,
            "ShipmentReceiptId": receipt.map { .int($0) } ?? .null, "transactionDate": .string(date), "createdAt": timestamp(),
        ]
        save(.stockAdjustments, adjustment, event: "created")
        return id
    }
}
