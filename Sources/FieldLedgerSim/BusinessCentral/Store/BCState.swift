import FieldLedgerHTTP
import Foundation

/// Everything one simulated BC company holds. A value: `reset()` assigns the loaded copy in O(1)
/// thanks to copy-on-write. Writes mutate in place and keep an undo log, so a failed request (or a
/// `$batch` operation) is rolled back without copying whole tables on every write.
struct BCState: Sendable {
    var company: JSONObject
    var tables: [String: BCTable] = [:]
    /// Next number per series (`salesInvoice`, `postedSalesInvoice`, `customer`, …).
    var numberSeries: [String: String] = BCState.defaultNumberSeries
    /// Tax percent per `TAXAREA|TAXGROUP` (simulator-only `_taxDetails.json`).
    var taxRates: [String: Decimal] = [:]
    var postingSetup = BCPostingSetup()
    /// Source of etag versions: bumped on every write so every modification changes the etag.
    var writeCounter = 0
    var nextEntryNumber = 1
    var nextItemEntryNumber = 1
    /// Posted customer payments by document number (simulator-only: what `/_sim/bc/payments/…/reverse` undoes).
    var postedPayments: [String: BCPostedPayment] = [:]

    static let defaultNumberSeries: [String: String] = [
        "salesInvoice": "S-INV1001", "postedSalesInvoice": "PS-INV103001",
        "salesCreditMemo": "S-CR1001", "postedSalesCreditMemo": "PS-CR104001",
        "customer": "C10010", "vendor": "V10010", "item": "I10010", "contact": "CT10010",
        "employee": "E10010", "project": "J10010", "payment": "PAY10001",
        "purchaseOrder": "P-ORD1001", "purchaseInvoice": "P-INV1001", "postedPurchaseInvoice": "PP-INV107001",
        "postedPurchaseReceipt": "P-RCPT108001", "generalJournal": "G00001",
    ]

    static func empty() -> BCState {
        let id = "11111111-2222-3333-4444-555555555555"
        return BCState(company: ["id": .string(id), "systemVersion": "29.0.0.0", "timestamp": 0,
                                 "name": "CRONUS Simulated", "displayName": "CRONUS Simulated",
                                 "businessProfileId": "", "systemCreatedAt": "2026-01-01T00:00:00Z",
                                 "systemCreatedBy": "00000000-0000-0000-0000-000000000000",
                                 "systemModifiedAt": "2026-01-01T00:00:00Z",
                                 "systemModifiedBy": "00000000-0000-0000-0000-000000000000"])
    }

    var companyId: String { company["id"]?.stringValue?.lowercased() ?? "" }

    func table(_ set: String) -> BCTable { tables[set] ?? BCTable() }

    func row(_ set: String, _ key: String) -> JSONObject? { tables[set]?[key] }

    /// Changes since the last commit, for webhook notifications (collected by the API on commit).
    var changes: [BCChange] = []

    /// Row images to restore on rollback, newest last.
    private var undoLog: [BCUndo] = []

    mutating func put(_ set: String, _ key: String, _ row: JSONObject) {
        writeCounter += 1
        let previous = tables[set]?[key]
        undoLog.append(BCUndo(set: set, key: key, row: previous, version: tables[set]?.version(key) ?? 0, position: nil))
        changes.append(BCChange(set: set, row: row, kind: previous == nil ? .created : .updated))
        tables[set, default: BCTable()].put(key, row, version: writeCounter)
    }

    mutating func remove(_ set: String, _ key: String) {
        guard let row = tables[set]?[key] else { return }
        undoLog.append(BCUndo(set: set, key: key, row: row, version: tables[set]?.version(key) ?? 0,
                              position: tables[set]?.order.firstIndex(of: key)))
        changes.append(BCChange(set: set, row: row, kind: .deleted))
        tables[set]?.remove(key)
    }

    /// A point to roll back to: the undo log length and the scalar state.
    struct Savepoint {
        fileprivate let undoCount: Int
        fileprivate let numberSeries: [String: String]
        fileprivate let counters: (Int, Int, Int)
        fileprivate let postedPayments: [String: BCPostedPayment]
        fileprivate let changeCount: Int
    }

