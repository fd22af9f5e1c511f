/// Why an `invoice.payments` work item stopped, in one place: a stable code, the invoice, what
/// happened and what a person can do (`fieldledger failures` groups by code and object).
enum PaymentWatchFailure {
    /// ServiceTrade refused a payment, a status change or the lookup for a business reason.
    static func rejected(_ error: RemoteError, _ item: WorkItem) -> SyncFailure {
        SyncFailure(code: "ST_PAYMENT_REJECTED", object: error.code,
                    message: "ServiceTrade refused to record Business Central's payment state for invoice \(ref(item)): \(error.message)",
                    remedy: "Check the invoice's payments and status in ServiceTrade, correct them, then `fieldledger retry \(item.id ?? 0)`.")
    }

    static func invoiceMissing(_ item: WorkItem) -> SyncFailure {
        SyncFailure(code: "ST_INVOICE_MISSING", object: item.subject,
                    message: "ServiceTrade invoice \(ref(item)) no longer exists, so its Business Central payments cannot be shown there.",
                    remedy: "If the invoice was deleted on purpose, dismiss this item; otherwise restore it and retry.")
    }

    /// The item's row is gone (the link was uncoupled by hand after the change was seen).
    static func noReceivable(_ item: WorkItem) -> SyncFailure {
        SyncFailure(code: "NO_RECEIVABLE", object: item.subject,
                    message: "Invoice \(ref(item)) has no Business Central sales-invoice link with a payment state any more.",
                    remedy: "Couple it again (`fieldledger couple …`) and run a cycle; then retry.")
    }

    private static func ref(_ item: WorkItem) -> String { item.sourceRef ?? item.sourceId }
}
