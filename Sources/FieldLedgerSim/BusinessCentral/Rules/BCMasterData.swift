import FieldLedgerHTTP
import Foundation

/// Rules of the master data and setup entities (reference §2.1).
enum BCMasterData {
    static let customerBlockedValues = [" ", "Ship", "Invoice", "All"]

    static func complete(_ set: String, _ row: inout JSONObject, old: JSONObject?, changed: Set<String>,
                         _ state: BCState) throws(BCError) {
        try BCRules.checkLengths(row, changed)
        switch set {
        case "customers", "vendors":
            if set == "customers", row.string("displayName").trimmingCharacters(in: .whitespaces).isEmpty {
                throw BCError.required("displayName")
            }
            if old == nil, row.string("type").isEmpty, set == "customers" { row["type"] = "Company" }
            if set == "customers", changed.contains("type"), !["Company", "Person"].contains(row.string("type")) {
                throw BCError.wrongEnum("type", row.string("type"), ["Company", "Person"])
            }
            if row.string("blocked").isEmpty { row["blocked"] = " " }
            guard customerBlockedValues.contains(row.string("blocked")) else {
                throw BCError.wrongEnum("blocked", row.string("blocked"), customerBlockedValues)
            }
            try BCRules.reference(&row, idField: "paymentTermsId", codeField: nil, set: "paymentTerms", changed: changed,
                                  label: "Payment Terms", state)
            if set == "customers" {
                let area = try BCRules.reference(&row, idField: "taxAreaId", codeField: nil, set: "taxAreas", changed: changed,
                                                 label: "Tax Area", state)
                row["taxAreaDisplayName"] = .string(area?.string("displayName") ?? "")
            }
        case "items":
            if old == nil, changed.contains("inventory") {
                throw BCError.dialog("Inventory cannot be changed during on insert.")
            }
            if old == nil, row.string("type").isEmpty { row["type"] = "Inventory" }
            if changed.contains("type"), !["Inventory", "Service", "Non-Inventory"].contains(row.string("type")) {
                throw BCError.wrongEnum("type", row.string("type"), ["Inventory", "Service", "Non-Inventory"])
            }
            try BCRules.reference(&row, idField: "taxGroupId", codeField: "taxGroupCode", set: "taxGroups", match: "code",
                                  changed: changed, label: "Tax Group", state)
        case "employees":
            let name = [row.string("givenName"), row.string("middleName"), row.string("surname")]
                .filter { !$0.isEmpty }.joined(separator: " ")
            row["displayName"] = .string(name)
        case "contacts":
            if row.string("displayName").trimmingCharacters(in: .whitespaces).isEmpty { throw BCError.required("displayName") }
            if old == nil, row.string("type").isEmpty { row["type"] = "Company" }
        default:
            break
        }
    }

    /// Tax groups, tax areas, payment terms, payment journals: a unique, non-blank code.
    static func completeSetup(_ set: String, _ row: inout JSONObject, old: JSONObject?, changed: Set<String>,
                              _ state: BCState) throws(BCError) {
        try BCRules.checkLengths(row, changed)
        if row.string("code").isEmpty { throw BCError.required("code") }
        if old == nil || changed.contains("code") { try BCRules.checkUnique(set, field: "code", row, state) }
        if set == "taxGroups" || set == "taxAreas" { row["taxType"] = "Sales Tax" }
        if set == "customerPaymentJournals" || set == "journals" {
            try BCRules.reference(&row, idField: "balancingAccountId", codeField: "balancingAccountNumber", set: "accounts",
                                  changed: changed, label: "G/L Account", state)
        }
    }
}

extension BCError {
    static func wrongEnum(_ field: String, _ value: String, _ allowed: [String]) -> BCError {
        BCError(400, "BadRequest",
                "Cannot convert the literal '\(value)' to the expected type for '\(field)'. Allowed values: \(allowed.map { "'\($0)'" }.joined(separator: ", ")).")
    }
}
