import FieldLedgerHTTP
import Foundation

/// `PATCH items({id})` with `inventory` posts a Positive or Negative Adjmt. for the difference,
/// dated today, Document No. = the item number, no location (reference §2.1), with its G/L entries.
enum BCInventory {
    static func adjust(_ item: inout JSONObject, old: JSONObject, now: Date, _ state: inout BCState) throws(BCError) {
        let difference = item.decimal("inventory") - old.decimal("inventory")
        guard difference != 0 else { return }
        guard item.string("type") == "Inventory" else {
            throw BCError.fieldValidation("Type must be equal to 'Inventory' in Item: No.=\(item.string("number")). Current value is '\(item.string("type"))'.")
        }
        guard let definition = BCMetadata.entity("itemLedgerEntries") else { return }
        let day = SimTime.day(now)
        let cost = BCValues.round2(difference * item.decimal("unitCost"))
        var entry = BCValues.blankRow(definition)
        entry["id"] = .string(BCValues.newGUID())
        entry["entryNumber"] = .int(state.nextItemEntryNumber)
        state.nextItemEntryNumber += 1
        entry["itemNumber"] = .string(item.string("number"))
        entry["postingDate"] = .string(day)
        entry["entryType"] = .string(difference > 0 ? "Positive Adjmt." : "Negative Adjmt.")
        entry["documentNumber"] = .string(item.string("number"))
        entry["documentType"] = " "
        entry["description"] = .string(item.string("displayName"))
        entry["quantity"] = .decimal(difference)
        entry["costAmountActual"] = .decimal(cost)
        entry["lastModifiedDateTime"] = .string(SimTime.iso8601(now))
        state.put("itemLedgerEntries", entry.id, entry)
        let setup = state.postingSetup
        BCLedger.post([BCLedger.Line(accountNumber: setup.inventoryAccount, amount: cost, description: item.string("displayName")),
                       BCLedger.Line(accountNumber: setup.inventoryAdjustmentAccount, amount: -cost, description: item.string("displayName"))],
                      documentType: " ", documentNumber: item.string("number"), postingDate: day, now: now, &state)
    }
}
