import FieldLedgerHTTP
import Foundation
import GRDB

/// Takes one `invoice.void` work item to `posted` (the void is reflected in Business Central),
/// `failed` or `retry_wait`.
///
/// **Policy.** What a ServiceTrade void does depends on what Business Central holds for the
/// invoice (found by its link, else by its natural key — the ServiceTrade invoice number):
/// - *nothing* (never posted; a failed or waiting posting item was superseded at intake): nothing
///   to do, recorded as such;
/// - *a draft* (a posting that stopped half-way): the draft is deleted (`DELETE` with `If-Match`);
/// - *a posted invoice that is unpaid* (status Open, `remainingAmount == totalAmountIncludingTax`):
///   Business Central's own `cancel` action, which creates and posts the corrective credit memo and
///   sets the invoice to Canceled — the cleanest reversal, numbered and linked by Business Central;
/// - *a posted invoice that is partly paid*: `cancel` is refused there, so FieldLedger posts a sales
///   credit memo mirroring the invoice (the same mapped accounts, dimensions and tax groups, built
///   by `InvoiceValidator` from the voided invoice) with `invoiceId` set, so posting applies it and
///   the invoice's remaining amount drops to 0; the part already paid stays as a credit on the
///   customer's account for a refund or the next invoice;
/// - *a posted invoice that is fully paid* (Paid): the same credit memo, but **not applied**
///   (Business Central cannot apply to a closed entry); the whole credit stays on the account;
/// - *a posted ServiceTrade credit memo*: refused with VOID_OF_CREDIT_MEMO (reversing a credit
///   needs a person: a new invoice in ServiceTrade).
///
/// Exactly once: the credit memo carries its own natural key, `VOID-<ST invoice number>`
/// (`externalDocumentNumber`, Code[35]), and goes through `InvoicePosting`, so an item in doubt
/// looks the key up before creating anything. For `cancel`, the invoice's status is the record:
/// Canceled means done, and the corrective credit memo is found by its `invoiceId`. ServiceTrade
/// is told nothing more (the invoice is already void) except a comment naming the credit memo.
struct InvoiceVoidProcessor: Sendable {
    let store: Store
    let bc: BusinessCentralClient
    let st: ServiceTradeClient
    let companies: CompanyDirectory
    let retry: RetryPolicy

    /// `externalDocumentNumber` is a Code[35] (reference §7).
    static let maxKeyLength = 35

    /// `VOID-INV-26021`: the natural key of the credit memo that reverses a void.
    static func naturalKey(forInvoiceNumber number: String) -> String { "VOID-\(number)".uppercased() }

    func process(_ workItem: WorkItem, validator: InvoiceValidator) async -> WorkOutcome {
        var item = workItem
        do {
            guard let payload = item.payload, let json = (try? JSONValue(parsing: payload))?.objectValue else {
                return try fail(&item, SyncFailure(code: "MALFORMED_SOURCE", object: item.subject,
                                                   message: "The stored payload is not a JSON object.", remedy: nil))
            }
            let invoice: SourceInvoice
            do { invoice = try SourceInvoice(json: json) } catch { return try fail(&item, error) }
            let key = Self.naturalKey(forInvoiceNumber: invoice.number)
            guard key.count <= Self.maxKeyLength else {
                return try fail(&item, FailureCatalog.naturalKeyTooLong(key: key, limit: Self.maxKeyLength))
            }
            let original: InvoicePlan.Document = CreditMemoPostFlow.isCreditMemo(json) ? .salesCreditMemo : .salesInvoice
            guard let target = try await originalDocument(of: &item, invoice: invoice, in: original) else {
                return try finish(&item, outcome: "nothing_in_erp", link: nil, details: [:])
            }
            if target.isDraft {
                try begin(&item, key: key, action: "delete_draft", target: target)
                do { try await bc.delete("\(original.entitySet)(\(target.id))", etag: target.etag ?? "*") }
                catch let error as RemoteError where error.status == 404 {}   // gone already (an earlier attempt)
                return try finish(&item, outcome: "draft_deleted", link: nil,
                                  details: ["erpId": .string(target.id), "erpNumber": target.number.map(JSONValue.string) ?? .null])
            }
            if original == .salesCreditMemo {
                return try fail(&item, FailureCatalog.voidOfCreditMemo(number: invoice.number, erpNumber: target.number))
            }
            return try await reverse(&item, invoice: invoice, key: key, target: target, validator: validator)
        } catch let error as RemoteError {
            return (try? handle(error, &item)) ?? .retrying
        } catch let failure as SyncFailure {
            return (try? fail(&item, failure)) ?? .failed
        } catch {
            let failure = FailureCatalog.internalError(error, item: item)
            return (try? fail(&item, failure)) ?? .failed
        }
    }

