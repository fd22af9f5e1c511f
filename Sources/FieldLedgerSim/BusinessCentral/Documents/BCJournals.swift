import FieldLedgerHTTP
import Foundation

/// General journals (`journals` + `journalLines`) and their posting through
/// `journals({id})/Microsoft.NAV.post` (reference §2.6; ALX:APIV2Journals.Page.al,
/// APIV2JournalLines.Page.al). The same action posts a customer payment journal (§2.5), which
/// `BCPayments` handles.
///
/// Choices where the reference is silent (listed in `ErrorStatusChoices.md`):
/// - `accountType` is one of `G/L Account`, `Customer`, `Vendor`, `Bank Account` (the page's
///   range); bank accounts are not simulated and are refused as an unknown relation.
/// - A line posts against its own balancing account, else the batch's. Lines without one must
///   balance per document number and posting date, or the post is refused.
/// - A customer line posts to the receivables account, a vendor line to the payables account.
enum BCJournals {
    static let accountTypes = ["G/L Account", "Customer", "Vendor", "Bank Account"]

    static func completeLine(_ row: inout JSONObject, old: JSONObject?, changed: Set<String>, now: Date,
                             _ state: inout BCState) throws(BCError) {
        try BCRules.checkLengths(row, changed)
        let journalId = row.string("journalId").lowercased()
        guard let journal = state.row("journals", journalId) else {
            throw BCError.dialog("You must specify a journal batch ID or a journal ID to get a journal line.")
        }
        row["journalDisplayName"] = .string(journal.string("code"))
        if old == nil, (row["lineNumber"]?.intValue ?? 0) == 0 {
            let last = state.table("journalLines").all.filter { $0.string("journalId").lowercased() == journalId }
                .compactMap { $0["lineNumber"]?.intValue }.max() ?? 0
            row["lineNumber"] = .int(last + 10_000)
        }
        if row.string("accountType").isEmpty { row["accountType"] = "G/L Account" }
        guard accountTypes.contains(row.string("accountType")) else {
            throw BCError.wrongEnum("accountType", row.string("accountType"), accountTypes)
        }
        try resolveAccount(&row, type: row.string("accountType"), idField: "accountId", numberField: "accountNumber",
                           changed: changed, state)
        if row.string("balanceAccountType").isEmpty { row["balanceAccountType"] = "G/L Account" }
        guard accountTypes.contains(row.string("balanceAccountType")) else {
            throw BCError.wrongEnum("balanceAccountType", row.string("balanceAccountType"), accountTypes)
        }
        if old == nil, !changed.contains("balancingAccountId"), !changed.contains("balancingAccountNumber") {
            row["balancingAccountId"] = .string(journal.string("balancingAccountId").lowercased())
            row["balancingAccountNumber"] = .string(journal.string("balancingAccountNumber"))
        }
        try resolveAccount(&row, type: row.string("balanceAccountType"), idField: "balancingAccountId",
                           numberField: "balancingAccountNumber",
                           changed: changed.union(old == nil ? ["balancingAccountId"] : []), state)
        let taxCode = row.string("taxCode").uppercased()
        row["taxCode"] = .string(taxCode)
        if !taxCode.isEmpty, state.first("taxGroups", where: "code", is: taxCode) == nil {
            throw BCError(400, "Internal_InvalidTableRelation",
                          "The field Tax Group Code of table Gen. Journal Line contains a value (\(taxCode)) that cannot be found in the related table (Tax Group).")
        }
        if row.string("postingDate") == BCValues.emptyDate { row["postingDate"] = .string(SimTime.day(now)) }
        if old == nil, row.string("documentNumber").isEmpty { row["documentNumber"] = .string(state.takeNumber("generalJournal")) }
    }

    /// G/L accounts must be posting accounts and not blocked; customers and vendors are found by
    /// number (the page resolves `accountId` only for G/L and bank accounts, §2.6).
    private static func resolveAccount(_ row: inout JSONObject, type: String, idField: String, numberField: String,
                                       changed: Set<String>, _ state: BCState) throws(BCError) {
        switch type {
        case "G/L Account":
            if let account = try BCRules.reference(&row, idField: idField, codeField: numberField, set: "accounts",
                                                   changed: changed, label: "G/L Account", state) {
                try BCSalesDocumentKind.checkPostingAccount(account)
            }
        case "Customer", "Vendor":
            let set = type == "Customer" ? "customers" : "vendors"
            try BCRules.reference(&row, idField: idField, codeField: numberField, set: set, changed: changed, label: type, state)
        default:
            let number = row.string(numberField)
            if !number.isEmpty || !BCValues.isBlankGUID(row.string(idField)) {
                throw BCError.relationNotFound(numberField, number.isEmpty ? row.string(idField) : number, "Bank Account")
            }
        }
    }

