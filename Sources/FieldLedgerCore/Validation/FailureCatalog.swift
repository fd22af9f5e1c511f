import Foundation

/// Every failure code the engine records, with its message and the remedy a finance person can
/// act on, written in one place so the same cause always reads the same way (and groups).
public enum FailureCatalog {
    public static func missingCustomer(company: String, customerCode: String?) -> SyncFailure {
        SyncFailure(code: "MISSING_CUSTOMER", object: "ServiceTrade company '\(company)'",
                    message: "No Business Central customer for ServiceTrade company '\(company)'"
                        + (customerCode.map { " (customer code \($0))" } ?? "") + ".",
                    remedy: "Create customer \(customerCode ?? company) in Business Central (or set sync.create_missing_customers = true); the invoices it blocks post by themselves once it exists.")
    }

    public static func blockedCustomer(number: String, blocked: String) -> SyncFailure {
        SyncFailure(code: "BLOCKED_CUSTOMER", object: "customer \(number)",
                    message: "Business Central customer \(number) is blocked (\(blocked)).",
                    remedy: "Unblock customer \(number) in Business Central, then retry.")
    }

    public static func unmappedGLAccount(serviceLine: String, itemType: String, branch: String?) -> SyncFailure {
        SyncFailure(code: "UNMAPPED_GL_ACCOUNT", object: "service line '\(serviceLine)' / \(itemType)",
                    message: "No GL rule for service line '\(serviceLine)', item type \(itemType)"
                        + (branch.map { ", branch \($0)" } ?? "") + ".",
                    remedy: "Add one under Mappings › GL accounts in the console (or `fieldledger mapping set`), then retry.")
    }

    public static func glAccountProblem(number: String, problem: String) -> SyncFailure {
        SyncFailure(code: problem == "blocked" ? "BLOCKED_GL_ACCOUNT" : "INVALID_GL_ACCOUNT", object: "account \(number)",
                    message: "GL account \(number) \(problem == "blocked" ? "is blocked" : problem) in Business Central.",
                    remedy: "Point the GL rule at a posting account that allows direct posting (Mappings › GL accounts), or fix the account in Business Central.")
    }

    public static func invalidTaxCode(taxRate: String, taxGroup: String?) -> SyncFailure {
        if let taxGroup {
            return SyncFailure(code: "INVALID_TAX_CODE", object: "tax group \(taxGroup)",
                               message: "Tax group \(taxGroup) (mapped from ServiceTrade tax rate '\(taxRate)') does not exist in Business Central.",
                               remedy: "Map '\(taxRate)' to an existing tax group under Mappings › Tax, then retry.")
        }
        return SyncFailure(code: "INVALID_TAX_CODE", object: "tax rate '\(taxRate)'",
                           message: "No tax mapping for ServiceTrade tax rate '\(taxRate)'.",
                           remedy: "Map it to a Business Central tax group under Mappings › Tax, then retry.")
    }

    public static func unmappedDimension(kind: String, value: String) -> SyncFailure {
        SyncFailure(code: "UNMAPPED_DIMENSION", object: "\(kind.replacingOccurrences(of: "_", with: " ")) '\(value)'",
                    message: "No dimension rule for \(kind.replacingOccurrences(of: "_", with: " ")) '\(value)'.",
                    remedy: "Add one under Mappings › Dimensions, then retry.")
    }

    public static func unknownDimensionValue(dimension: String, value: String) -> SyncFailure {
        SyncFailure(code: "UNKNOWN_DIMENSION_VALUE", object: "\(dimension) \(value)",
                    message: "Dimension value \(dimension) \(value) does not exist in Business Central (the standard API cannot create dimension values).",
                    remedy: "Create \(dimension) value \(value) in Business Central, or change the rule under Mappings › Dimensions, then retry.")
    }

    public static func blockedDimensionValue(dimension: String, value: String) -> SyncFailure {
        SyncFailure(code: "BLOCKED_DIMENSION_VALUE", object: "\(dimension) \(value)",
                    message: "Dimension value \(dimension) \(value) is blocked in Business Central.",
                    remedy: "Unblock it in Business Central or change the rule under Mappings › Dimensions, then retry.")
    }

    public static func unmappedPaymentTerms(terms: String) -> SyncFailure {
        SyncFailure(code: "UNMAPPED_PAYMENT_TERMS", object: "terms '\(terms)'",
                    message: "No payment terms mapping for ServiceTrade terms '\(terms)' (or the mapped code does not exist in Business Central).",
                    remedy: "Map them under Mappings › Payment terms, then retry.")
    }

    public static func totalMismatch(number: String, lines: Decimal, stated: Decimal) -> SyncFailure {
        SyncFailure(code: "TOTAL_MISMATCH", object: "invoice \(number)",
                    message: "Invoice \(number)'s lines add up to \(lines.plainString) but its total says \(stated.plainString).",
                    remedy: "Correct the invoice in ServiceTrade (re-approve it when fixed); FieldLedger never posts a total that does not add up.")
    }

    public static func emptyInvoice(number: String) -> SyncFailure {
        SyncFailure(code: "EMPTY_INVOICE", object: "invoice \(number)",
                    message: "Invoice \(number) has no lines.",
                    remedy: "Add lines in ServiceTrade or void the invoice.")
    }

    /// Something FieldLedger did not expect (a store error, a bug): the item stops, with the error.
    static func internalError(_ error: any Error, item: WorkItem) -> SyncFailure {
        SyncFailure(code: "INTERNAL", object: item.subject, message: "\(error)",
                    remedy: "Retry; if it persists, report it with `fieldledger trace wi:\(item.id ?? 0)`.")
    }

