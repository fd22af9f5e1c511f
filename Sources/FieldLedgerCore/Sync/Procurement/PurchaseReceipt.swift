import FieldLedgerHTTP
import Foundation

/// A PartsManager shipment receipt as FieldLedger stores it. One receipt is from one vendor and
/// may span several of its purchase orders.
struct PurchaseReceipt: Sendable, Equatable {
    struct Line: Sendable, Equatable {
        var lineID: Int
        var poLineID: Int
        var poID: Int
        var quantity: Decimal
    }

    var id: Int
    var reference: String?
    var vendorID: Int
    var dateReceived: String?
    var lines: [Line]

    init?(pm record: JSONObject) {
        guard let id = record["_id"]?.intValue, let vendorID = record["VendorId"]?.intValue else { return nil }
        var lines: [Line] = []
        for value in record["ShipmentReceiptLines"]?.arrayValue ?? [] {
            guard let lineID = value["_id"]?.intValue, let poLine = value["POLineItemId"]?.intValue,
                  let po = value["PurchaseOrderId"]?.intValue, let quantity = value["quantityReceived"]?.decimalValue else { return nil }
            lines.append(Line(lineID: lineID, poLineID: poLine, poID: po, quantity: quantity))
        }
        self.init(id: id, reference: record["reference"]?.stringValue, vendorID: vendorID,
                  dateReceived: record["dateReceived"]?.stringValue, lines: lines)
    }

    init(id: Int, reference: String?, vendorID: Int, dateReceived: String?, lines: [Line]) {
        self.id = id
        self.reference = reference
        self.vendorID = vendorID
        self.dateReceived = dateReceived
        self.lines = lines
    }

    var json: JSONObject {
        var out: JSONObject = ["id": .int(id), "vendorId": .int(vendorID)]
        out["reference"] = reference.map(JSONValue.string) ?? .null
        out["dateReceived"] = dateReceived.map(JSONValue.string) ?? .null
        out["lines"] = .array(lines.map {
            .object(["lineId": .int($0.lineID), "poLineId": .int($0.poLineID), "poId": .int($0.poID), "quantity": .decimal($0.quantity)])
        })
        return out
    }

    init?(json: JSONObject) {
        guard let record = Self.pmShape(json) else { return nil }
        self.init(pm: record)
    }

    /// The stored payload read back through the PartsManager decoder (one decoder, one shape check).
    private static func pmShape(_ json: JSONObject) -> JSONObject? {
        guard let id = json["id"], let vendor = json["vendorId"], let lines = json["lines"]?.arrayValue else { return nil }
        var record: JSONObject = ["_id": id, "VendorId": vendor, "reference": json["reference"] ?? .null,
                                  "dateReceived": json["dateReceived"] ?? .null]
        record["ShipmentReceiptLines"] = .array(lines.map { line in
            .object(["_id": line["lineId"] ?? .null, "POLineItemId": line["poLineId"] ?? .null,
                     "PurchaseOrderId": line["poId"] ?? .null, "quantityReceived": line["quantity"] ?? .null])
        })
        return record
    }

    var naturalKey: String { "PM RCPT-\(id)" }
    var orderIDs: [Int] { Array(Set(lines.map(\.poID))).sorted() }
}
