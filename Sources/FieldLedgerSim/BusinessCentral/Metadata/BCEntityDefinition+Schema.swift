extension BCEntityDefinition: ODataSchema {
    func propertyType(_ name: String) -> ODataPropertyType? { fieldsByName[name]?.type }
}

/// How a navigation property reaches its rows: the child set and the child property that holds
/// the parent's id. Only navigations to entities the simulator serves are listed.
struct BCNavigation: Sendable {
    let childSet: String
    let childField: String

    static let table: [String: [String: BCNavigation]] = [
        "salesInvoices": ["salesInvoiceLines": .init(childSet: "salesInvoiceLines", childField: "documentId"),
                          "dimensionSetLines": .init(childSet: "dimensionSetLines", childField: "parentId")],
        "salesInvoiceLines": ["dimensionSetLines": .init(childSet: "dimensionSetLines", childField: "parentId")],
        "salesCreditMemos": ["salesCreditMemoLines": .init(childSet: "salesCreditMemoLines", childField: "documentId"),
                             "dimensionSetLines": .init(childSet: "dimensionSetLines", childField: "parentId")],
        "salesCreditMemoLines": ["dimensionSetLines": .init(childSet: "dimensionSetLines", childField: "parentId")],
        "customers": ["defaultDimensions": .init(childSet: "defaultDimensions", childField: "parentId")],
        "vendors": ["defaultDimensions": .init(childSet: "defaultDimensions", childField: "parentId")],
        "items": ["defaultDimensions": .init(childSet: "defaultDimensions", childField: "parentId")],
        "employees": ["defaultDimensions": .init(childSet: "defaultDimensions", childField: "parentId"),
                      "timeRegistrationEntries": .init(childSet: "timeRegistrationEntries", childField: "employeeId")],
        "timeRegistrationEntries": ["dimensionSetLines": .init(childSet: "dimensionSetLines", childField: "parentId")],
        "journals": ["journalLines": .init(childSet: "journalLines", childField: "journalId")],
        "journalLines": ["dimensionSetLines": .init(childSet: "dimensionSetLines", childField: "parentId")],
        "purchaseOrders": ["purchaseOrderLines": .init(childSet: "purchaseOrderLines", childField: "documentId"),
                           "dimensionSetLines": .init(childSet: "dimensionSetLines", childField: "parentId")],
        "purchaseOrderLines": ["dimensionSetLines": .init(childSet: "dimensionSetLines", childField: "parentId")],
        "purchaseReceipts": ["purchaseReceiptLines": .init(childSet: "purchaseReceiptLines", childField: "documentId"),
                             "dimensionSetLines": .init(childSet: "dimensionSetLines", childField: "parentId")],
        "purchaseReceiptLines": ["dimensionSetLines": .init(childSet: "dimensionSetLines", childField: "parentId")],
        "purchaseInvoices": ["purchaseInvoiceLines": .init(childSet: "purchaseInvoiceLines", childField: "documentId"),
                             "dimensionSetLines": .init(childSet: "dimensionSetLines", childField: "parentId")],
        "purchaseInvoiceLines": ["dimensionSetLines": .init(childSet: "dimensionSetLines", childField: "parentId")],
        "dimensions": ["dimensionValues": .init(childSet: "dimensionValues", childField: "dimensionId")],
        "customerPaymentJournals": ["customerPayments": .init(childSet: "customerPayments", childField: "journalId")],
        "customerPayments": ["dimensionSetLines": .init(childSet: "dimensionSetLines", childField: "parentId")],
        "generalLedgerEntries": ["dimensionSetLines": .init(childSet: "dimensionSetLines", childField: "parentId")],
    ]

    static func find(from set: String, _ name: String) -> BCNavigation? { table[set]?[name] }
}

extension BCMetadata {
    /// Entity sets served under `companies({id})/…`.
    static let servedSets: Set<String> = [
        "customers", "contacts", "vendors", "items", "accounts", "dimensions", "dimensionValues",
        "defaultDimensions", "taxGroups", "taxAreas", "paymentTerms", "employees", "projects",
        "salesInvoices", "salesInvoiceLines", "salesCreditMemos", "salesCreditMemoLines", "dimensionSetLines",
        "generalLedgerEntries", "customerPaymentJournals", "customerPayments", "journals", "itemLedgerEntries",
        "timeRegistrationEntries", "journalLines", "purchaseOrders", "purchaseOrderLines", "purchaseReceipts",
        "purchaseReceiptLines", "purchaseInvoices", "purchaseInvoiceLines",
    ]
}
