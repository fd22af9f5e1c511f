import FieldLedgerHTTP
import Foundation

/// Validation shared by purchase orders and vendor bills, against the cycle's rules and cached
/// Business Central reference data: the vendor must exist under the PartsManager vendor code,
/// every item under its SKU, and every item category needs a `purchase_gl` rule to a real account.
///
/// Order lines go to Business Central as **item lines** (the SKU is the BC item number), so
/// receipts move stock and the order, its receipts and the bill match on the item. Vendor bill
/// lines go as **G/L account lines** to the `purchase_gl` account mapped for the category (the
/// inventory account, sample-data/README.md): stock already arrived with the receipt, and an item
/// line on a stand-alone purchase invoice would receive it a second time (API v2.0 cannot attach
/// an invoice to receipt lines). The rule is checked for order lines too, so an unmapped category
/// fails the order (UNMAPPED_ITEM_CATEGORY) before anything is written, not later at billing.
struct PurchasePlanner: Sendable {
    let resolver: PostingRuleResolver
    let reference: ReferenceIndex

    /// What one purchase line resolved to.
    struct LineTarget: Sendable {
        /// The BC item number (order lines), nil when the line posts to `account` (bill lines).
        var itemNumber: String?
        var account: String
        var ruleID: Int64?
    }

    /// The BC vendor number for a PartsManager vendor code; blocks until the vendor exists.
    func vendorNumber(code: String, name: String?) throws -> String {
        guard let vendor = reference.entry("vendors", code: code.uppercased()) else {
            throw ProcurementStop.blocked(FailureCatalog.vendorNotLinked(code: code, name: name))
        }
        return vendor.code
    }

    /// The target of one line. `requireItem`: purchase orders need the BC item (receipts move
    /// stock) and wait for it; bills post to the category's account and need no item.
    func line(sku: String?, itemName: String?, category: String?, vendorCode: String, requireItem: Bool) throws -> LineTarget {
        let item = requireItem ? sku.flatMap { reference.entry("items", code: $0.uppercased()) } : nil
        if item == nil, requireItem {
            throw ProcurementStop.blocked(FailureCatalog.itemNotLinked(sku: sku ?? "?", name: itemName))
        }
        guard let rule = resolver.purchaseAccount(category: category, vendor: vendorCode) else {
            throw ProcurementStop.failed(FailureCatalog.unmappedItemCategory(category: category ?? "(none)",
                                                                             item: sku ?? itemName ?? "?", vendor: vendorCode))
        }
        guard let account = reference.entry("accounts", code: rule.value) else {
            throw ProcurementStop.failed(FailureCatalog.glAccountProblem(number: rule.value, problem: "does not exist"))
        }
        if account.blocked { throw ProcurementStop.failed(FailureCatalog.glAccountProblem(number: rule.value, problem: "blocked")) }
        return LineTarget(itemNumber: item?.code, account: account.code, ruleID: rule.ruleID)
    }

    /// BC Text[n] fields refuse longer values: cut, never fail, on free text.
    static func text(_ value: String, _ length: Int) -> String { String(value.prefix(length)) }
}
