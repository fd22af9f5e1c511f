import FieldLedgerHTTP
import Foundation

/// Business rules per entity set: what the server fills in, what it checks, and what a write sets
/// off elsewhere. Plain entities need nothing here; the generic CRUD in `BusinessCentralAPI+Write`
/// calls these hooks for every write.
enum BCRules {
    static let masterDataSeries: [String: String] = [
        "customers": "customer", "vendors": "vendor", "items": "item", "contacts": "contact",
        "employees": "employee", "projects": "project",
    ]
    /// Code fields BC stores upper-cased (Code[n] in AL).
    static let codeFields: [String: Int] = [
        "number": 20, "code": 20, "externalDocumentNumber": 35, "taxCode": 20, "taxGroupCode": 20,
        "lineObjectNumber": 20, "customerNumber": 20, "documentNumber": 20,
        "vendorInvoiceNumber": 35, "vendorNumber": 20, "payToVendorNumber": 20, "employeeNumber": 20, "jobNumber": 20,
        "jobTaskNumber": 20, "accountNumber": 20, "balancingAccountNumber": 20,
    ]

    static func checkRequiredFilters(_ collection: BCCollection, _ query: ODataQuery, _ state: BCState) throws(BCError) {
        let filtered = Set(query.filter?.properties ?? [])
        switch collection.set {
        case "timeRegistrationEntries":
            try BCTimeRegistration.checkFilters(collection, query.filter, state)
        case "journalLines":
            if collection.constraint == nil, filtered.isDisjoint(with: ["journalId", "id"]) {
                throw BCError.dialog("You must specify a journal batch ID or a journal ID to get a journal line.")
            }
        case "salesInvoiceLines", "salesCreditMemoLines", "purchaseOrderLines", "purchaseInvoiceLines", "purchaseReceiptLines":
            if collection.constraint == nil, filtered.isDisjoint(with: ["documentId", "id"]) {
                throw BCError.dialog("You must specify an Id or a Document Id to get the lines.")
            }
        case "dimensionSetLines":
            if collection.constraint == nil { throw parentFirst }
        default:
            break
        }
    }

    static let parentFirst = BCError.dialog(
        "You must get to the parent first to get to the dimension set lines, e.g. …/salesInvoices({id})/dimensionSetLines.")

    static func checkCanInsert(_ collection: BCCollection, _ state: BCState) throws(BCError) {
        switch collection.set {
        case "dimensionSetLines":
            guard let parent = collection.parent else { throw parentFirst }
            try checkDimensionParentWritable(parent.set, parent.key, state)
        case "salesInvoiceLines", "salesCreditMemoLines":
            if let parent = collection.parent, let header = state.row(parent.set, parent.key) {
                try BCSalesDocuments.kind(of: parent.set).checkDraft(header)
            }
        case "purchaseOrderLines", "purchaseInvoiceLines":
            if let parent = collection.parent, let header = state.row(parent.set, parent.key),
               let kind = BCPurchasing.kind(of: parent.set) {
                try kind.checkEditable(header)
            }
        default:
            break
        }
    }

    static func completeInsert(_ set: String, _ row: inout JSONObject, given: Set<String>, now: Date,
                               _ state: inout BCState) throws(BCError) {
        normalizeCodes(&row, given)
        if let series = masterDataSeries[set] {
            try assignNumber(set, series: series, &row, state: &state)
        }
        try complete(set, &row, old: nil, changed: given, now: now, &state)
    }

    static func completeUpdate(_ set: String, _ row: inout JSONObject, old: JSONObject, changed: Set<String>,
                               now: Date, _ state: inout BCState) throws(BCError) {
        normalizeCodes(&row, changed)
        if masterDataSeries[set] != nil, changed.contains("number"), row.string("number") != old.string("number") {
            try checkUnique(set, field: "number", row, state)
        }
        try complete(set, &row, old: old, changed: changed, now: now, &state)
    }

