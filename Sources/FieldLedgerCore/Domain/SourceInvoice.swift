import FieldLedgerHTTP
import Foundation

/// A ServiceTrade invoice as FieldLedger needs it, decoded strictly from the API's JSON: a
/// missing or malformed member is a `MALFORMED_SOURCE` failure naming the member, never a crash
/// and never a guess. Money is `Decimal` from the JSON literal.
public struct SourceInvoice: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var description: String
        /// `labor`, `material`, `other`.
        public var itemType: String
        public var serviceLine: String
        public var quantity: Decimal
        public var unitPrice: Decimal
        public var total: Decimal
        /// The ServiceTrade tax rate's name (mapped to a tax group), nil when untaxed.
        public var taxRateName: String?
        public var taxAmount: Decimal
    }

    public var id: String
    public var number: String
    public var status: String
    public var companyID: String
    public var companyName: String
    public var locationID: String?
    public var locationName: String?
    /// The branch (ServiceTrade `region`).
    public var branch: String?
    public var jobNumber: String?
    public var customerPO: String?
    public var paymentTerms: String?
    public var transactionDate: Date?
    public var dueDate: Date?
    public var lines: [Line]
    public var subtotal: Decimal
    public var taxAmount: Decimal
    public var total: Decimal
    /// ServiceTrade's `updated` (Unix seconds), the version of this record.
    public var updated: String

    public init(json: JSONObject) throws(SyncFailure) {
        let reader = SourceReader(json, what: "ServiceTrade invoice")
        id = try reader.idString("id")
        number = try reader.string("invoiceNumber")
        status = try reader.string("status")
        let company = try reader.object("company")
        companyID = try SourceReader(company, what: "invoice company").idString("id")
        companyName = (try? SourceReader(company, what: "invoice company").string("name")) ?? ""
        let location = reader.optionalObject("location")
        locationID = location.flatMap { try? SourceReader($0, what: "location").idString("id") }
        locationName = location?["name"]?.stringValue
        branch = reader.optionalObject("region")?["name"]?.stringValue
        jobNumber = reader.optionalObject("job")?["number"]?.stringValue
        customerPO = json["customerPo"]?.stringValue
        paymentTerms = reader.optionalObject("paymentTerms")?["name"]?.stringValue
        transactionDate = json["transactionDate"]?.intValue.map { Date(timeIntervalSince1970: TimeInterval($0)) }
        dueDate = json["dueDate"]?.intValue.map { Date(timeIntervalSince1970: TimeInterval($0)) }
        subtotal = try reader.decimal("subtotal")
        taxAmount = try reader.decimal("taxAmount")
        total = try reader.decimal("totalPrice")
        updated = json["updated"].map { $0.numberValue?.literal ?? $0.stringValue ?? "" } ?? ""
        guard let items = json["items"]?.arrayValue else {
            throw SourceReader.malformed("ServiceTrade invoice", "items", "is missing or not an array")
        }
        var lines: [Line] = []
        for (n, item) in items.enumerated() {
            guard let object = item.objectValue else { throw SourceReader.malformed("ServiceTrade invoice", "items[\(n)]", "is not an object") }
            let r = SourceReader(object, what: "invoice item \(n + 1)")
            let serviceLine = try SourceReader(try r.object("serviceLine"), what: "invoice item \(n + 1) service line").string("name")
            lines.append(Line(description: (try? r.string("description")) ?? "", itemType: try r.string("itemType"),
                              serviceLine: serviceLine, quantity: try r.decimal("quantity"), unitPrice: try r.decimal("price"),
                              total: try r.decimal("total"), taxRateName: r.optionalObject("taxRate")?["name"]?.stringValue,
                              taxAmount: (try? r.decimal("taxAmount")) ?? 0))
        }
        self.lines = lines
    }
}

/// Strict member access with failures that name the member.
struct SourceReader {
    let json: JSONObject
    let what: String

    init(_ json: JSONObject, what: String) {
        self.json = json
        self.what = what
    }

    static func malformed(_ what: String, _ member: String, _ problem: String) -> SyncFailure {
        SyncFailure(code: "MALFORMED_SOURCE", object: "\(what) member \(member)",
                    message: "The \(what)'s member \"\(member)\" \(problem).",
                    remedy: "Correct the record in the source system; it will be picked up again when it changes.")
    }

    func string(_ key: String) throws(SyncFailure) -> String {
        guard let value = json[key] else { throw Self.malformed(what, key, "is missing") }
        guard let s = value.stringValue, !s.isEmpty else { throw Self.malformed(what, key, "should be a non-empty string, found \(value.kindName)") }
        return s
    }

    /// Ids are integers in ServiceTrade; accept a string too, keep it as text.
    func idString(_ key: String) throws(SyncFailure) -> String {
        guard let value = json[key] else { throw Self.malformed(what, key, "is missing") }
        if let n = value.numberValue, n.int != nil { return n.literal }
        if let s = value.stringValue, !s.isEmpty { return s }
        throw Self.malformed(what, key, "should be an id, found \(value.kindName)")
    }

    func decimal(_ key: String) throws(SyncFailure) -> Decimal {
        guard let value = json[key] else { throw Self.malformed(what, key, "is missing") }
        guard let d = value.decimalValue else { throw Self.malformed(what, key, "should be a number, found \(value.kindName)") }
        return d
    }

    func object(_ key: String) throws(SyncFailure) -> JSONObject {
        guard let value = json[key] else { throw Self.malformed(what, key, "is missing") }
        guard let o = value.objectValue else { throw Self.malformed(what, key, "should be an object, found \(value.kindName)") }
        return o
    }

    func optionalObject(_ key: String) -> JSONObject? { json[key]?.objectValue }
}
