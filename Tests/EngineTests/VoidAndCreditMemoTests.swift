import FieldLedgerHTTP
import FieldLedgerSim
import Foundation
import GRDB
import Testing
@testable import FieldLedgerCore

/// ServiceTrade voids and credit memos into Business Central, against the simulators over real
/// HTTP: what a void does to a posted, a half-posted and a never-posted invoice, exactly once,
/// under faults and on replay; and ServiceTrade credit memos posted as sales credit memos.
@Suite("Engine: voids and credit memos into Business Central", .serialized)
struct VoidAndCreditMemoTests {
    @Test("voids of posted invoices: unpaid → cancel, partly paid → applied credit memo; exactly once; replay changes nothing")
    func voidsOfPostedInvoices() async throws {
        let company = try await SimulatedCompany()
        let engine = company.engine()
        try await engine.runOnce()
        // Planted problem 14: the two voids never approved are ignored, with an audit note.
        #expect(try company.ignoredVoids() == ["99", "100"])

        let inv21 = try #require(try company.link(kind: "salesInvoice", ref: "INV-26021"))
        let inv33 = try #require(try company.link(kind: "salesInvoice", ref: "INV-26033"))
        let total33 = try #require(try await company.bcDocument("salesInvoices", inv33.erpId)["totalAmountIncludingTax"]?.decimalValue)
        try await company.payInBC(invoiceID: inv33.erpId, amount: 100)
        try await company.voidInServiceTrade(21)
        try await company.voidInServiceTrade(33)

        let run = try await engine.runOnce()
        #expect(run.counts("invoice.void").received == 2)
        #expect(run.counts("invoice.void").posted == 2)

        // Unpaid: Business Central's cancel — the invoice is Canceled, one corrective credit memo names it.
        let canceled = try await company.bcDocument("salesInvoices", inv21.erpId)
        #expect(canceled["status"]?.stringValue == "Canceled")
        #expect(canceled["remainingAmount"]?.decimalValue == 0)
        let corrective = try await company.creditMemos(appliedTo: inv21.erpId)
        #expect(corrective.count == 1)
        #expect(corrective.first?["status"]?.stringValue == "Corrective")
        let link21 = try #require(try company.link(kind: "salesCreditMemo", ref: "INV-26021"))
        #expect(link21.erpId == corrective.first?["id"]?.stringValue?.lowercased())

        // Partly paid: a credit memo with invoiceId, mirroring the invoice, posted; nothing remains on the invoice.
        let memos = try await company.creditMemos(key: "VOID-INV-26033")
        #expect(memos.count == 1)
        let memo = try #require(memos.first)
        #expect(memo["invoiceId"]?.stringValue?.lowercased() == inv33.erpId)
        #expect(memo["status"]?.stringValue == "Open")   // the 100.00 already paid stays as the customer's credit
        #expect(memo["totalAmountIncludingTax"]?.decimalValue == total33)
        let paid = try await company.bcDocument("salesInvoices", inv33.erpId)
        #expect(paid["remainingAmount"]?.decimalValue == 0)
        let memoID = try #require(memo["id"]?.stringValue)
        let memoLines = try await company.bc.list("salesCreditMemos(\(memoID))/salesCreditMemoLines")
        let invoiceLines = try await company.bc.list("salesInvoices(\(inv33.erpId))/salesInvoiceLines")
        #expect(memoLines.map(Self.lineShape) == invoiceLines.map(Self.lineShape), "same accounts, quantities, prices and tax")
        let link33 = try #require(try company.link(kind: "salesCreditMemo", ref: "INV-26033"))
        #expect(link33.erpNumber == memo["number"]?.stringValue)
        let comments = try await company.st.list("comment", plural: "comments", filters: [("entityType", "invoice"), ("entityId", "33")])
        #expect(comments.contains { $0["content"]?.stringValue?.contains(link33.erpNumber ?? "?") == true })
        let stInvoice = try #require(try await company.st.get("invoice", id: "33"))
        #expect(stInvoice["status"]?.stringValue == "void", "ServiceTrade is not told anything but a comment")

        // Replay: the same cycle, then again from an empty void cursor: nothing changes in the ERP.
        let before = try await company.creditMemoCounts()
        let again = try await engine.runOnce()
        #expect(again.counts("invoice.void").received == 0 && again.counts("invoice.void").posted == 0)
        try company.store.write { db in try db.execute(sql: "DELETE FROM cursors WHERE entity = 'invoice.void'") }
        let replay = try await engine.runOnce()
        #expect(replay.counts("invoice.void").received == 0 && replay.counts("invoice.void").posted == 0)
        #expect(try await company.creditMemoCounts() == before)
        #expect(try company.ignoredVoids() == ["99", "100"], "the ignored voids are not noted twice")
        #expect(try company.store.read { db in try AuditVerifier.verify(db) }.isIntact)
        await company.stop()
    }

