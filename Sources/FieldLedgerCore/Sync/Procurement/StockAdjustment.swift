import FieldLedgerHTTP
import Foundation

/// A PartsManager stock adjustment (not a receipt's `receive` movement) as FieldLedger stores it.
struct StockAdjustment: Sendable, Equatable {
    var id: Int
    var sku: String
    var itemName: String?
    var category: String?
    var warehouseID: Int?
    /// Signed delta in the item's base unit.
    var quantity: Decimal
    var reason: String?
    var transactionDate: String?

    init?(pm record: JSONObject, directory: PartsManagerDirectory) {
        guard let id = record["_id"]?.intValue, record["type"]?.stringValue == "adjustment",
              let itemID = record["ItemId"]?.intValue, let item = directory.items[itemID],
              let quantity = record["quantity"]?.decimalValue else { return nil }
        self.init(id: id, sku: item.sku, itemName: item.name, category: item.category, warehouseID: record["WarehouseId"]?.intValue,
                  quantity: quantity, reason: record["reason"]?.stringValue, transactionDate: record["transactionDate"]?.stringValue)
    }

    init(id: Int, sku: String, itemName: String?, category: String?, warehouseID: Int?, quantity: Decimal, reason: String?,
         transactionDate: String?) {
        self.id = id
        self.sku = sku
        self.itemName = itemName
        self.category = category
        self.warehouseID = warehouseID
        self.quantity = quantity
        self.reason = reason
        self.transactionDate = transactionDate
    }

    var json: JSONObject {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return ["id": .int(id), "sku": .string(sku), "itemName": text(itemName), "category": text(category),
                "warehouseId": warehouseID.map(JSONValue.int) ?? .null, "quantity": .decimal(quantity),
                "reason": text(reason), "transactionDate": text(transactionDate)]
    }

    init?(json: JSONObject) {
        guard let id = json["id"]?.intValue, let sku = json["sku"]?.stringValue, let quantity = json["quantity"]?.decimalValue else { return nil }
        self.init(id: id, sku: sku, itemName: json["itemName"]?.stringValue, category: json["category"]?.stringValue,
                  warehouseID: json["warehouseId"]?.intValue, quantity: quantity, reason: json["reason"]?.stringValue,
                  transactionDate: json["transactionDate"]?.stringValue)
    }

    /// `PM ADJ-<id> after entry <n>`: the adjustment and the item's last ledger entry before it
    /// was sent (see `StockAdjustmentPosting`).
    func naturalKey(after entry: Int) -> String { "PM ADJ-\(id) after entry \(entry)" }

    /// The ledger entry number recorded in a key written by ``naturalKey(after:)``.
    static func watermark(in key: String?) -> Int? {
        guard let key, let range = key.range(of: " after entry ") else { return nil }
        return Int(key[range.upperBound...])
    }
}
