import FieldLedgerHTTP
import Foundation

/// Writes `generalLedgerEntries` for postings (read-only through the API, reference §2.6).
/// The accounts come from the simulator-only posting setup (`_postingSetup.json`).
enum BCLedger {
    struct Line {
        var accountNumber: String
        /// Positive = debit, negative = credit.
        var amount: Decimal
        var description: String
    }

    static func post(_ lines: [Line], documentType: String, documentNumber: String, postingDate: String,
                     now: Date, _ state: inout BCState) {
        guard let definition = BCMetadata.entity("generalLedgerEntries") else { return }
        for line in lines where line.amount != 0 {
            var row = BCValues.blankRow(definition)
            row["id"] = .string(BCValues.newGUID())
            row["entryNumber"] = .int(state.nextEntryNumber)
            state.nextEntryNumber += 1
            row["postingDate"] = .string(postingDate)
            row["documentNumber"] = .string(documentNumber)
            row["documentType"] = .string(documentType)
            row["accountNumber"] = .string(line.accountNumber)
            row["accountId"] = .string(state.first("accounts", where: "number", is: line.accountNumber)?.id ?? BCValues.emptyGUID)
            row["description"] = .string(String(line.description.prefix(100)))
            row["debitAmount"] = .decimal(line.amount > 0 ? line.amount : 0)
            row["creditAmount"] = .decimal(line.amount < 0 ? -line.amount : 0)
            row["lastModifiedDateTime"] = .string(SimTime.iso8601(now))
            state.put("generalLedgerEntries", row.id, row)
        }
    }

    /// The G/L lines of a sales document: receivables against revenue per line and sales tax.
    /// `sign` is +1 for an invoice and −1 for a credit memo (or a cancellation).
    static func salesDocumentLines(_ header: JSONObject, _ lines: [JSONObject], sign: Decimal,
                                   _ state: BCState) -> [Line] {
        let setup = state.postingSetup
        let description = "\(header.string("customerName")) \(header.string("number"))"
        var result = [Line(accountNumber: setup.receivablesAccount, amount: sign * header.decimal("totalAmountIncludingTax"),
                           description: description)]
        var revenue: [(String, Decimal)] = []
        for line in lines where line.string("lineType") != "Comment" {
            let account = line.string("lineType") == "Account" ? line.string("lineObjectNumber") : setup.salesAccount
            if let index = revenue.firstIndex(where: { $0.0 == account }) {
                revenue[index].1 += line.decimal("amountExcludingTax")
            } else {
                revenue.append((account, line.decimal("amountExcludingTax")))
            }
        }
        result += revenue.map { Line(accountNumber: $0.0, amount: -sign * $0.1, description: description) }
        result.append(Line(accountNumber: setup.salesTaxAccount, amount: -sign * header.decimal("totalTaxAmount"),
                           description: description))
        return result
    }
}
