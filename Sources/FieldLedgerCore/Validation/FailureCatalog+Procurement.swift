import Foundation

/// The procurement flows' failures (PartsManager → Business Central), with remedies.
extension FailureCatalog {
    /// A purchase line whose PartsManager item category has no `purchase_gl` rule.
    public static func unmappedItemCategory(category: String, item: String, vendor: String) -> SyncFailure {
        SyncFailure(code: "UNMAPPED_ITEM_CATEGORY", object: "item category '\(category)'",
                    message: "No purchase GL rule for PartsManager item category '\(category)' (item \(item), vendor \(vendor)).",
                    remedy: "Add one under Mappings › GL accounts (kind purchase_gl: a row in item-categories.csv and `fieldledger mapping import`), then retry.")
    }

    /// The PartsManager vendor has no Business Central vendor with its code: the document waits.
    public static func vendorNotLinked(code: String, name: String?) -> SyncFailure {
        SyncFailure(code: "VENDOR_NOT_LINKED", object: "vendor \(code)",
                    message: "No Business Central vendor numbered \(code)" + (name.map { " (PartsManager vendor '\($0)')" } ?? "") + ".",
                    remedy: "Create vendor \(code) in Business Central (vendors flow from Business Central to PartsManager, so the numbers must match); the documents it blocks post by themselves once it exists.")
    }

    /// The PartsManager item's SKU is not a Business Central item number: the document waits.
    public static func itemNotLinked(sku: String, name: String?) -> SyncFailure {
        SyncFailure(code: "ITEM_NOT_LINKED", object: "item \(sku)",
                    message: "No Business Central item numbered \(sku)" + (name.map { " (PartsManager item '\($0)')" } ?? "") + ".",
                    remedy: "Create item \(sku) in Business Central (its number must equal the PartsManager SKU); the documents it blocks post by themselves once it exists.")
    }

    /// A receipt, bill or change whose purchase order has not reached Business Central: it waits.
    public static func purchaseOrderNotSynced(number: String) -> SyncFailure {
        SyncFailure(code: "PURCHASE_ORDER_NOT_SYNCED", object: "purchase order \(number)",
                    message: "PartsManager purchase order \(number) is not in Business Central yet.",
                    remedy: "Fix what stops purchase order \(number) (see `fieldledger failures`); what waits on it follows by itself.")
    }

    /// A newer version waits until the older one, in doubt, has been settled.
    public static func earlierVersionInDoubt(_ subject: String) -> SyncFailure {
        SyncFailure(code: "EARLIER_VERSION_IN_DOUBT", object: subject,
                    message: "An earlier version of \(subject) is still being written to Business Central.",
                    remedy: "Nothing to do: it continues once the earlier version is settled.")
    }

    /// A change or void of a purchase order that Business Central has already received against.
    public static func purchaseOrderAlreadyReceived(number: String, change: String) -> SyncFailure {
        SyncFailure(code: "PURCHASE_ORDER_RECEIVED", object: "purchase order \(number)",
                    message: "PartsManager purchase order \(number) was \(change), but Business Central has already received against it.",
                    remedy: "Correct the order in Business Central by hand (e.g. reduce the line or post a return), then dismiss this failure.")
    }

    /// A vendor invoice number Business Central already holds for the vendor with another amount.
    public static func duplicateVendorInvoice(number: String, vendor: String, existing: String) -> SyncFailure {
        SyncFailure(code: "DUPLICATE_VENDOR_INVOICE", object: "vendor \(vendor) invoice \(number)",
                    message: "Business Central already has purchase invoice \(existing) from vendor \(vendor) with vendor invoice number \(number), for another amount.",
                    remedy: "Check both in Business Central; if the PartsManager bill is a different invoice, correct its vendor invoice number in PartsManager.")
    }

    /// A vendor bill voided in PartsManager after it was posted in Business Central.
    public static func vendorBillVoidedAfterPosting(number: String, erpNumber: String) -> SyncFailure {
        SyncFailure(code: "VENDOR_BILL_VOIDED", object: "vendor invoice \(number)",
                    message: "Vendor bill \(number) was voided in PartsManager after it was posted in Business Central as \(erpNumber).",
                    remedy: "Post a purchase credit memo for \(erpNumber) in Business Central (the standard API cannot reverse it), then dismiss this failure.")
    }

    /// PartsManager (not the ERP) refused a read the flow needs.
    public static func sourceRejected(_ error: RemoteError) -> SyncFailure {
        SyncFailure(code: "SOURCE_REJECTED", object: error.operation,
                    message: "PartsManager refused \(error.operation): \(error.message)",
                    remedy: "Check the [partsmanager] settings and that the record still exists, then retry.")
    }
}
