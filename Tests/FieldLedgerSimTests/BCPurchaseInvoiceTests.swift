import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

/// Over real HTTP. Reference §2.7 "purchaseInvoices (draft + posted aggregate)", §7 "Purchases:
/// BC's purchase posting has a duplicate check on the vendor's external document number".
@Suite("BC purchaseInvoices and their post action (reference §2.7, §7)")
struct BCPurchaseInvoiceTests {
    static let vendor = "b3000000-0000-4000-8000-000000000001"

    private func invoice(_ bc: BCLive, vendorInvoiceNumber: String = "inv-77", vendorId: String = vendor) async throws -> BCHarness.Reply {
        try await bc.post("purchaseInvoices", [
            "vendorId": .string(vendorId), "vendorInvoiceNumber": .string(vendorInvoiceNumber), "invoiceDate": "2026-11-20",
            "purchaseInvoiceLines": [
                ["lineType": "Account", "accountId": "a4000000-0000-4000-8000-000000050100", "quantity": 2, "unitCost": .decimal(dec("12.5"))],
                ["lineType": "Item", "lineObjectNumber": "labor", "quantity": 1, "unitCost": 40],
            ],
        ])
    }

    @Test("§2.7 post (204) keeps the id, moves the number to the posted series, posts G/L entries; posted invoices refuse changes")
    func post() async throws {
        try await BCLive.run { bc in
            let created = try await invoice(bc)
            #expect(created.status == 201)
            #expect(created.json["number"]?.stringValue == "P-INV1001")
            #expect(created.json["vendorInvoiceNumber"]?.stringValue == "INV-77", "Code[35], stored upper-cased")
            #expect(created.json["totalAmountIncludingTax"]?.money == 65)
            #expect(created.json["dueDate"]?.stringValue != "0001-01-01", "due date from the vendor's payment terms")
            let id = created.json["id"]?.stringValue ?? ""
            #expect(try await bc.action("purchaseInvoices(\(id))/Microsoft.NAV.post").status == 204)
            let posted = try await bc.get("purchaseInvoices(\(id))")
            #expect(posted.json["status"]?.stringValue == "Open")
            #expect(posted.json["number"]?.stringValue == "PP-INV107001")
            let ledger = BCLive.rows(try await bc.get("generalLedgerEntries", [("$filter", "documentNumber eq 'PP-INV107001'")]))
            #expect(ledger.count == 2, "service item and G/L line both debit the purchase account")
            #expect(ledger.contains { $0["accountNumber"]?.stringValue == "50100" && $0["debitAmount"]?.money == 65 })
            #expect(ledger.contains { $0["accountNumber"]?.stringValue == "20100" && $0["creditAmount"]?.money == 65 })
            #expect(ledger.first?["documentType"]?.stringValue == "Invoice")

            let again = try await bc.action("purchaseInvoices(\(id))/Microsoft.NAV.post")
            #expect(again.errorMessage.contains("The action can be applied to a draft invoice only."))
            let change = try await bc.patch("purchaseInvoices(\(id))", ["vendorInvoiceNumber": "OTHER"])
            #expect(change.status == 400 && change.errorMessage.contains("has been posted"))
            let line = try await bc.post("purchaseInvoices(\(id))/purchaseInvoiceLines", ["lineType": "Account", "lineObjectNumber": "50100", "quantity": 1])
            #expect(line.status == 400)
        }
    }

    @Test("§7 'Purchase %1 %2 already exists for this vendor.': a duplicate vendorInvoiceNumber is refused on post; the natural key finds both")
    func duplicateVendorInvoiceNumber() async throws {
        try await BCLive.run { bc in
            let first = try await invoice(bc).json["id"]?.stringValue ?? ""
            #expect(try await bc.action("purchaseInvoices(\(first))/Microsoft.NAV.post").status == 204)
            let second = try await invoice(bc, vendorInvoiceNumber: "INV-77")
            #expect(second.status == 201, "the check runs on post, not on insert")
            let secondId = second.json["id"]?.stringValue ?? ""
            let refused = try await bc.action("purchaseInvoices(\(secondId))/Microsoft.NAV.post")
            #expect(refused.status == 400 && refused.errorCode == "Application_DialogException")
            #expect(refused.errorMessage.contains("Purchase Invoice INV-77 already exists for this vendor."))
            #expect(try await bc.get("purchaseInvoices(\(secondId))").json["status"]?.stringValue == "Draft")
            // A client in doubt looks its document up by vendor and vendor invoice number (§7).
            let found = BCLive.rows(try await bc.get("purchaseInvoices", [("$filter", "vendorInvoiceNumber eq 'INV-77' and vendorNumber eq 'V10000'")]))
            #expect(found.map { $0["status"]?.stringValue ?? "" }.sorted() == ["Draft", "Open"])

            let other = try await bc.post("vendors", ["displayName": "Other Supply"]).json["id"]?.stringValue ?? ""
            let otherInvoice = try await invoice(bc, vendorInvoiceNumber: "INV-77", vendorId: other).json["id"]?.stringValue ?? ""
            #expect(try await bc.action("purchaseInvoices(\(otherInvoice))/Microsoft.NAV.post").status == 204, "another vendor may use the same number")
        }
    }

    @Test("§2.7 post needs lines with a quantity and a vendor that is not blocked; line rules; dimensions from the vendor")
    func rules() async throws {
        try await BCLive.run { bc in
            let empty = try await bc.post("purchaseInvoices", ["vendorNumber": "V10000"])
            let emptyId = empty.json["id"]?.stringValue ?? ""
            #expect(try await bc.action("purchaseInvoices(\(emptyId))/Microsoft.NAV.post").errorMessage.contains("Please add at least one line item to the document."))
            _ = try await bc.post("purchaseInvoices(\(emptyId))/purchaseInvoiceLines", ["lineType": "Account", "lineObjectNumber": "50100", "unitCost": 3])
            let zero = try await bc.action("purchaseInvoices(\(emptyId))/Microsoft.NAV.post")
            #expect(zero.errorCode == "Application_FieldValidationException" && zero.errorMessage.contains("Quantity must have a value"))

            let id = try await invoice(bc, vendorInvoiceNumber: "B-1").json["id"]?.stringValue ?? ""
            #expect(BCLive.rows(try await bc.get("purchaseInvoices(\(id))/dimensionSetLines")).first?["valueCode"]?.stringValue == "INSTALL")
            _ = try await bc.patch("vendors(\(Self.vendor))", ["blocked": "All"])
            let blocked = try await bc.action("purchaseInvoices(\(id))/Microsoft.NAV.post")
            #expect(blocked.status == 400 && blocked.errorMessage.contains("blocked"))

            let heading = try await bc.post("purchaseInvoices(\(emptyId))/purchaseInvoiceLines", ["lineType": "Account", "lineObjectNumber": "40000", "quantity": 1])
            #expect(heading.errorCode == "Application_FieldValidationException")
            let both = try await bc.post("purchaseInvoices(\(emptyId))/purchaseInvoiceLines", [
                "itemId": .string(Fixtures.valveItem), "accountId": "a4000000-0000-4000-8000-000000050100", "quantity": 1,
            ])
            #expect(both.status == 400)
            let topLevel = try await bc.get("purchaseInvoiceLines")
            #expect(topLevel.errorMessage.contains("You must specify an Id or a Document Id to get the lines."))
        }
    }
}