    /// A posted sales invoice: cancel it when it is untouched, else credit it (see the policy).
    private func reverse(_ item: inout WorkItem, invoice: SourceInvoice, key: String, target: ERPDocument,
                         validator: InvoiceValidator) async throws -> WorkOutcome {
        let posting = InvoicePosting(bc: bc, store: store)
        let inDoubt = item.state == .posting || item.attempts > 0
        var memoExists = false
        if inDoubt, try await posting.lookUp(key, in: InvoicePlan.Document.salesCreditMemo.entitySet) != nil { memoExists = true }

        if !memoExists, target.status == "Canceled" || target.isUntouched {
            if target.status != "Canceled" {
                try begin(&item, key: key, action: "cancel", target: target)
                try await bc.action("salesInvoices(\(target.id))", "cancel")
            }
            guard let memo = try await correctiveCreditMemo(of: target.id) else {
                throw bc.shapeError("GET salesCreditMemos", "invoice \(target.number ?? target.id) is Canceled but no corrective credit memo names it")
            }
            let link = Link(erpSystem: "businesscentral", kind: InvoicePlan.Document.salesCreditMemo.linkKind,
                            sourceSystem: item.sourceSystem, sourceEntity: item.sourceEntity, sourceId: item.sourceId,
                            sourceRef: item.sourceRef, erpId: memo.id, erpNumber: memo.number, workItemId: item.id)
            let outcome = try finish(&item, outcome: "canceled", link: link, details: [
                "invoiceId": .string(target.id), "invoiceNumber": target.number.map(JSONValue.string) ?? .null,
                "erpId": .string(memo.id), "erpNumber": memo.number.map(JSONValue.string) ?? .null])
            await comment(item, memoNumber: memo.number, invoiceNumber: target.number, how: "canceled it with")
            return outcome
        }

        if let net = target.net, invoice.subtotal > net {
            return try fail(&item, FailureCatalog.creditExceedsInvoice(number: invoice.number, credit: invoice.subtotal,
                                                                       invoiced: net, erpNumber: target.number))
        }
        let company = try await companies.company(id: invoice.companyID)
        let customerNumber = try InvoiceProcessor(store: store, bc: bc, st: st, companies: companies, retry: retry)
            .matchCustomer(company: company, invoice: invoice, validator: validator)
        var plan: InvoicePlan
        switch validator.plan(invoice, customerNumber: customerNumber, companyName: company.name,
                              customerCode: company.customerCode, as: .salesCreditMemo) {
        case .failure(let failure): return try fail(&item, failure, rules: validator)
        case .success(let built): plan = built
        }
        plan.naturalKey = key
        plan.documentDate = nil        // the void's date: Business Central's work date
        plan.dueDate = nil
        plan.customerPO = nil
        plan.appliesToInvoiceID = target.status == "Paid" ? nil : target.id
        let memo = try await posting.post(&item, plan: plan, ruleIDs: plan.lines.map(\.glRuleID))
        await comment(item, memoNumber: memo.number, invoiceNumber: target.number, how: "credited it with")
        return .posted
    }

    /// Moves the item to `posting` before a change is sent, so an attempt that may have reached
    /// Business Central is known to be in doubt next time.
    private func begin(_ item: inout WorkItem, key: String, action: String, target: ERPDocument) throws {
        try store.write { db in
            item.naturalKey = key
            try item.move(to: .posting, by: .engine, details: [
                "naturalKey": .string(key), "action": .string(action), "erpId": .string(target.id),
                "inDoubt": .bool(item.state == .posting || item.attempts > 0)], in: db)
        }
    }

    /// The void is reflected in Business Central: the link (if a document was made) and the
    /// state change in one transaction.
    private func finish(_ item: inout WorkItem, outcome: String, link: Link?, details: JSONObject) throws -> WorkOutcome {
        try store.write { db in
            if var link { try link.insert(recordingBy: .engine, subject: item.subject, in: db) }
            var d = details
            d["outcome"] = .string(outcome)
            try item.move(to: .posted, by: .engine, details: d, in: db)
        }
        return .posted
    }

    private func fail(_ item: inout WorkItem, _ failure: SyncFailure, rules: InvoiceValidator? = nil) throws -> WorkOutcome {
        try WorkItemSettlement(store: store, retry: retry).fail(&item, failure, rules: rules)
    }

    private func handle(_ error: RemoteError, _ item: inout WorkItem) throws -> WorkOutcome {
        try WorkItemSettlement(store: store, retry: retry).handle(error, &item)
    }

    /// A comment on the void ServiceTrade invoice naming the Business Central credit memo. A
    /// failure is audited and does not undo anything.
    private func comment(_ item: WorkItem, memoNumber: String?, invoiceNumber: String?, how: String) async {
        let content = "FieldLedger: voided in ServiceTrade; Business Central \(how) credit memo \(memoNumber ?? "(number unknown)")"
            + (invoiceNumber.map { " against invoice \($0)" } ?? "") + "."
        do {
            let entityID: JSONValue = Int(item.sourceId).map { .int($0) } ?? .string(item.sourceId)
            _ = try await st.create("comment", ["entityType": "invoice", "entityId": entityID, "content": .string(content)])
        } catch {
            _ = try? store.write { db in
                try AuditLog.append(NewAuditEvent(actor: .engine, action: "servicetrade.update_failed", subject: item.subject,
                    workItemId: item.id, details: ["comment": .string(content), "error": .string("\(error)")]), in: db)
            }
        }
    }
}