    private static func complete(_ set: String, _ row: inout JSONObject, old: JSONObject?, changed: Set<String>,
                                 now: Date, _ state: inout BCState) throws(BCError) {
        switch set {
        case "customers", "vendors", "items", "contacts", "employees", "projects":
            try BCMasterData.complete(set, &row, old: old, changed: changed, state)
            if set == "items", let old, changed.contains("inventory") {
                try BCInventory.adjust(&row, old: old, now: now, &state)
            }
        case "taxGroups", "taxAreas", "paymentTerms", "customerPaymentJournals", "journals":
            try BCMasterData.completeSetup(set, &row, old: old, changed: changed, state)
        case "defaultDimensions":
            try BCDimensions.completeDefaultDimension(&row, old: old, changed: changed, state)
        case "dimensionSetLines":
            try BCDimensions.completeSetLine(&row, old: old, changed: changed, state)
        case "salesInvoices", "salesCreditMemos":
            try BCSalesDocuments.kind(of: set).completeHeader(&row, old: old, changed: changed, now: now, &state)
        case "salesInvoiceLines", "salesCreditMemoLines":
            try BCSalesDocuments.kind(ofLines: set).completeLine(&row, old: old, changed: changed, state)
        case "customerPayments":
            try BCPayments.completePayment(&row, old: old, changed: changed, now: now, &state)
        case "journalLines":
            try BCJournals.completeLine(&row, old: old, changed: changed, now: now, &state)
        case "timeRegistrationEntries":
            try BCTimeRegistration.complete(&row, old: old, changed: changed, now: now, &state)
        case "purchaseOrders", "purchaseInvoices":
            if let kind = BCPurchasing.kind(of: set) {
                try BCPurchasing.completeHeader(kind, &row, old: old, changed: changed, now: now, &state)
            }
        case "purchaseOrderLines", "purchaseInvoiceLines":
            if let kind = BCPurchasing.kind(ofLines: set) {
                try BCPurchasing.completeLine(kind, &row, old: old, changed: changed, state)
            }
        default:
            break
        }
    }

    /// Right after a new row was stored, before nested deep-insert children: BC applies the
    /// default dimensions of the customer (documents) and of the item (item lines) (reference §2.2).
    static func afterInsert(_ set: String, _ row: JSONObject, _ state: inout BCState) {
        switch set {
        case "salesInvoices", "salesCreditMemos":
            let kind = BCSalesDocuments.kind(of: set)
            BCDimensions.applyDefaults(of: row.string("customerId").lowercased(), to: row.id, parentType: kind.headerParentType, &state)
        case "salesInvoiceLines", "salesCreditMemoLines":
            guard row.string("lineType") == "Item" else { return }
            let kind = BCSalesDocuments.kind(ofLines: set)
            BCDimensions.applyDefaults(of: row.string("itemId").lowercased(), to: row.id, parentType: kind.lineParentType, &state)
        case "purchaseOrders", "purchaseInvoices":
            guard let kind = BCPurchasing.kind(of: set) else { return }
            BCDimensions.applyDefaults(of: row.string("vendorId").lowercased(), to: row.id, parentType: kind.headerParentType, &state)
        case "purchaseOrderLines", "purchaseInvoiceLines":
            guard row.string("lineType") == "Item", let kind = BCPurchasing.kind(ofLines: set) else { return }
            BCDimensions.applyDefaults(of: row.string("itemId").lowercased(), to: row.id, parentType: kind.lineParentType, &state)
        default:
            break
        }
    }

    /// After a row was stored: keep dependent values (document totals) right.
    static func afterWrite(_ set: String, _ key: String, now: Date, _ state: inout BCState) throws(BCError) {
        switch set {
        case "salesInvoiceLines", "salesCreditMemoLines":
            guard let line = state.row(set, key) else { return }
            BCSalesDocuments.kind(ofLines: set).recalculate(line.string("documentId").lowercased(), now: now, &state)
        case "salesInvoices", "salesCreditMemos":
            BCSalesDocuments.kind(of: set).recalculate(key, now: now, &state)
        case "purchaseOrderLines", "purchaseInvoiceLines":
            guard let line = state.row(set, key), let kind = BCPurchasing.kind(ofLines: set) else { return }
            BCPurchasing.recalculate(kind, line.string("documentId").lowercased(), now: now, &state)
        case "purchaseOrders", "purchaseInvoices":
            guard let kind = BCPurchasing.kind(of: set) else { return }
            BCPurchasing.recalculate(kind, key, now: now, &state)
        default:
            break
        }
    }

    static func checkDelete(_ set: String, _ row: JSONObject, _ state: BCState) throws(BCError) {
        switch set {
        case "salesInvoices", "salesCreditMemos":
            try BCSalesDocuments.kind(of: set).checkDraft(row)
        case "salesInvoiceLines", "salesCreditMemoLines":
            let kind = BCSalesDocuments.kind(ofLines: set)
            if let header = state.row(kind.headerSet, row.string("documentId").lowercased()) { try kind.checkDraft(header) }
        case "dimensionSetLines":
            try checkDimensionParentWritable(nil, row.string("parentId").lowercased(), state)
        case "purchaseInvoices":
            try BCPurchasing.invoice.checkEditable(row)
        case "purchaseOrderLines", "purchaseInvoiceLines":
            guard let kind = BCPurchasing.kind(ofLines: set) else { return }
            if let header = state.row(kind.headerSet, row.string("documentId").lowercased()) { try kind.checkEditable(header) }
            if row.decimal("receivedQuantity") != 0 {
                throw BCError.dialog("You cannot delete the line because \(row.decimal("receivedQuantity")) units have been received. Reduce the quantity to the received quantity instead.")
            }
        case "purchaseOrders":
            if BCPurchasing.order.lines(of: row.id, state).contains(where: { $0.decimal("receivedQuantity") != 0 }) {
                throw BCError.dialog("You cannot delete the order \(row.string("number")) because some of its lines have been received.")
            }
        default:
            break
        }
    }

