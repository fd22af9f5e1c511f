/// The resources of the simulated PartsManager (SoftLedger-backed): path name under `/pm/api/`,
/// which is also the data file name in `sample-data/pm/` and the webhook event prefix.
enum PartsManagerResource: String, CaseIterable, Sendable {
    case vendors, items, warehouses, purchaseOrders, shipmentReceipts, vendorBills, stockAdjustments, stock, webhooks

    var fileName: String { rawValue + ".json" }

    /// Singular name for messages and webhook events (`purchaseOrder.updated`).
    var singular: String {
        switch self {
        case .vendors: "vendor"
        case .items: "item"
        case .warehouses: "warehouse"
        case .purchaseOrders: "purchaseOrder"
        case .shipmentReceipts: "shipmentReceipt"
        case .vendorBills: "vendorBill"
        case .stockAdjustments: "stockAdjustment"
        case .stock: "stock"
        case .webhooks: "webhook"
        }
    }

    /// Query filters a list accepts besides `limit`, `offset`, `updatedAfter`, `updatedBefore`.
    var filters: [String] {
        switch self {
        case .vendors: ["isActive", "externalId"]
        case .items: ["category", "sku", "inactive"]
        case .warehouses: ["type", "ParentId"]
        case .purchaseOrders: ["status", "VendorId", "WarehouseId", "number"]
        case .shipmentReceipts: ["VendorId"]
        case .vendorBills: ["status", "VendorId", "vendorInvoiceNumber"]
        case .stockAdjustments: ["ItemId", "WarehouseId", "type"]
        case .stock: ["ItemId", "WarehouseId"]
        case .webhooks: []
        }
    }
}

/// Choices where the public material is silent; `PARTSMANAGER-CHOICES.md` documents each one.
enum PartsManagerRules {
    static let purchaseOrderStatuses = ["created", "issued", "partiallyFulfilled", "fulfilled", "voided"]
    static let vendorBillStatuses = ["open", "approved", "paid", "voided"]
    static let warehouseTypes = ["facility", "truck", "tech"]
    static let accessTokenLifetime = 86_400
    static let defaultPageSize = 100
    static let maxPageSize = 1000
}

/// The built-in credentials of the simulated PartsManager (printed by the simulator banner);
/// test values for a loopback simulator, never real secrets.
public enum PartsManagerTestCredentials {
    public static let clientId = "fieldledger-pm-sim"
    public static let clientSecret = "pm-sim-client-secret"
    public static let tenantUUID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
    /// Signs webhooks created without their own `secret`.
    public static let webhookSecret = "pm-sim-webhook-secret"
}
