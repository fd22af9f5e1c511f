import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

/// Over real HTTP. Reference §2.6 "General ledger and journals" and §7 (natural keys).
@Suite("BC journals, journalLines and generalLedgerEntries (reference §2.6)")
struct BCGeneralJournalTests {
    static let general = "b9000000-0000-4000-8000-000000000001"
    static let bank = "b9000000-0000-4000-8000-000000000002"

    private func entries(_ bc: BCLive, _ documentNumber: String) async throws -> [JSONValue] {
        BCLive.rows(try await bc.get("generalLedgerEntries", [("$filter", "documentNumber eq '\(documentNumber)'"), ("$orderby", "entryNumber")]))
    }

    @Test("§2.6 'Action Microsoft.NAV.post posts all lines of the batch and returns 204'; the lines vanish and generalLedgerEntries appear")
    func postBalancedLines() async throws {
        try await BCLive.run { bc in
            let line = try await bc.post("journals(\(Self.general))/journalLines", [
                "accountNumber": "50100", "balancingAccountNumber": "10100", "amount": .decimal(dec("125.40")),
                "documentNumber": "fsj-1", "externalDocumentNumber": "pm-bill-9", "description": "Parts bought on card",
            ])
            #expect(line.status == 201)
            #expect(line.json["journalDisplayName"]?.stringValue == "GENERAL")
            #expect(line.json["lineNumber"]?.intValue == 10_000)
            #expect(line.json["accountType"]?.stringValue == "G/L Account")
            #expect(line.json["accountId"]?.stringValue == "a4000000-0000-4000-8000-000000050100")
            #expect(line.json["documentNumber"]?.stringValue == "FSJ-1")
            // §7: a client that lost the answer finds its line by the upper-cased natural key.
            let found = try await bc.get("journals(\(Self.general))/journalLines", [("$filter", "externalDocumentNumber eq 'PM-BILL-9'")])
            #expect(BCLive.rows(found).count == 1)

            #expect(try await bc.action("journals(\(Self.general))/Microsoft.NAV.post").status == 204)
            #expect(BCLive.rows(try await bc.get("journals(\(Self.general))/journalLines")).isEmpty, "posted lines vanish")
            let ledger = try await entries(bc, "FSJ-1")
            #expect(ledger.count == 2)
            #expect(ledger.first?["accountNumber"]?.stringValue == "50100")
            #expect(ledger.first?["debitAmount"]?.money == dec("125.40"))
            #expect(ledger.last?["accountNumber"]?.stringValue == "10100")
            #expect(ledger.last?["creditAmount"]?.money == dec("125.40"))
            #expect(ledger.first?["documentType"]?.stringValue == " ")
        }
    }

    @Test("§2.6 '\"There is nothing to post.\" if empty'; lines without a balancing account must balance per document; batch balancing account")
    func postingRules() async throws {
        try await BCLive.run { bc in
            let empty = try await bc.action("journals(\(Self.general))/Microsoft.NAV.post")
            #expect(empty.status == 400 && empty.errorCode == "Application_DialogException")
            #expect(empty.errorMessage.contains("There is nothing to post."))

            _ = try await bc.post("journals(\(Self.general))/journalLines", ["accountNumber": "50100", "amount": 100, "documentNumber": "ADJ-1"])
            _ = try await bc.post("journals(\(Self.general))/journalLines", ["accountNumber": "10100", "amount": -60, "documentNumber": "ADJ-1"])
            let unbalanced = try await bc.action("journals(\(Self.general))/Microsoft.NAV.post")
            #expect(unbalanced.status == 400 && unbalanced.errorMessage.contains("out of balance by 40"))
            #expect(BCLive.rows(try await bc.get("journals(\(Self.general))/journalLines")).count == 2, "a refused post changes nothing")
            _ = try await bc.post("journals(\(Self.general))/journalLines", ["accountNumber": "22500", "amount": -40, "documentNumber": "ADJ-1"])
            #expect(try await bc.action("journals(\(Self.general))/Microsoft.NAV.post").status == 204)
            #expect(try await entries(bc, "ADJ-1").count == 3)

            let charge = try await bc.post("journals(\(Self.bank))/journalLines", ["accountNumber": "50100", "amount": 12, "documentNumber": "FEE-1"])
            #expect(charge.json["balancingAccountNumber"]?.stringValue == "10100", "the batch's balancing account")
            #expect(try await bc.action("journals(\(Self.bank))/Microsoft.NAV.post").status == 204)
            #expect(try await entries(bc, "FEE-1").map { $0["accountNumber"]?.stringValue ?? "" } == ["50100", "10100"])
        }
    }