    public static func transientExhausted(attempts: Int, last: String) -> SyncFailure {
        SyncFailure(code: "TRANSIENT_EXHAUSTED", object: nil,
                    message: "Gave up after \(attempts) attempts; the last error was: \(last)",
                    remedy: "Check the connection to Business Central (fieldledger failures shows when it last answered), then retry.")
    }

    /// A ServiceTrade invoice approved again with a different total, lines, company or number after it posted.
    public static func postedInvoiceChanged(number: String, change: String) -> SyncFailure {
        SyncFailure(code: "POSTED_INVOICE_CHANGED", object: "invoice \(number)",
                    message: "ServiceTrade invoice \(number) was approved again with a different \(change) after it was posted to Business Central; a posted invoice is never changed or posted twice.",
                    remedy: "Void the invoice in ServiceTrade (FieldLedger credits it in Business Central) and approve a corrected invoice under a new number. A retry posts nothing new: it finds the posted invoice and records it.")
    }

    /// A permanent answer from Business Central: it refused the request, or it answered in a form
    /// that cannot be read (not JSON, not the expected shape) — then the request may have been
    /// applied, so the remedy says that a retry looks the record up before creating anything.
    public static func erpRejected(_ error: RemoteError) -> SyncFailure {
        if error.code == "InvalidJSON" || error.code == "UnexpectedShape" {
            return SyncFailure(code: "ERP_BAD_RESPONSE", object: error.operation,
                               message: "Business Central answered \(error.operation) with something FieldLedger cannot read: \(error.message).",
                               remedy: "Nothing is lost: the document may already be in Business Central, and a retry looks it up by its external document number before creating anything. Retry it; if this keeps happening, check what sits between FieldLedger and Business Central (a proxy or gateway answering for it).")
        }
        return SyncFailure(code: "ERP_REJECTED", object: error.code,
                    message: "Business Central refused it: \(error.message)",
                    remedy: "Fix what the message names (usually setup in Business Central or a mapping), then retry.")
    }
    // MARK: - Voids and credit memos

    /// A natural key FieldLedger derives (e.g. `VOID-<ST invoice number>`) would not fit the field.
    public static func naturalKeyTooLong(key: String, limit: Int) -> SyncFailure {
        SyncFailure(code: "NATURAL_KEY_TOO_LONG", object: "key \(key)",
                    message: "The Business Central external document number \(key) is \(key.count) characters; the field holds \(limit).",
                    remedy: "Shorten the ServiceTrade invoice number, or reverse the invoice by hand in Business Central and dismiss this record.")
    }

    /// The void of a ServiceTrade credit memo that is already posted as a Business Central credit memo.
    public static func voidOfCreditMemo(number: String, erpNumber: String?) -> SyncFailure {
        SyncFailure(code: "VOID_OF_CREDIT_MEMO", object: "credit memo \(number)",
                    message: "ServiceTrade credit memo \(number) was voided after it posted as Business Central credit memo \(erpNumber ?? "(unknown number)"); FieldLedger does not re-invoice a credit by itself.",
                    remedy: "If the credit must be undone, create a new invoice in ServiceTrade (or a sales invoice in Business Central), then dismiss this record.")
    }

    /// A void whose credit would be larger than what Business Central invoiced.
    public static func creditExceedsInvoice(number: String, credit: Decimal, invoiced: Decimal, erpNumber: String?) -> SyncFailure {
        SyncFailure(code: "CREDIT_EXCEEDS_INVOICE", object: "invoice \(number)",
                    message: "Voiding \(number) would credit \(credit.plainString) before tax, but Business Central invoice \(erpNumber ?? "") was for \(invoiced.plainString).",
                    remedy: "Compare the ServiceTrade invoice with the Business Central invoice; post the credit memo by hand for the right amount and dismiss this record.")
    }

    // MARK: Timecards

    public static func employeeNotLinked(technician: String, name: String) -> SyncFailure {
        SyncFailure(code: "EMPLOYEE_NOT_LINKED", object: "technician \(technician)",
                    message: "No Business Central employee for technician \(technician) (\(name)).",
                    remedy: "Create the employee in Business Central and map the technician to its number under Mappings › Dimensions (technician \(technician) → EMPLOYEE), then retry; every timecard of the technician retries with one fix.")
    }

    public static func projectNotFound(jobNumber: String) -> SyncFailure {
        SyncFailure(code: "PROJECT_NOT_FOUND", object: "job \(jobNumber)",
                    message: "No Business Central project numbered \(jobNumber) for ServiceTrade job \(jobNumber).",
                    remedy: "Create project \(jobNumber) (with its job tasks) in Business Central, then retry.")
    }

    public static func unmappedCostCode(activity: String) -> SyncFailure {
        SyncFailure(code: "UNMAPPED_COST_CODE", object: "activity '\(activity)'",
                    message: "No cost-code rule for ServiceTrade clock activity '\(activity)'.",
                    remedy: "Map the activity to a Business Central job task under Mappings › Cost codes in the console (or `fieldledger mapping set`), then retry.")
    }

    public static func periodClosed(date: String, closedBefore: String) -> SyncFailure {
        SyncFailure(code: "PERIOD_CLOSED", object: "period before \(closedBefore)",
                    message: "The timecard is dated \(date), before \(closedBefore), where [timecards] closed_before closes the period.",
                    remedy: "Book the time in Business Central by hand if it still belongs there, or move [timecards] closed_before back, then retry.")
    }
}
