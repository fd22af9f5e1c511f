import FieldLedgerHTTP
import Foundation

/// What one reconciliation found: counts and one finding per difference.
public struct ReconciliationReport: Sendable, Equatable {
    /// The `reconciliation_runs` row.
    public var runID: Int64 = 0
    public var window: Reconciliation.Window
    /// ServiceTrade invoices compared.
    public var compared = 0
    /// Invoices both systems agree on (present, same total, consistent status).
    public var matched = 0
    public var findings: [ReconciliationFinding] = []

    public init(window: Reconciliation.Window) { self.window = window }

    public var inAgreement: Bool { findings.isEmpty }
    public var enqueued: Int { findings.filter(\.enqueued).count }
    public func count(_ kind: ReconciliationFinding.Kind) -> Int { findings.filter { $0.kind == kind }.count }

    var countsJSON: JSONObject {
        ["run": .number(JSONNumber(runID)), "compared": .int(compared), "matched": .int(matched),
         "missing": .int(count(.missing)), "amountDifferences": .int(count(.amount)),
         "statusDifferences": .int(count(.status)), "enqueued": .int(enqueued), "inAgreement": .bool(inAgreement),
         "window": .object(["from": window.from.map { .string(Timestamp.string($0)) } ?? .null,
                            "to": window.to.map { .string(Timestamp.string($0)) } ?? .null])]
    }

    /// The whole report as one JSON document (`fieldledger reconcile --json`).
    public var json: JSONValue {
        var object = countsJSON
        object["findings"] = .array(findings.map(\.json))
        return .object(object)
    }
}

/// One difference between ServiceTrade and Business Central, with both sides' values.
public struct ReconciliationFinding: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Approved in ServiceTrade, absent from Business Central.
        case missing
        /// Both have it; the totals differ (`detail`: `tax` when the net amounts agree, else `lines`).
        case amount
        /// The two systems' statuses contradict each other (`detail` says how).
        case status
    }

    /// One side's view of the invoice. Money is exact.
    public struct Side: Sendable, Equatable {
        public var id: String?
        public var number: String?
        public var status: String?
        public var subtotal: Decimal?
        public var tax: Decimal?
        public var total: Decimal?

        init() {}

        /// From a ServiceTrade invoice.
        init(invoice: JSONObject) {
            id = invoice["id"].flatMap { $0.numberValue?.literal ?? $0.stringValue }
            number = invoice["invoiceNumber"]?.stringValue
            status = invoice["status"]?.stringValue
            subtotal = invoice["subtotal"]?.decimalValue
            tax = invoice["taxAmount"]?.decimalValue
            total = invoice["totalPrice"]?.decimalValue
        }

        /// From a Business Central sales invoice.
        init(document: JSONObject) {
            id = document["id"]?.stringValue
            number = document["number"]?.stringValue
            status = document["status"]?.stringValue
            subtotal = document["totalAmountExcludingTax"]?.decimalValue
            tax = document["totalTaxAmount"]?.decimalValue
            total = document["totalAmountIncludingTax"]?.decimalValue
        }

        var json: JSONValue {
            func money(_ value: Decimal?) -> JSONValue { value.map(JSONValue.decimal) ?? .null }
            return .object(["id": id.map(JSONValue.string) ?? .null, "number": number.map(JSONValue.string) ?? .null,
                            "status": status.map(JSONValue.string) ?? .null, "subtotal": money(subtotal),
                            "tax": money(tax), "total": money(total)])
        }
    }

    public var kind: Kind
    /// The kind of difference, for a reader and for scripts: `absent_in_erp`,
    /// `processed_source_absent_in_erp`, `tax`, `lines`, `posted_source_pending`, `posted_source_failed`,
    /// `draft_in_erp`.
    public var detail: String
    public var invoiceNumber: String
    /// The ServiceTrade invoice id.
    public var sourceID: String
    public var source: Side
    public var erp: Side
    /// What it means and what to do.
    public var note: String
    /// FieldLedger's work item for it, when one exists (`wi:N`), and its state.
    public var workItem: String?
    public var workItemState: String?
    /// Whether this run put it in the inbox for posting.
    public var enqueued = false

    init(kind: Kind, detail: String, invoiceNumber: String, sourceID: String, source: Side, erp: Side, note: String) {
        self.kind = kind
        self.detail = detail
        self.invoiceNumber = invoiceNumber
        self.sourceID = sourceID
        self.source = source
        self.erp = erp
        self.note = note
    }

    /// The ServiceTrade total minus the Business Central total (nil unless both exist).
    public var amountDifference: Decimal? {
        guard let s = source.total, let e = erp.total else { return nil }
        return s - e
    }

    var json: JSONValue {
        .object(["kind": .string(kind.rawValue), "detail": .string(detail), "invoiceNumber": .string(invoiceNumber),
                 "serviceTrade": source.json, "businessCentral": erp.json,
                 "difference": amountDifference.map(JSONValue.decimal) ?? .null,
                 "workItem": workItem.map(JSONValue.string) ?? .null, "workItemState": workItemState.map(JSONValue.string) ?? .null,
                 "enqueued": .bool(enqueued), "note": .string(note)])
    }
}