    @Test("§2.6 journal lines: accounts must be posting accounts; customer lines post to receivables; lines need their journal")
    func lineRules() async throws {
        try await BCLive.run { bc in
            let heading = try await bc.post("journals(\(Self.general))/journalLines", ["accountNumber": "40000", "amount": 5])
            #expect(heading.status == 400 && heading.errorCode == "Application_FieldValidationException")
            let blocked = try await bc.post("journals(\(Self.general))/journalLines", ["accountId": .string(Fixtures.blockedAccount), "amount": 5])
            #expect(blocked.errorCode == "Application_FieldValidationException")
            let unknown = try await bc.post("journals(\(Self.general))/journalLines", ["accountNumber": "99999", "amount": 5])
            #expect(unknown.errorCode == "Internal_InvalidTableRelation")
            let badType = try await bc.post("journals(\(Self.general))/journalLines", ["accountType": "Fixed Asset", "amount": 5])
            #expect(badType.status == 400)
            let customer = try await bc.post("journals(\(Self.general))/journalLines", [
                "accountType": "Customer", "accountNumber": "c10000", "balancingAccountNumber": "10100", "amount": -20, "documentNumber": "CUST-1",
            ])
            #expect(customer.status == 201 && customer.json["accountNumber"]?.stringValue == "C10000")
            #expect(try await bc.action("journals(\(Self.general))/Microsoft.NAV.post").status == 204)
            #expect(try await entries(bc, "CUST-1").first?["accountNumber"]?.stringValue == "13100")

            let topLevel = try await bc.get("journalLines")
            #expect(topLevel.errorMessage.contains("You must specify a journal batch ID or a journal ID to get a journal line."))
            #expect(try await bc.get("journalLines", [("$filter", "journalId eq \(Self.general)")]).status == 200)
            let codes = BCLive.rows(try await bc.get("journals")).compactMap { $0["code"]?.stringValue }
            #expect(codes == ["GENERAL", "BANK"], "the journals list shows the general template only, not the cash receipts batch")
        }
    }

    @Test("§2.6 'generalLedgerEntries (R-only)': no POST, PATCH or DELETE")
    func ledgerIsReadOnly() async throws {
        try await BCLive.run { bc in
            _ = try await bc.post("journals(\(Self.general))/journalLines", ["accountNumber": "50100", "balancingAccountNumber": "10100", "amount": 1, "documentNumber": "RO-1"])
            _ = try await bc.action("journals(\(Self.general))/Microsoft.NAV.post")
            let id = try await entries(bc, "RO-1").first?["id"]?.stringValue ?? ""
            #expect(try await bc.post("generalLedgerEntries", ["description": "x"]).status == 405)
            #expect(try await bc.call("PATCH", "generalLedgerEntries(\(id))", ["description": "x"], headers: [("If-Match", "*")]).status == 405)
            #expect(try await bc.call("DELETE", "generalLedgerEntries(\(id))", headers: [("If-Match", "*")]).status == 405)
            let dimension = try await bc.post("generalLedgerEntries(\(id))/dimensionSetLines", ["code": "JOB", "valueCode": "JOB-1"])
            #expect(dimension.status == 400, "G/L entries are a read-only dimension parent (§2.2)")
        }
    }
}