    func savepoint() -> Savepoint {
        Savepoint(undoCount: undoLog.count, numberSeries: numberSeries,
                  counters: (writeCounter, nextEntryNumber, nextItemEntryNumber),
                  postedPayments: postedPayments, changeCount: changes.count)
    }

    /// Undoes every write since `savepoint`.
    mutating func rollBack(to savepoint: Savepoint) {
        while undoLog.count > savepoint.undoCount, let undo = undoLog.popLast() {
            if let row = undo.row {
                tables[undo.set, default: BCTable()].restore(undo.key, row, version: undo.version, position: undo.position)
            } else {
                tables[undo.set]?.remove(undo.key)
            }
        }
        numberSeries = savepoint.numberSeries
        (writeCounter, nextEntryNumber, nextItemEntryNumber) = savepoint.counters
        postedPayments = savepoint.postedPayments
        changes.removeLast(max(0, changes.count - savepoint.changeCount))
    }

    /// Forgets the undo log once a request committed.
    mutating func commit() { undoLog.removeAll(keepingCapacity: true) }

    /// The first row of `set` whose `field` equals `value` (exact).
    func first(_ set: String, where field: String, is value: String) -> JSONObject? {
        if BCTable.indexedFields.contains(field) { return tables[set]?.first(indexed: field, value) }
        return tables[set]?.first { $0[field]?.stringValue == value }
    }

    /// The rows of `set` whose `field` equals `value` (exact), in insertion order.
    func rows(_ set: String, where field: String, is value: String) -> [JSONObject] {
        if BCTable.indexedFields.contains(field) { return tables[set]?.rows(indexed: field, value) ?? [] }
        return table(set).all.filter { $0[field]?.stringValue == value }
    }

    /// Takes the next number of a series and advances it (trailing digits incremented, width kept).
    mutating func takeNumber(_ series: String) -> String {
        let current = numberSeries[series] ?? "\(series.uppercased())1"
        numberSeries[series] = Self.increment(current)
        return current
    }

    static func increment(_ number: String) -> String {
        let digits = number.reversed().prefix { $0.isNumber }
        guard !digits.isEmpty else { return number + "1" }
        let prefix = number.dropLast(digits.count)
        let text = String(digits.reversed())
        let next = String((Int(text) ?? 0) + 1)
        return prefix + String(repeating: "0", count: max(0, text.count - next.count)) + next
    }
}

/// Which G/L accounts postings use (simulator-only `_postingSetup.json`; BC keeps these in
/// posting groups the API does not expose). Account numbers; the ids are looked up when posting.
struct BCPostingSetup: Sendable {
    var receivablesAccount = "13100"
    var salesAccount = "40100"
    var salesTaxAccount = "22500"
    var inventoryAccount = "14100"
    var inventoryAdjustmentAccount = "54710"
    var cashAccount = "10100"
    var payablesAccount = "20100"
    /// Debited by purchases of service and non-inventory items.
    var purchaseAccount = "50100"
    /// Purchases & Payables Setup "Ext. Doc. No. Mandatory": posting a purchase invoice then
    /// needs a `vendorInvoiceNumber` (off by default; reference §7, §8 item 19).
    var extDocNoMandatory = false
}

/// A posted customer payment, remembered so that an NSF reversal can undo it.
struct BCPostedPayment: Sendable {
    var documentNumber: String
    var paymentLineId: String
    var customerId: String
    var invoiceId: String?
    /// Amount received (positive) and the part of it applied to the invoice.
    var received: Decimal
    var applied: Decimal
    var cashAccount: String
    var reversed = false
}

/// One write, as webhook notifications need it.
struct BCChange: Sendable {
    enum Kind: String, Sendable { case created, updated, deleted }
    var set: String
    var row: JSONObject
    var kind: Kind
}

/// The image of a row before a write, for rollback.
struct BCUndo: Sendable {
    var set: String
    var key: String
    /// nil = the row did not exist.
    var row: JSONObject?
    var version: Int
    /// Position in the table's order, for a removed row.
    var position: Int?
}
