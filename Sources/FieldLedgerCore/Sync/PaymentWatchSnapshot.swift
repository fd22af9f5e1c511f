import FieldLedgerHTTP
import Foundation

/// What Business Central says about one posted sales invoice's receivable: the fields the payments
/// watch selects (reference §2.3: `status`, `remainingAmount`, the total, the posted `number`).
struct PaymentWatchSnapshot: Sendable, Equatable {
    var erpID: String
    var number: String?
    var status: String
    var total: Decimal
    var remaining: Decimal
    var modifiedAt: String?

    /// The `$select` of the watch's listing.
    static let fields = ["id", "number", "status", "totalAmountIncludingTax", "remainingAmount", "lastModifiedDateTime"]

    /// Why an entity of the listing cannot be read as a snapshot (it is skipped and logged).
    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads one entity of the listing; nil for unposted documents (Draft, In Review), which have
    /// no receivable yet.
    init?(_ json: JSONObject) throws(Unreadable) {
        guard let id = json["id"]?.stringValue, !id.isEmpty else {
            throw Unreadable(description: "a salesInvoices entry has no id")
        }
        let status = json["status"]?.stringValue ?? ""
        if status == "Draft" || status == "In Review" || status.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
        guard let total = json["totalAmountIncludingTax"]?.decimalValue, let remaining = json["remainingAmount"]?.decimalValue else {
            throw Unreadable(description: "salesInvoices(\(id)) has no numeric totalAmountIncludingTax or remainingAmount")
        }
        erpID = id.lowercased()
        number = json["number"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        self.status = status
        self.total = total
        self.remaining = remaining
        modifiedAt = json["lastModifiedDateTime"]?.stringValue
    }

    init(erpID: String, number: String?, status: String, total: Decimal, remaining: Decimal, modifiedAt: String?) {
        self.erpID = erpID
        self.number = number
        self.status = status
        self.total = total
        self.remaining = remaining
        self.modifiedAt = modifiedAt
    }

    /// The amount settled so far (never negative, never more than the total).
    var paid: Decimal { max(0, min(total, total - remaining)) }

    /// As a work item's payload and audit details.
    var json: JSONObject {
        ["erpId": .string(erpID), "number": number.map(JSONValue.string) ?? .null, "status": .string(status),
         "total": .decimal(total), "remaining": .decimal(remaining), "modifiedAt": modifiedAt.map(JSONValue.string) ?? .null]
    }

    /// True when the receivable differs from what the row recorded (the number aside).
    func movedMoney(since row: InvoicePayment) -> Bool {
        row.erpStatus != status || row.remainingAmount != remaining || row.totalAmount != total
    }
}