    @Test("voids of invoices not yet posted: a failed one is superseded and leaves nothing; a stray draft is deleted")
    func voidsOfUnpostedInvoices() async throws {
        let company = try await SimulatedCompany()
        let engine = company.engine()
        try await engine.runOnce()
        // INV-26077 failed validation; pretend an earlier attempt left a draft under its key.
        let customer = try #require(try await company.bc.list("customers", query: ODataQuery(top: 1)).first?["number"]?.stringValue)
        _ = try await company.bc.create("salesInvoices", body: [
            "externalDocumentNumber": "INV-26077", "customerNumber": .string(customer),
            "salesInvoiceLines": [["lineType": "Account", "lineObjectNumber": "49000", "quantity": 1, "unitPrice": 10]],
        ])
        #expect(try await company.invoicesInERP()["INV-26077"] == 1)
        try await company.voidInServiceTrade(45)
        try await company.voidInServiceTrade(77)

        let run = try await engine.runOnce()
        #expect(run.counts("invoice.void").posted == 2)
        let inERP = try await company.invoicesInERP()
        #expect(inERP["INV-26077"] == nil, "the stray draft is deleted")
        #expect(inERP["INV-26045"] == nil)
        let states = try company.store.read { db in
            try Row.fetchAll(db, sql: "SELECT source_ref, flow, state FROM work_items WHERE source_ref IN ('INV-26045', 'INV-26077') ORDER BY id")
                .map { "\($0["source_ref"] as String) \($0["flow"] as String) \($0["state"] as String)" }
        }
        #expect(states == ["INV-26045 invoice.post superseded", "INV-26077 invoice.post superseded",
                           "INV-26045 invoice.void posted", "INV-26077 invoice.void posted"])
        #expect(try company.voidOutcomes() == ["INV-26045": "nothing_in_erp", "INV-26077": "draft_deleted"])
        #expect(try company.store.read { db in try Link.fetchCount(db) } > 0)
        #expect(try company.link(kind: "salesCreditMemo", ref: "INV-26077") == nil)
        await company.stop()
    }

    @Test("a void finds the invoice's posting in doubt: posted → adopted and reversed; draft → deleted, posting superseded")
    func voidResolvesPostingInDoubt() async throws {
        let company = try await SimulatedCompany()
        try await company.engine().runOnce()
        // INV-26022 posted, but as if the answer was lost: no link, its item still in `posting`.
        // INV-26077 (failed validation) as if an attempt had left a draft and the item in `posting`.
        let customer = try #require(try await company.bc.list("customers", query: ODataQuery(top: 1)).first?["number"]?.stringValue)
        _ = try await company.bc.create("salesInvoices", body: [
            "externalDocumentNumber": "INV-26077", "customerNumber": .string(customer),
            "salesInvoiceLines": [["lineType": "Account", "lineObjectNumber": "49000", "quantity": 1, "unitPrice": 10]],
        ])
        let posted22 = try #require(try company.link(kind: "salesInvoice", ref: "INV-26022"))
        try company.store.write { db in
            try db.execute(sql: """
                DELETE FROM invoice_payments WHERE link_id IN (SELECT id FROM links WHERE kind = 'salesInvoice' AND source_ref = 'INV-26022')
                """)
            try db.execute(sql: "DELETE FROM links WHERE kind = 'salesInvoice' AND source_ref = 'INV-26022'")
            try db.execute(sql: "UPDATE work_items SET state = 'posting' WHERE flow = 'invoice.post' AND source_ref IN ('INV-26022', 'INV-26077')")
        }
        try await company.voidInServiceTrade(22)
        try await company.voidInServiceTrade(77)
        // The void flow alone (the posting flow would otherwise settle the items first).
        let counts = try await InvoiceVoidFlow().run(try company.cycle())
        #expect(counts.received == 2 && counts.posted == 2)

        let states = try company.store.read { db in
            try Row.fetchAll(db, sql: "SELECT source_ref, state FROM work_items WHERE flow = 'invoice.post' AND source_ref IN ('INV-26022', 'INV-26077')")
                .reduce(into: [String: String]()) { $0[$1["source_ref"]] = $1["state"] }
        }
        #expect(states == ["INV-26022": "posted", "INV-26077": "superseded"])
        #expect(try company.link(kind: "salesInvoice", ref: "INV-26022")?.erpId == posted22.erpId, "the posted invoice is linked again")
        #expect(try await company.bcDocument("salesInvoices", posted22.erpId)["status"]?.stringValue == "Canceled")
        #expect(try await company.invoicesInERP()["INV-26077"] == nil)
        #expect(try company.voidOutcomes() == ["INV-26022": "canceled", "INV-26077": "draft_deleted"])
        await company.stop()
    }

    @Test("under faults (5xx, 429, timeouts, dropped answers after commit) voids still end exactly once")
    func voidsUnderFaults() async throws {
        let company = try await SimulatedCompany(requestTimeout: .seconds(3))
        let engine = company.engine()
        try await engine.runOnce()
        let inv21 = try #require(try company.link(kind: "salesInvoice", ref: "INV-26021"))
        let inv33 = try #require(try company.link(kind: "salesInvoice", ref: "INV-26033"))
        try await company.payInBC(invoiceID: inv33.erpId, amount: 50)
        try await company.setFaults("bc:5xx=0.10,429=0.05,timeout=0.02,drop-after-commit=0.02")
        for id in [21, 33, 45] { try await company.voidInServiceTrade(id) }

        var cycles = 0
        while cycles < 40 {
            cycles += 1
            _ = try? await engine.runOnce()
            let open = try company.store.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM work_items WHERE flow = 'invoice.void' AND state != 'posted'") ?? 0
            }
            let made = try company.store.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM work_items WHERE flow = 'invoice.void'") ?? 0
            }
            if made == 3 && open == 0 { break }
        }
        try await company.setFaults("")
        #expect(try company.store.read { db in
            try String.fetchAll(db, sql: "SELECT state FROM work_items WHERE flow = 'invoice.void'")
        } == ["posted", "posted", "posted"])
        #expect(try await company.bcDocument("salesInvoices", inv21.erpId)["status"]?.stringValue == "Canceled")
        #expect(try await company.creditMemos(appliedTo: inv21.erpId).count == 1)
        #expect(try await company.creditMemos(key: "VOID-INV-26033").count == 1)
        #expect(try await company.bcDocument("salesInvoices", inv33.erpId)["remainingAmount"]?.decimalValue == 0)
        #expect(try await company.creditMemoCounts().values.allSatisfy { $0 == 1 } , "no credit memo twice")
        #expect(try await company.invoicesInERP()["INV-26045"] == nil)
        await company.stop()
    }

    @Test("a ServiceTrade credit memo (negative invoice) posts as a Business Central sales credit memo with mapped accounts and tax")
    func serviceTradeCreditMemo() async throws {
        let company = try await SimulatedCompany()
        let engine = company.engine()
        try await engine.runOnce()
        for id in ["201", "202"] { _ = try await company.st.update("invoice", id: id, ["status": "pending_accounting"]) }
        let run = try await engine.runOnce()
        #expect(run.counts("invoice.post").received == 2, "one intake for invoices and credit memos")
        #expect(run.counts("creditmemo.post").posted == 2)
        #expect(run.counts("invoice.post").posted == 0)

        let link = try #require(try company.link(kind: "salesCreditMemo", ref: "INV-26201"))
        let memo = try await company.bcDocument("salesCreditMemos", link.erpId)
        #expect(memo["externalDocumentNumber"]?.stringValue == "INV-26201")
        #expect(memo["status"]?.stringValue == "Open")
        #expect(memo["number"]?.stringValue == link.erpNumber)
        #expect(memo["totalAmountExcludingTax"]?.decimalValue == Decimal(string: "191.50"))
        #expect(memo["customerNumber"]?.stringValue == "C10018")
        let lines = try await company.bc.list("salesCreditMemos(\(link.erpId))/salesCreditMemoLines")
        #expect(lines.map(Self.lineShape) == ["43100 1.5 95 LABOR", "43200 2 24.5 MATERIAL"])
        #expect(try await company.invoicesInERP()["INV-26201"] == nil, "not as an invoice")
        let st = try #require(try await company.st.get("invoice", id: "201"))
        #expect(st["status"]?.stringValue == "processed")
        #expect(try await company.creditMemos(key: "INV-26202").count == 1)

        let second = try await engine.runOnce()
        #expect(second.counts("creditmemo.post").posted == 0)
        #expect(try await company.creditMemos(key: "INV-26201").count == 1)
        await company.stop()
    }

    @Test("one plan type builds either document: a credit memo gets its own names, invoiceId and positive lines")
    func creditMemoPlan() throws {
        let credit = InvoicePlan.Line(account: "43100", taxGroup: "LABOR", dimensions: [("DEPARTMENT", "HVAC")], glRuleID: 1,
                                      quantity: Decimal(string: "1.5")!, unitPrice: -95, description: "Credit: labor")
        let returned = InvoicePlan.Line(account: "43200", taxGroup: "MATERIAL", dimensions: [], glRuleID: 2,
                                        quantity: -2, unitPrice: Decimal(string: "24.5")!, description: "Returned parts")
        let charge = InvoicePlan.Line(account: "43300", taxGroup: nil, dimensions: [], glRuleID: 3,
                                      quantity: 1, unitPrice: 10, description: "Restocking fee")
        #expect(InvoiceValidator.turnedAround(credit).unitPrice == 95 && InvoiceValidator.turnedAround(credit).quantity == Decimal(string: "1.5"))
        #expect(InvoiceValidator.turnedAround(returned).quantity == 2 && InvoiceValidator.turnedAround(returned).unitPrice == Decimal(string: "24.5"))
        #expect(InvoiceValidator.turnedAround(charge).quantity == -1, "a charge inside a credit stays a charge")

        var plan = InvoicePlan(naturalKey: "VOID-INV-26021", customerNumber: "C10016", paymentTermsID: nil, headerDimensions: [],
                               lines: [credit], documentDate: Date(timeIntervalSince1970: 1_795_017_600), dueDate: nil,
                               customerPO: "PO-1", sourceTotal: 0)
        let invoiceBody = plan.body
        #expect(invoiceBody["invoiceDate"]?.stringValue == "2026-11-18")
        #expect(invoiceBody["customerPurchaseOrderReference"]?.stringValue == "PO-1")
        #expect(invoiceBody["salesInvoiceLines"]?.arrayValue?.count == 1)
        plan.document = .salesCreditMemo
        plan.appliesToInvoiceID = "0b7f7d7e-0000-4000-8000-000000000021"
        let memoBody = plan.body
        #expect(memoBody["creditMemoDate"]?.stringValue == "2026-11-18" && memoBody["invoiceDate"] == nil)
        #expect(memoBody["customerPurchaseOrderReference"] == nil, "not a writable credit memo field")
        #expect(memoBody["invoiceId"]?.stringValue == "0b7f7d7e-0000-4000-8000-000000000021")
        #expect(memoBody["salesCreditMemoLines"]?.arrayValue?.count == 1 && memoBody["salesInvoiceLines"] == nil)
        #expect(plan.document.entitySet == "salesCreditMemos" && plan.document.linkKind == "salesCreditMemo")
        #expect(InvoiceVoidProcessor.naturalKey(forInvoiceNumber: "inv-26021") == "VOID-INV-26021")
    }

    /// `account quantity unitPrice taxCode` of a document line.
    static func lineShape(_ line: JSONObject) -> String {
        [line["lineObjectNumber"]?.stringValue ?? "-", line["quantity"]?.decimalValue.map { "\($0)" } ?? "-",
         line["unitPrice"]?.decimalValue.map { "\($0)" } ?? "-", line["taxCode"]?.stringValue ?? "-"].joined(separator: " ")
    }
}

