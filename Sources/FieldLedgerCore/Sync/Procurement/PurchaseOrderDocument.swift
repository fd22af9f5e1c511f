import FieldLedgerHTTP
import Foundation

/// A Business Central purchase order as FieldLedger reads it back (`$expand=purchaseOrderLines`).
struct PurchaseOrderDocument: Sendable {
    struct Line: Sendable {
        var id: String
        var etag: String
        /// The PartsManager line id from the `description2` mark; nil for lines added in BC.
        var pmLineID: Int?
        var itemNumber: String
        var description: String
        var quantity: Decimal
        var unitCost: Decimal
        var receivedQuantity: Decimal
        var receiveQuantity: Decimal
        var invoiceQuantity: Decimal

        init?(_ json: JSONObject) {
            guard let id = json["id"]?.stringValue else { return nil }
            self.id = id.lowercased()
            etag = json["@odata.etag"]?.stringValue ?? "*"
            pmLineID = json["description2"]?.stringValue.flatMap(PurchaseOrder.lineID(fromMark:))
            itemNumber = json["lineObjectNumber"]?.stringValue ?? ""
            description = json["description"]?.stringValue ?? ""
            quantity = json["quantity"]?.decimalValue ?? 0
            unitCost = json["directUnitCost"]?.decimalValue ?? 0
            receivedQuantity = json["receivedQuantity"]?.decimalValue ?? 0
            receiveQuantity = json["receiveQuantity"]?.decimalValue ?? 0
            invoiceQuantity = json["invoiceQuantity"]?.decimalValue ?? 0
        }
    }

    var id: String
    var etag: String
    var number: String
    var requestedReceiptDate: String?
    var lines: [Line]

    init?(_ json: JSONObject) {
        guard let id = json["id"]?.stringValue else { return nil }
        self.id = id.lowercased()
        etag = json["@odata.etag"]?.stringValue ?? "*"
        number = json["number"]?.stringValue ?? ""
        requestedReceiptDate = json["requestedReceiptDate"]?.stringValue
        lines = (json["purchaseOrderLines"]?.arrayValue ?? []).compactMap { $0.objectValue.flatMap(Line.init) }
    }

    /// Whether any line carries one of `lineIDs`' marks.
    func carries(anyOf lineIDs: Set<Int>) -> Bool {
        lines.contains { $0.pmLineID.map(lineIDs.contains) ?? false }
    }

    func line(pmLineID: Int) -> Line? { lines.first { $0.pmLineID == pmLineID } }
}

extension BusinessCentralClient {
    /// The order with its lines, or nil when Business Central has no such order (any more).
    func purchaseOrder(id: String) async throws -> PurchaseOrderDocument? {
        guard TimecardPosting.isGUID(id) else { return nil }
        return try await get("purchaseOrders(\(id))", query: ODataQuery(expand: ["purchaseOrderLines"]))
            .flatMap(PurchaseOrderDocument.init)
    }

    /// The vendor's open orders, with their lines.
    func purchaseOrders(vendorNumber: String) async throws -> [PurchaseOrderDocument] {
        try await list("purchaseOrders", query: ODataQuery(filter: ODataQuery.equals("vendorNumber", vendorNumber),
                                                           expand: ["purchaseOrderLines"]))
            .compactMap(PurchaseOrderDocument.init)
    }
}