    /// Posts every line of a general journal batch to `generalLedgerEntries` and removes the lines.
    static func post(_ journalId: String, now: Date, _ state: inout BCState) throws(BCError) {
        let lines = state.table("journalLines").all.filter { $0.string("journalId").lowercased() == journalId }
            .sorted { $0["lineNumber"]?.intValue ?? 0 < $1["lineNumber"]?.intValue ?? 0 }
        guard !lines.isEmpty else { throw BCError.dialog("There is nothing to post.") }
        var unbalanced: [String: Decimal] = [:]
        var order: [String] = []
        for line in lines {
            let lineNumber = line["lineNumber"]?.intValue ?? 0
            guard !line.string("accountNumber").isEmpty else {
                throw BCError.fieldValidation("Account No. must have a value in Gen. Journal Line: Journal Template Name=GENERAL, Journal Batch Name=\(line.string("journalDisplayName")), Line No.=\(lineNumber). It cannot be zero or empty.")
            }
            guard line.decimal("amount") != 0 else {
                throw BCError.fieldValidation("Amount must have a value in Gen. Journal Line: Journal Template Name=GENERAL, Journal Batch Name=\(line.string("journalDisplayName")), Line No.=\(lineNumber). It cannot be zero or empty.")
            }
            try checkStillPostable(line, state)
            if line.string("balancingAccountNumber").isEmpty {
                let key = "\(line.string("documentNumber"))|\(line.string("postingDate"))"
                if unbalanced[key] == nil { order.append(key) }
                unbalanced[key, default: 0] += line.decimal("amount")
            }
        }
        for key in order where unbalanced[key] != 0 {
            let parts = key.split(separator: "|", omittingEmptySubsequences: false)
            throw BCError.dialog("Document No. \(parts.first ?? "") is out of balance by \(unbalanced[key] ?? 0). Check that Posting Date, Document No. and Amount are correct for each line.")
        }
        for line in lines {
            let amount = line.decimal("amount")
            let description = line.string("description").isEmpty ? line.string("documentNumber") : line.string("description")
            var entries = [BCLedger.Line(accountNumber: ledgerAccount(line.string("accountType"), line.string("accountNumber"), state),
                                         amount: amount, description: description)]
            if !line.string("balancingAccountNumber").isEmpty {
                entries.append(BCLedger.Line(accountNumber: ledgerAccount(line.string("balanceAccountType"), line.string("balancingAccountNumber"), state),
                                             amount: -amount, description: description))
            }
            BCLedger.post(entries, documentType: " ", documentNumber: line.string("documentNumber"),
                          postingDate: line.string("postingDate"), now: now, &state)
            state.remove("journalLines", line.id)
            for dimension in BCDimensions.lines(of: line.id, state) { state.remove("dimensionSetLines", "\(line.id)|\(dimension.id)") }
        }
    }

    /// Master data can change between entering a line and posting it.
    private static func checkStillPostable(_ line: JSONObject, _ state: BCState) throws(BCError) {
        for (type, number) in [(line.string("accountType"), line.string("accountNumber")),
                               (line.string("balanceAccountType"), line.string("balancingAccountNumber"))] where !number.isEmpty {
            switch type {
            case "G/L Account":
                guard let account = state.first("accounts", where: "number", is: number) else {
                    throw BCError.relationNotFound("accountNumber", number, "G/L Account")
                }
                try BCSalesDocumentKind.checkPostingAccount(account)
            case "Customer":
                if let customer = state.first("customers", where: "number", is: number), customer.string("blocked") == "All" {
                    throw BCError.dialog("You cannot post this type of document when Customer \(number) is blocked with type All.")
                }
            case "Vendor":
                if let vendor = state.first("vendors", where: "number", is: number) { try BCPurchasing.checkNotBlocked(vendor) }
            default:
                break
            }
        }
    }

    /// The G/L account a journal line's account posts to.
    private static func ledgerAccount(_ type: String, _ number: String, _ state: BCState) -> String {
        switch type {
        case "Customer": state.postingSetup.receivablesAccount
        case "Vendor": state.postingSetup.payablesAccount
        default: number
        }
    }
}