extension SimulatedCompany {
    /// One cycle's shared context, to run a single flow.
    func cycle() throws -> SyncCycle {
        let engine = engine()
        return SyncCycle(store: store, bc: bc, st: st, settings: engine.settings, logger: engine.logger,
                         rules: try CycleRules(store: store), companies: CompanyDirectory(st: st))
    }

    func link(kind: String, ref: String) throws -> Link? {
        try store.read { db in
            try Link.fetchOne(db, sql: "SELECT * FROM links WHERE kind = ? AND source_ref = ?", arguments: [kind, ref])
        }
    }

    func bcDocument(_ set: String, _ id: String) async throws -> JSONObject {
        guard let document = try await bc.get("\(set)(\(id))") else {
            throw SyncFailure(code: "TEST", message: "\(set)(\(id)) does not exist")
        }
        return document
    }

    /// `PUT /invoice/{id}` `{status: void}`, as a ServiceTrade user would.
    func voidInServiceTrade(_ id: Int) async throws {
        _ = try await st.update("invoice", id: String(id), ["status": "void"])
    }

    /// Posts a customer payment of `amount` applied to a posted sales invoice, through the API.
    func payInBC(invoiceID: String, amount: Decimal) async throws {
        let journal = try #require(try await bc.list("customerPaymentJournals").first?["id"]?.stringValue)
        _ = try await bc.create("customerPaymentJournals(\(journal))/customerPayments",
                                body: ["appliesToInvoiceId": .string(invoiceID), "amount": .decimal(-amount)])
        try await bc.action("journals(\(journal))", "post")
    }