    static func afterDelete(_ set: String, _ row: JSONObject, now: Date, _ state: inout BCState) throws(BCError) {
        if set == "salesInvoiceLines" || set == "salesCreditMemoLines" {
            BCSalesDocuments.kind(ofLines: set).recalculate(row.string("documentId").lowercased(), now: now, &state)
        }
        if let kind = BCPurchasing.kind(ofLines: set) {
            BCPurchasing.recalculate(kind, row.string("documentId").lowercased(), now: now, &state)
        }
    }

    // MARK: Shared helpers

    static func normalizeCodes(_ row: inout JSONObject, _ changed: Set<String>) {
        for name in changed where codeFields[name] != nil {
            if let text = row[name]?.stringValue { row[name] = .string(text.uppercased()) }
        }
    }

    /// Code[n] lengths: longer values are refused as BC does.
    static func checkLengths(_ row: JSONObject, _ changed: Set<String>) throws(BCError) {
        for name in changed {
            if let max = codeFields[name], row.string(name).count > max { throw BCError.tooLong(name, max) }
        }
    }

    static func assignNumber(_ set: String, series: String, _ row: inout JSONObject, state: inout BCState) throws(BCError) {
        if row.string("number").isEmpty {
            var candidate = state.takeNumber(series)
            while state.first(set, where: "number", is: candidate) != nil { candidate = state.takeNumber(series) }
            row["number"] = .string(candidate)
        } else {
            try checkUnique(set, field: "number", row, state)
        }
    }

    static func checkUnique(_ set: String, field: String, _ row: JSONObject, _ state: BCState) throws(BCError) {
        let value = row.string(field)
        if let other = state.first(set, where: field, is: value), other.id != row.id, let definition = BCMetadata.entity(set) {
            throw BCError.duplicate(definition, field, value)
        }
    }

    /// Resolves a reference given by id or by number/code, fills the other half, and returns the
    /// referenced row (nil when the reference is blank).
    @discardableResult
    static func reference(_ row: inout JSONObject, idField: String, codeField: String?, set: String,
                          match: String = "number", changed: Set<String>, label: String,
                          _ state: BCState) throws(BCError) -> JSONObject? {
        let id = row.string(idField).lowercased()
        let code = codeField.map { row.string($0) } ?? ""
        let idChanged = changed.contains(idField)
        let codeChanged = codeField.map { changed.contains($0) } ?? false
        var target: JSONObject?
        if idChanged, !BCValues.isBlankGUID(id) {
            guard let found = state.row(set, id) else { throw BCError.relationNotFound(idField, id, label) }
            if codeChanged, !code.isEmpty, found.string(match) != code {
                throw BCError.dialog("The \"\(idField)\" and \"\(codeField ?? "")\" do not match to a specific \(label).")
            }
            target = found
        } else if codeChanged, !code.isEmpty {
            guard let found = state.first(set, where: match, is: code) else {
                throw BCError.relationNotFound(codeField ?? idField, code, label)
            }
            target = found
        } else if idChanged || codeChanged {
            target = nil
        } else if !BCValues.isBlankGUID(id) {
            target = state.row(set, id)
        }
        row[idField] = .string(target?.id ?? BCValues.emptyGUID)
        if let codeField { row[codeField] = .string(target?.string(match) ?? "") }
        return target
    }

    static func checkDimensionParentWritable(_ parentSet: String?, _ parentId: String, _ state: BCState) throws(BCError) {
        if state.row("generalLedgerEntries", parentId) != nil {
            throw BCError.dialog("The parent \(parentId) does not exist or dimension set lines are read only for parent type General Ledger Entry.")
        }
        for kind in BCSalesDocuments.kinds {
            if let line = state.row(kind.lineSet, parentId),
               let header = state.row(kind.headerSet, line.string("documentId").lowercased()) {
                try kind.checkDraft(header)
            }
        }
        if state.row("purchaseReceipts", parentId) != nil || state.row("purchaseReceiptLines", parentId) != nil {
            throw BCError.dialog("The parent \(parentId) does not exist or dimension set lines are read only for parent type Purchase Receipt.")
        }
        if let invoice = state.row("purchaseInvoices", parentId) { try BCPurchasing.invoice.checkEditable(invoice) }
        if let line = state.row("purchaseInvoiceLines", parentId),
           let header = state.row("purchaseInvoices", line.string("documentId").lowercased()) {
            try BCPurchasing.invoice.checkEditable(header)
        }
    }
}
