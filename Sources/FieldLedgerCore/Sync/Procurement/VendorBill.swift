import FieldLedgerHTTP
import Foundation

/// A PartsManager vendor bill (AP invoice) as FieldLedger stores it.
struct VendorBill: Sendable, Equatable {
    struct Line: Sendable, Equatable {
        var lineID: Int
        var poLineID: Int?
        var sku: String?
        var itemName: String?
        var category: String?
        var description: String
        var quantity: Decimal
        var unitCost: Decimal
    }

    var id: Int
    var vendorInvoiceNumber: String
    var vendorCode: String
    var vendorName: String?
    var voided: Bool
    var invoiceDate: String?
    var dueDate: String?
    var lines: [Line]

    init?(pm record: JSONObject, directory: PartsManagerDirectory) {
        guard let id = record["_id"]?.intValue, let number = record["vendorInvoiceNumber"]?.stringValue,
              let vendorID = record["VendorId"]?.intValue, let vendor = directory.vendors[vendorID] else { return nil }
        var lines: [Line] = []
        for value in record["lines"]?.arrayValue ?? [] {
            guard let lineID = value["_id"]?.intValue, let quantity = value["quantity"]?.decimalValue,
                  let cost = value["amount"]?.decimalValue else { return nil }
            let item = value["ItemId"]?.intValue.flatMap { directory.items[$0] }
            lines.append(Line(lineID: lineID, poLineID: value["POLineItemId"]?.intValue, sku: item?.sku, itemName: item?.name,
                              category: item?.category, description: value["description"]?.stringValue ?? item?.name ?? "",
                              quantity: quantity, unitCost: cost))
        }
        self.init(id: id, vendorInvoiceNumber: number, vendorCode: vendor.code, vendorName: vendor.name,
                  voided: record["status"]?.stringValue == "voided", invoiceDate: record["invoiceDate"]?.stringValue,
                  dueDate: record["dueDate"]?.stringValue, lines: lines)
    }

    init(id: Int, vendorInvoiceNumber: String, vendorCode: String, vendorName: String?, voided: Bool, invoiceDate: String?,
         dueDate: String?, lines: [Line]) {
        self.id = id
        self.vendorInvoiceNumber = vendorInvoiceNumber
        self.vendorCode = vendorCode
        self.vendorName = vendorName
        self.voided = voided
        self.invoiceDate = invoiceDate
        self.dueDate = dueDate
        self.lines = lines
    }

    var json: JSONObject {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return ["id": .int(id), "vendorInvoiceNumber": .string(vendorInvoiceNumber), "vendorCode": .string(vendorCode),
                "vendorName": text(vendorName), "voided": .bool(voided), "invoiceDate": text(invoiceDate), "dueDate": text(dueDate),
                "lines": .array(lines.map { line in
                    .object(["lineId": .int(line.lineID), "poLineId": line.poLineID.map(JSONValue.int) ?? .null,
                             "sku": text(line.sku), "itemName": text(line.itemName), "category": text(line.category),
                             "description": .string(line.description), "quantity": .decimal(line.quantity),
                             "unitCost": .decimal(line.unitCost)])
                })]
    }

    init?(json: JSONObject) {
        guard let id = json["id"]?.intValue, let number = json["vendorInvoiceNumber"]?.stringValue,
              let vendorCode = json["vendorCode"]?.stringValue, let values = json["lines"]?.arrayValue else { return nil }
        var lines: [Line] = []
        for value in values {
            guard let lineID = value["lineId"]?.intValue, let quantity = value["quantity"]?.decimalValue,
                  let cost = value["unitCost"]?.decimalValue else { return nil }
            lines.append(Line(lineID: lineID, poLineID: value["poLineId"]?.intValue, sku: value["sku"]?.stringValue,
                              itemName: value["itemName"]?.stringValue, category: value["category"]?.stringValue,
                              description: value["description"]?.stringValue ?? "", quantity: quantity, unitCost: cost))
        }
        self.init(id: id, vendorInvoiceNumber: number, vendorCode: vendorCode, vendorName: json["vendorName"]?.stringValue,
                  voided: json["voided"]?.boolValue ?? false, invoiceDate: json["invoiceDate"]?.stringValue,
                  dueDate: json["dueDate"]?.stringValue, lines: lines)
    }

    /// Business Central stores `vendorInvoiceNumber` (Code[35]) upper-cased: the natural key.
    var naturalKey: String { vendorInvoiceNumber.uppercased() }

    /// Σ quantity × unit cost per line, each rounded half away from zero to cents, as both systems do.
    var total: Decimal {
        lines.reduce(Decimal(0)) { sum, line in
            var product = line.quantity * line.unitCost, rounded = Decimal()
            NSDecimalRound(&rounded, &product, 2, .plain)
            return sum + rounded
        }
    }
}
