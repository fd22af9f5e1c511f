import FieldLedgerHTTP
import Foundation

/// A PartsManager purchase order as FieldLedger stores it (the work item payload): only what
/// Business Central gets, so receipts changing `quantityReceived` or the status moving from
/// `issued` to `partiallyFulfilled` do not make a new version.
struct PurchaseOrder: Sendable, Equatable {
    struct Line: Sendable, Equatable {
        /// The PartsManager PO line `_id` (unique across orders): the line's key in Business Central.
        var lineID: Int
        var sku: String
        var itemName: String?
        var category: String?
        var description: String
        var quantity: Decimal
        var unitCost: Decimal
    }

    var id: Int
    var number: String
    /// True once PartsManager voided the order.
    var voided: Bool
    var vendorCode: String
    var vendorName: String?
    var orderDate: String?
    var deliveryDate: String?
    var lines: [Line]

    /// PartsManager statuses that mean "issued to the vendor" (receipts move it along).
    static let issuedStatuses: Set<String> = ["issued", "partiallyFulfilled", "fulfilled"]

    /// From PartsManager's record; nil for an order that is not issued or voided (a draft) or
    /// that references a vendor or item PartsManager no longer lists.
    init?(pm record: JSONObject, directory: PartsManagerDirectory) {
        guard let id = record["_id"]?.intValue, let number = record["number"]?.stringValue,
              let status = record["status"]?.stringValue, Self.issuedStatuses.contains(status) || status == "voided",
              let vendorID = record["VendorId"]?.intValue, let vendor = directory.vendors[vendorID] else { return nil }
        var lines: [Line] = []
        for value in record["POLineItems"]?.arrayValue ?? [] {
            guard let lineID = value["_id"]?.intValue, let itemID = value["ItemId"]?.intValue, let item = directory.items[itemID],
                  let quantity = value["quantity"]?.decimalValue, let cost = value["amount"]?.decimalValue else { return nil }
            lines.append(Line(lineID: lineID, sku: item.sku, itemName: item.name, category: item.category,
                              description: value["description"]?.stringValue ?? item.name ?? item.sku,
                              quantity: quantity, unitCost: cost))
        }
        self.init(id: id, number: number, voided: status == "voided", vendorCode: vendor.code, vendorName: vendor.name,
                  orderDate: record["issueDate"]?.stringValue, deliveryDate: record["deliveryDate"]?.stringValue, lines: lines)
    }

    init(id: Int, number: String, voided: Bool, vendorCode: String, vendorName: String?, orderDate: String?,
         deliveryDate: String?, lines: [Line]) {
        self.id = id
        self.number = number
        self.voided = voided
        self.vendorCode = vendorCode
        self.vendorName = vendorName
        self.orderDate = orderDate
        self.deliveryDate = deliveryDate
        self.lines = lines
    }

    var json: JSONObject {
        var out: JSONObject = ["id": .int(id), "number": .string(number), "voided": .bool(voided), "vendorCode": .string(vendorCode)]
        out["vendorName"] = vendorName.map(JSONValue.string) ?? .null
        out["orderDate"] = orderDate.map(JSONValue.string) ?? .null
        out["deliveryDate"] = deliveryDate.map(JSONValue.string) ?? .null
        out["lines"] = .array(lines.map { line in
            var l: JSONObject = ["lineId": .int(line.lineID), "sku": .string(line.sku), "description": .string(line.description),
                                 "quantity": .decimal(line.quantity), "unitCost": .decimal(line.unitCost)]
            l["itemName"] = line.itemName.map(JSONValue.string) ?? .null
            l["category"] = line.category.map(JSONValue.string) ?? .null
            return .object(l)
        })
        return out
    }

    init?(json: JSONObject) {
        guard let id = json["id"]?.intValue, let number = json["number"]?.stringValue,
              let vendorCode = json["vendorCode"]?.stringValue, let values = json["lines"]?.arrayValue else { return nil }
        var lines: [Line] = []
        for value in values {
            guard let lineID = value["lineId"]?.intValue, let sku = value["sku"]?.stringValue,
                  let quantity = value["quantity"]?.decimalValue, let cost = value["unitCost"]?.decimalValue else { return nil }
            lines.append(Line(lineID: lineID, sku: sku, itemName: value["itemName"]?.stringValue, category: value["category"]?.stringValue,
                              description: value["description"]?.stringValue ?? sku, quantity: quantity, unitCost: cost))
        }
        self.init(id: id, number: number, voided: json["voided"]?.boolValue ?? false, vendorCode: vendorCode,
                  vendorName: json["vendorName"]?.stringValue, orderDate: json["orderDate"]?.stringValue,
                  deliveryDate: json["deliveryDate"]?.stringValue, lines: lines)
    }

    /// The mark FieldLedger writes into each Business Central order line's `description2`
    /// (Text[50]): purchase orders have no external document number in API v2.0 (reference §2.7),
    /// so the PartsManager line id on each line is how an order in doubt is found again and how
    /// receipts find their line. Example: `PM PO-1005 line 11`.
    static func lineMark(number: String, lineID: Int) -> String {
        let suffix = " line \(lineID)"
        return "PM " + String(number.prefix(50 - 3 - suffix.count)) + suffix
    }

    /// The PartsManager line id in a `description2` written by ``lineMark(number:lineID:)``.
    static func lineID(fromMark mark: String) -> Int? {
        guard mark.hasPrefix("PM "), let range = mark.range(of: " line ", options: .backwards) else { return nil }
        return Int(mark[range.upperBound...])
    }
}
