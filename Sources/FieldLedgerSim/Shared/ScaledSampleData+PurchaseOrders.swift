import FieldLedgerHTTP
import Foundation

/// The sample company with `generated` issued PartsManager purchase orders instead of its own
/// procurement documents (no receipts, bills or adjustments), for `bench sync --workload
/// purchase-orders`: each order is from one of the sample vendors, with 1–5 lines of sample items
/// whose category has a purchase GL rule (never item 15, planted problem 9), at their purchase price.
extension ScaledSampleData {
    /// The number generated purchase order `n` (0-based) gets.
    public static func purchaseOrderNumber(_ n: Int) -> String { "GPO-\(String(format: "%07d", n + 1))" }

    public func writePurchaseOrders(to folder: String, generated count: Int) throws {
        try write(to: folder, generated: 0, keepSampleInvoices: false)
        let itemsPath = sampleData + "/pm/items.json", vendorsPath = sampleData + "/pm/vendors.json"
        let items = try JSONValue(parsing: String(contentsOfFile: itemsPath, encoding: .utf8)).arrayValue?
            .compactMap(\.objectValue).filter { $0["_id"]?.intValue != 15 } ?? []
        let vendors = try JSONValue(parsing: String(contentsOfFile: vendorsPath, encoding: .utf8)).arrayValue?
            .compactMap { $0["_id"]?.intValue } ?? []
        guard !items.isEmpty, !vendors.isEmpty else {
            throw ScaledSampleDataError("\(sampleData)/pm: no items or vendors to build purchase orders from")
        }
        var orders: [JSONValue] = []
        orders.reserveCapacity(count)
        for n in 0..<count {
            let id = 10_000 + n
            var lines: [JSONValue] = []
            var amount = Decimal(0)
            for index in 0..<(1 + n % 5) {
                let item = items[(n + index * 3) % items.count]
                let quantity = Decimal(1 + (n + index) % 12)
                let cost = item["purchasePrice"]?.decimalValue ?? 1
                var total = quantity * cost, rounded = Decimal()
                NSDecimalRound(&rounded, &total, 2, .plain)
                amount += rounded
                lines.append(.object([
                    "_id": .int(id * 10 + index), "idx": .int(index), "ItemId": item["_id"] ?? .int(1),
                    "description": item["name"] ?? .string("item"), "quantity": .decimal(quantity), "amount": .decimal(cost),
                    "total": .decimal(rounded), "quantityReceived": .int(0), "quantityBilled": .int(0), "WarehouseId": .int(1),
                    "JobId": .null]))
            }
            orders.append(.object([
                "_id": .int(id), "number": .string(Self.purchaseOrderNumber(n)), "externalId": .null, "description": .null,
                "status": "issued", "issueDate": "2026-11-20", "deliveryDate": "2026-11-27", "amount": .decimal(amount),
                "currency": "USD", "notes": .null, "VendorId": .int(vendors[n % vendors.count]), "WarehouseId": .int(1),
                "POLineItems": .array(lines), "createdAt": "2026-11-20T14:00:00.000Z", "updatedAt": "2026-11-20T14:00:00.000Z"]))
        }
        try JSONValue.array(orders).serialized().write(toFile: folder + "/pm/purchaseOrders.json", atomically: true, encoding: .utf8)
        for empty in ["shipmentReceipts", "vendorBills", "stockAdjustments"] {
            try "[]".write(toFile: folder + "/pm/\(empty).json", atomically: true, encoding: .utf8)
        }
    }
}
