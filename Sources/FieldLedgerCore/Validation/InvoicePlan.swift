import FieldLedgerHTTP
import Foundation

/// A validated ServiceTrade invoice turned into the Business Central sales document to create —
/// a sales invoice, or a sales credit memo (for a ServiceTrade credit memo, or to reverse a void):
/// the deep-insert body, plus which rule decided each line (for `trace`). One plan type for both
/// documents: their headers and lines differ only in the names below (reference §2.3, §2.4).
public struct InvoicePlan: Sendable, Equatable {
    /// Which Business Central document the plan creates.
    public enum Document: String, Sendable, Equatable {
        case salesInvoice
        case salesCreditMemo

        /// The entity set the document is created in (and looked up by its natural key).
        public var entitySet: String { self == .salesInvoice ? "salesInvoices" : "salesCreditMemos" }
        /// The deep-insert navigation of its lines.
        public var lineSet: String { self == .salesInvoice ? "salesInvoiceLines" : "salesCreditMemoLines" }
        /// The header's document date.
        public var dateField: String { self == .salesInvoice ? "invoiceDate" : "creditMemoDate" }
        /// `links.kind` of the coupling to the source record.
        public var linkKind: String { rawValue }
    }

    public struct Line: Sendable, Equatable {
        public var account: String
        public var taxGroup: String?
        public var dimensions: [(code: String, value: String)]
        public var glRuleID: Int64?
        public var quantity: Decimal
        public var unitPrice: Decimal
        public var description: String

        public static func == (a: Line, b: Line) -> Bool {
            a.account == b.account && a.taxGroup == b.taxGroup && a.glRuleID == b.glRuleID && a.quantity == b.quantity
                && a.unitPrice == b.unitPrice && a.description == b.description
                && a.dimensions.map { "\($0.code)=\($0.value)" } == b.dimensions.map { "\($0.code)=\($0.value)" }
        }
    }

    public var document: Document = .salesInvoice
    /// `externalDocumentNumber`, upper-cased the way Business Central stores a Code[35].
    public var naturalKey: String
    public var customerNumber: String
    public var paymentTermsID: String?
    /// Header dimensions sent with the deep insert (those the customer does not already default).
    public var headerDimensions: [(code: String, value: String)]
    /// Header dimensions the customer defaults to another value: changed after the create with a
    /// PATCH of the copied dimension set line (by dimension id).
    public var headerOverrides: [(dimensionID: String, code: String, value: String)] = []
    public var lines: [Line]
    /// The document date (`invoiceDate` / `creditMemoDate`); nil lets Business Central use its work date.
    public var documentDate: Date?
    public var dueDate: Date?
    /// A credit memo's posted invoice (`invoiceId`): Business Central applies the memo to it on posting.
    public var appliesToInvoiceID: String?
    public var customerPO: String?
    public var sourceTotal: Decimal
    /// The service site: API v2.0 has no ship-to address entity (reference §2.8), so a ServiceTrade
    /// location's address travels on each sales invoice's `shipTo…` fields.
    public var shipTo: ShipTo?

    /// A service site's name and address, cut to Business Central's field lengths.
    public struct ShipTo: Sendable, Equatable {
        public var name: String
        public var addressLine1: String?
        public var city: String?
        public var state: String?
        public var postCode: String?

        /// From a ServiceTrade location (`name`, `address.street/city/state/postalCode`).
        public init?(serviceTradeLocation location: JSONObject) {
            guard let name = location["name"]?.stringValue, !name.isEmpty else { return nil }
            let address = location["address"]?.objectValue
            self.name = String(name.prefix(100))
            addressLine1 = address?["street"]?.stringValue.map { String($0.prefix(100)) }
            city = address?["city"]?.stringValue.map { String($0.prefix(30)) }
            state = address?["state"]?.stringValue.map { String($0.prefix(30)) }
            postCode = address?["postalCode"]?.stringValue.map { String($0.prefix(20)) }
        }

        var fields: JSONObject {
            var out: JSONObject = ["shipToName": .string(name)]
            if let addressLine1 { out["shipToAddressLine1"] = .string(addressLine1) }
            if let city { out["shipToCity"] = .string(city) }
            if let state { out["shipToState"] = .string(state) }
            if let postCode { out["shipToPostCode"] = .string(postCode) }
            return out
        }
    }

    public static func == (a: InvoicePlan, b: InvoicePlan) -> Bool {
        a.document == b.document && a.naturalKey == b.naturalKey && a.appliesToInvoiceID == b.appliesToInvoiceID
            && a.customerNumber == b.customerNumber && a.lines == b.lines
            && a.headerDimensions.map { "\($0.code)=\($0.value)" } == b.headerDimensions.map { "\($0.code)=\($0.value)" }
    }

    /// The deep-insert body for `POST salesInvoices` / `POST salesCreditMemos` (header, lines,
    /// dimension set lines), with only writable properties (reference fields JSON, `writableFields`:
    /// a credit memo has no `customerPurchaseOrderReference`, an invoice no `invoiceId`).
    public var body: JSONObject {
        var header: JSONObject = [
            "externalDocumentNumber": .string(naturalKey),
            "customerNumber": .string(customerNumber),
        ]
        if let documentDate { header[document.dateField] = .string(Self.day(documentDate)) }
        if let dueDate { header["dueDate"] = .string(Self.day(dueDate)) }
        if let customerPO, document == .salesInvoice {
            header["customerPurchaseOrderReference"] = .string(String(customerPO.prefix(35)))
        }
        if let appliesToInvoiceID, document == .salesCreditMemo { header["invoiceId"] = .string(appliesToInvoiceID) }
        if let paymentTermsID { header["paymentTermsId"] = .string(paymentTermsID) }
        // Credit memos carry no ship-to in API v2.0.
        if let shipTo, document == .salesInvoice { for (key, value) in shipTo.fields { header[key] = value } }
        if !headerDimensions.isEmpty {
            header["dimensionSetLines"] = .array(headerDimensions.map { ["code": .string($0.code), "valueCode": .string($0.value)] })
        }
        header[document.lineSet] = .array(lines.enumerated().map { n, line in
            var l: JSONObject = [
                "sequence": .int((n + 1) * 10_000),
                "lineType": "Account",
                "lineObjectNumber": .string(line.account),
                "description": .string(String(line.description.prefix(100))),
                "quantity": .decimal(line.quantity),
                "unitPrice": .decimal(line.unitPrice),
            ]
            if let taxGroup = line.taxGroup { l["taxCode"] = .string(taxGroup) }
            if !line.dimensions.isEmpty {
                l["dimensionSetLines"] = .array(line.dimensions.map { ["code": .string($0.code), "valueCode": .string($0.value)] })
            }
            return .object(l)
        })
        return header
    }

    static func day(_ date: Date) -> String { String(Timestamp.string(date).prefix(10)) }
}
