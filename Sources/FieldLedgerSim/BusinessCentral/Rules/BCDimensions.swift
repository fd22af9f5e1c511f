import FieldLedgerHTTP
import Foundation

/// Default dimensions and dimension set lines (reference §2.1, §2.2). Dimensions and their values
/// are read-only through the API: they come from the data directory only.
enum BCDimensions {
    static let parentTypes: [(set: String, type: String)] = [
        ("customers", "Customer"), ("vendors", "Vendor"), ("items", "Item"), ("employees", "Employee"),
    ]

    static func completeDefaultDimension(_ row: inout JSONObject, old: JSONObject?, changed: Set<String>,
                                         _ state: BCState) throws(BCError) {
        let parentId = row.string("parentId").lowercased()
        guard let parent = parentTypes.first(where: { state.row($0.set, parentId) != nil }) else {
            throw BCError.relationNotFound("parentId", parentId, "Customer, Vendor, Item or Employee")
        }
        row["parentType"] = .string(parent.type)
        let dimension = try BCRules.reference(&row, idField: "dimensionId", codeField: nil, set: "dimensions",
                                              changed: changed, label: "Dimension", state)
        guard let dimension else { throw BCError.required("dimensionId") }
        row["dimensionCode"] = .string(dimension.string("code"))
        let value = try BCRules.reference(&row, idField: "dimensionValueId", codeField: nil, set: "dimensionValues",
                                          changed: changed, label: "Dimension Value", state)
        if let value {
            try checkValue(value, of: dimension)
        }
        row["dimensionValueCode"] = .string(value?.string("code") ?? "")
        let validations = [" ", "Code Mandatory", "Same Code", "No Code"]
        if row.string("postingValidation").isEmpty { row["postingValidation"] = " " }
        guard validations.contains(row.string("postingValidation")) else {
            throw BCError.wrongEnum("postingValidation", row.string("postingValidation"), validations)
        }
        if old == nil, state.table("defaultDimensions").all.contains(where: {
            $0.string("parentId").lowercased() == parentId && $0.string("dimensionId") == row.string("dimensionId")
        }) {
            throw BCError(409, "Internal_EntityWithSameKeyExists",
                          "The Default Dimension already exists. Identification fields and values: Table ID='\(parent.type)',No.='\(parentId)',Dimension Code='\(dimension.string("code"))'")
        }
    }

    /// A dimension set line: `id`/`code` name the dimension, `valueId`/`valueCode` its value.
    static func completeSetLine(_ row: inout JSONObject, old: JSONObject?, changed: Set<String>,
                                _ state: BCState) throws(BCError) {
        if let old {
            if changed.contains("id") || changed.contains("code"),
               row.string("id") != old.string("id") || (changed.contains("code") && row.string("code").uppercased() != old.string("code")) {
                throw BCError.dialog("The dimension of a dimension set line cannot be changed. Delete the line and add a new one.")
            }
            row["id"] = old["id"]
            row["code"] = old["code"]
        } else {
            var dimensionChanged = changed
            if !BCValues.isBlankGUID(row.string("id")) { dimensionChanged.insert("id") }
            row["code"] = .string(row.string("code").uppercased())
            let dimension = try BCRules.reference(&row, idField: "id", codeField: "code", set: "dimensions", match: "code",
                                                  changed: dimensionChanged, label: "Dimension", state)
            guard dimension != nil else {
                throw BCError.dialog("You must specify a dimension id or code on a dimension set line.")
            }
        }
        guard let dimension = state.row("dimensions", row.string("id").lowercased()) else {
            throw BCError.relationNotFound("id", row.string("id"), "Dimension")
        }
        row["displayName"] = .string(dimension.string("displayName"))
        row["consolidationCode"] = .string(dimension.string("consolidationCode"))
        row["valueCode"] = .string(row.string("valueCode").uppercased())
        var valueId = row.string("valueId").lowercased()
        if !changed.contains("valueId"), changed.contains("valueCode") {
            guard let value = state.table("dimensionValues").all.first(where: {
                $0.string("dimensionId").lowercased() == dimension.id && $0.string("code") == row.string("valueCode")
            }) else {
                throw BCError.relationNotFound("valueCode", row.string("valueCode"), "Dimension Value (\(dimension.string("code")))")
            }
            valueId = value.id
        }
        guard !BCValues.isBlankGUID(valueId) else { throw BCError.dialog("You must specify a valueId or a valueCode on a dimension set line.") }
        guard let value = state.row("dimensionValues", valueId) else {
            throw BCError.relationNotFound("valueId", valueId, "Dimension Value")
        }
        try checkValue(value, of: dimension)
        if changed.contains("valueCode"), changed.contains("valueId"), value.string("code") != row.string("valueCode") {
            throw BCError.dialog("The \"valueId\" and \"valueCode\" do not match to a specific Dimension Value.")
        }
        row["valueId"] = .string(value.id)
        row["valueCode"] = .string(value.string("code"))
        row["valueDisplayName"] = .string(value.string("displayName"))
        row["valueConsolidationCode"] = .string(value.string("consolidationCode"))
        let parentId = row.string("parentId").lowercased()
        row["parentType"] = .string(parentType(of: parentId, state))
        if old == nil, state.row("dimensionSetLines", "\(parentId)|\(row.id)") != nil {
            throw BCError.dialog("The dimension set line already exists. Check existing dimension set lines and the default dimension set lines on the parent.")
        }
    }