    func creditMemos(key: String) async throws -> [JSONObject] {
        try await bc.list("salesCreditMemos", query: ODataQuery(filter: ODataQuery.equals("externalDocumentNumber", key)))
    }

    func creditMemos(appliedTo invoiceID: String) async throws -> [JSONObject] {
        try await bc.list("salesCreditMemos", query: ODataQuery(filter: "invoiceId eq \(invoiceID)"))
    }

    /// Every credit memo in Business Central, counted by external document number and invoice.
    func creditMemoCounts() async throws -> [String: Int] {
        let all = try await bc.list("salesCreditMemos", query: ODataQuery(select: ["externalDocumentNumber", "invoiceId", "status"]))
        var counts: [String: Int] = [:]
        for memo in all {
            counts["\(memo["externalDocumentNumber"]?.stringValue ?? "") → \(memo["invoiceId"]?.stringValue ?? "")", default: 0] += 1
        }
        return counts
    }

    func ignoredVoids() throws -> [String] {
        try store.read { db in
            try String.fetchAll(db, sql: "SELECT subject FROM audit_events WHERE action = 'invoice.void_ignored' ORDER BY seq")
                .map { $0.replacingOccurrences(of: "servicetrade:invoice:", with: "") }
        }
    }

    /// The `outcome` each void work item recorded when it moved to posted.
    func voidOutcomes() throws -> [String: String] {
        try store.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT w.source_ref, a.details FROM work_items w JOIN audit_events a ON a.work_item_id = w.id
                WHERE w.flow = 'invoice.void' AND a.action = 'work_item.state' AND a.details LIKE '%"outcome"%'
                """)
            var out: [String: String] = [:]
            for row in rows {
                let details = (try? JSONValue(parsing: row["details"] as String))?.objectValue
                out[row["source_ref"]] = details?["outcome"]?.stringValue
            }
            return out
        }
    }
}
