import FieldLedgerHTTP
import Foundation

/// A validated purchase order, ready to become a Business Central `purchaseOrders` deep insert.
struct PurchaseOrderPlan: Sendable {
    struct Line: Sendable {
        var lineID: Int
        var mark: String
        var itemNumber: String
        var description: String
        var quantity: Decimal
        var unitCost: Decimal
        var account: String
    }

    var order: PurchaseOrder
    var vendorNumber: String
    var lines: [Line]

    /// What the work item records before anything is sent; the order is found again by the
    /// line marks it carries (`PurchaseOrder.lineMark`), since BC orders have no external number.
    var naturalKey: String { "PM \(order.number)" }

    init(order: PurchaseOrder, planner: PurchasePlanner) throws {
        self.order = order
        vendorNumber = try planner.vendorNumber(code: order.vendorCode, name: order.vendorName)
        lines = try order.lines.map { line in
            let target = try planner.line(sku: line.sku, itemName: line.itemName, category: line.category,
                                          vendorCode: order.vendorCode, requireItem: true)
            return Line(lineID: line.lineID, mark: PurchaseOrder.lineMark(number: order.number, lineID: line.lineID),
                        itemNumber: target.itemNumber ?? line.sku, description: PurchasePlanner.text(line.description, 100),
                        quantity: line.quantity, unitCost: line.unitCost, account: target.account)
        }
        if lines.isEmpty && !order.voided {
            throw ProcurementStop.failed(SyncFailure(code: "EMPTY_PURCHASE_ORDER", object: "purchase order \(order.number)",
                message: "PartsManager purchase order \(order.number) has no lines.",
                remedy: "Add lines in PartsManager (unissue, edit, issue again) or void it."))
        }
    }

    /// One order line as Business Central takes it.
    func lineBody(_ line: Line, sequence: Int?) -> JSONObject {
        var body: JSONObject = ["lineType": "Item", "lineObjectNumber": .string(line.itemNumber),
                                "description": .string(line.description), "description2": .string(line.mark),
                                "quantity": .decimal(line.quantity), "directUnitCost": .decimal(line.unitCost)]
        if let sequence { body["sequence"] = .int(sequence) }
        if let date = order.deliveryDate { body["expectedReceiptDate"] = .string(date) }
        return body
    }

    /// The deep insert: header and every line in one request (never a half-built order).
    var body: JSONObject {
        var header: JSONObject = ["vendorNumber": .string(vendorNumber)]
        if let date = order.orderDate { header["orderDate"] = .string(date) }
        if let date = order.deliveryDate { header["requestedReceiptDate"] = .string(date) }
        header["purchaseOrderLines"] = .array(lines.enumerated().map { .object(lineBody($0.element, sequence: ($0.offset + 1) * 10_000)) })
        return header
    }
}