    /// A value must belong to the dimension and not be blocked (simulator-only `_blocked`).
    static func checkValue(_ value: JSONObject, of dimension: JSONObject) throws(BCError) {
        guard value.string("dimensionId").lowercased() == dimension.id else {
            throw BCError.dialog("The dimension value \(value.string("code")) does not belong to dimension \(dimension.string("code")).")
        }
        if value.bool("_blocked") {
            throw BCError.dialog("\(dimension.string("code")) \(value.string("code")) is blocked.")
        }
    }

    static func parentType(of parentId: String, _ state: BCState) -> String {
        let types: [(String, String)] = [
            ("salesInvoices", "Sales Invoice"), ("salesInvoiceLines", "Sales Invoice Line"),
            ("salesCreditMemos", "Sales Credit Memo"), ("salesCreditMemoLines", "Sales Credit Memo Line"),
            ("customerPayments", "Journal Line"), ("journalLines", "Journal Line"),
            ("timeRegistrationEntries", "Time Registration Entry"),
            ("purchaseOrders", "Purchase Order"), ("purchaseOrderLines", "Purchase Order Line"),
            ("purchaseInvoices", "Purchase Invoice"), ("purchaseInvoiceLines", "Purchase Invoice Line"),
        ]
        return types.first { state.row($0.0, parentId) != nil }?.1 ?? " "
    }

    /// Copies the default dimensions (with a value) of `ownerId` to a new document or line.
    static func applyDefaults(of ownerId: String, to parentId: String, parentType: String, _ state: inout BCState) {
        guard let definition = BCMetadata.entity("dimensionSetLines") else { return }
        for defaultDimension in state.table("defaultDimensions").all
            where defaultDimension.string("parentId").lowercased() == ownerId
            && !BCValues.isBlankGUID(defaultDimension.string("dimensionValueId")) {
            let dimensionId = defaultDimension.string("dimensionId").lowercased()
            guard let dimension = state.row("dimensions", dimensionId),
                  let value = state.row("dimensionValues", defaultDimension.string("dimensionValueId").lowercased()),
                  state.row("dimensionSetLines", "\(parentId)|\(dimensionId)") == nil else { continue }
            var line = BCValues.blankRow(definition)
            line["id"] = .string(dimensionId)
            line["code"] = .string(dimension.string("code"))
            line["displayName"] = .string(dimension.string("displayName"))
            line["consolidationCode"] = .string(dimension.string("consolidationCode"))
            line["parentId"] = .string(parentId)
            line["parentType"] = .string(parentType)
            line["valueId"] = .string(value.id)
            line["valueCode"] = .string(value.string("code"))
            line["valueDisplayName"] = .string(value.string("displayName"))
            line["valueConsolidationCode"] = .string(value.string("consolidationCode"))
            state.put("dimensionSetLines", "\(parentId)|\(dimensionId)", line)
        }
    }

    /// The dimension set lines of a parent, for copying to posted documents and credit memos.
    static func lines(of parentId: String, _ state: BCState) -> [JSONObject] {
        state.rows("dimensionSetLines", where: "parentId", is: parentId)
    }
}
