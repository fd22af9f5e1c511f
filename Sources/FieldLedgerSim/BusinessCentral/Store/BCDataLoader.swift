import FieldLedgerHTTP
import Foundation

/// Why a BC data directory could not be loaded: `file: entry N: what is wrong`.
public struct BCDataError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let entry: Int?
    public let message: String

    public var description: String {
        if let entry { return "\(file): entry \(entry): \(message)" }
        return "\(file): \(message)"
    }
}

/// Loads `DIR/bc` (format in `DATA-FORMAT.md`). Every entity goes through the same rules as a
/// POST, so references are checked and derived fields (codes, display names) filled the same way.
enum BCDataLoader {
    /// Entity files in load order (referenced sets first).
    static let files = ["taxGroups", "taxAreas", "paymentTerms", "accounts", "dimensions", "dimensionValues",
                        "customers", "vendors", "items", "contacts", "employees", "projects", "defaultDimensions",
                        "customerPaymentJournals", "journals"]

    static func load(directory: URL, now: Date) throws(BCDataError) -> BCState {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BCDataError(file: directory.path, entry: nil, message: "the directory does not exist; create it with at least company.json.")
        }
        var state = BCState.empty()
        guard case .object(let company) = try read(directory, "company.json") ?? .null else {
            throw BCDataError(file: "company.json", entry: nil, message: "missing or not a JSON object; it must hold the company (id, name, displayName).")
        }
        guard let companyDefinition = BCMetadata.entity("companies") else { return state }
        var companyRow = BCValues.blankRow(companyDefinition)
        for (key, value) in company {
            guard companyDefinition.field(key) != nil else {
                throw BCDataError(file: "company.json", entry: nil, message: "unknown property '\(key)' on Microsoft.NAV.company.")
            }
            companyRow[key] = value
        }
        guard ODataLiteral.isGUID(companyRow.string("id")) else {
            throw BCDataError(file: "company.json", entry: nil, message: "'id' must be a GUID.")
        }
        companyRow["id"] = .string(companyRow.id)
        state.company = companyRow

        for set in files {
            guard let value = try read(directory, "\(set).json") else { continue }
            guard case .array(let entries) = value else {
                throw BCDataError(file: "\(set).json", entry: nil, message: "must be a JSON array of \(set) objects.")
            }
            for (index, entry) in entries.enumerated() {
                do {
                    try loadEntity(set, entry, now: now, &state)
                } catch {
                    throw BCDataError(file: "\(set).json", entry: index + 1, message: error.message)
                }
            }
        }
        try loadTaxDetails(directory, &state)
        if case .object(let series)? = try read(directory, "_numberSeries.json") {
            for (name, value) in series {
                guard let text = value.stringValue, !text.isEmpty else {
                    throw BCDataError(file: "_numberSeries.json", entry: nil, message: "'\(name)' must be a non-empty string such as \"S-INV1001\".")
                }
                state.numberSeries[name] = text
            }
        }
        try loadPostingSetup(directory, &state)
        return state
    }

    private static func read(_ directory: URL, _ name: String) throws(BCDataError) -> JSONValue? {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw BCDataError(file: name, entry: nil, message: "cannot be read; check its permissions.")
        }
        do {
            return try JSONValue(parsing: data)
        } catch {
            throw BCDataError(file: name, entry: nil, message: error.description)
        }
    }

    private static func loadEntity(_ set: String, _ entry: JSONValue, now: Date, _ state: inout BCState) throws(BCError) {
        guard case .object(let object) = entry, let definition = BCMetadata.entity(set) else {
            throw BCError.invalidBody("the entry is not a JSON object.")
        }
        var row = BCValues.blankRow(definition)
        var given = Set<String>()
        for (key, value) in object {
            if key.hasPrefix("_") { row[key] = value; continue }   // simulator-only, e.g. "_blocked"
            guard let field = definition.field(key) else { throw BCError.unknownBodyProperty(key, definition) }
            row[key] = try BCRequestBody.checked(value, field)
            given.insert(key)
        }
        guard ODataLiteral.isGUID(row.string("id")), !BCValues.isBlankGUID(row.string("id")) else {
            throw BCError.invalidBody("'id' is required and must be a GUID so that references resolve.")
        }
        guard state.row(set, row.id) == nil else { throw BCError.duplicate(definition, "id", row.id) }
        switch set {
        case "dimensionValues":
            guard state.row("dimensions", row.string("dimensionId").lowercased()) != nil else {
                throw BCError.relationNotFound("dimensionId", row.string("dimensionId"), "Dimension")
            }
        case "accounts", "dimensions":
            try BCRules.checkUnique(set, field: set == "accounts" ? "number" : "code", row, state)
        default:
            // Opening stock is data, not the insert-time change the API refuses (reference §2.1).
            if set == "items" { given.remove("inventory") }
            try BCRules.completeInsert(set, &row, given: given, now: now, &state)
        }
        if row.string("lastModifiedDateTime") == BCValues.emptyDateTime, definition.field("lastModifiedDateTime") != nil {
            row["lastModifiedDateTime"] = .string(SimTime.iso8601(now))
        }
        state.put(set, row.id, row)
    }

    private static func loadTaxDetails(_ directory: URL, _ state: inout BCState) throws(BCDataError) {
        guard let value = try read(directory, "_taxDetails.json") else { return }
        guard case .array(let entries) = value else {
            throw BCDataError(file: "_taxDetails.json", entry: nil, message: "must be an array of {\"taxAreaCode\",\"taxGroupCode\",\"taxPercent\"}.")
        }
        for (index, entry) in entries.enumerated() {
            guard let area = entry["taxAreaCode"]?.stringValue?.uppercased(), let group = entry["taxGroupCode"]?.stringValue?.uppercased(),
                  let percent = entry["taxPercent"]?.decimalValue else {
                throw BCDataError(file: "_taxDetails.json", entry: index + 1,
                                  message: "needs taxAreaCode and taxGroupCode (strings) and taxPercent (a number).")
            }
            guard state.first("taxAreas", where: "code", is: area) != nil else {
                throw BCDataError(file: "_taxDetails.json", entry: index + 1, message: "tax area '\(area)' is not in taxAreas.json.")
            }
            guard state.first("taxGroups", where: "code", is: group) != nil else {
                throw BCDataError(file: "_taxDetails.json", entry: index + 1, message: "tax group '\(group)' is not in taxGroups.json.")
            }
            guard percent >= 0, percent <= 100 else {
                throw BCDataError(file: "_taxDetails.json", entry: index + 1, message: "taxPercent \(percent) must be between 0 and 100.")
            }
            state.taxRates["\(area)|\(group)", default: 0] += percent
        }
    }

    private static func loadPostingSetup(_ directory: URL, _ state: inout BCState) throws(BCDataError) {
        guard let value = try read(directory, "_postingSetup.json") else { return }
        guard case .object(let object) = value else {
            throw BCDataError(file: "_postingSetup.json", entry: nil, message: "must be an object of account numbers.")
        }
        let keys: [String: WritableKeyPath<BCPostingSetup, String>] = [
            "receivablesAccount": \.receivablesAccount, "salesAccount": \.salesAccount, "salesTaxAccount": \.salesTaxAccount,
            "inventoryAccount": \.inventoryAccount, "inventoryAdjustmentAccount": \.inventoryAdjustmentAccount,
            "cashAccount": \.cashAccount, "payablesAccount": \.payablesAccount, "purchaseAccount": \.purchaseAccount,
        ]
        for (key, value) in object {
            if key == "extDocNoMandatory" {
                guard let flag = value.boolValue else {
                    throw BCDataError(file: "_postingSetup.json", entry: nil, message: "'extDocNoMandatory' must be true or false.")
                }
                state.postingSetup.extDocNoMandatory = flag
                continue
            }
            guard let path = keys[key] else {
                throw BCDataError(file: "_postingSetup.json", entry: nil, message: "unknown key '\(key)'; known: \((keys.keys + ["extDocNoMandatory"]).sorted().joined(separator: ", ")).")
            }
            guard let number = value.stringValue, state.first("accounts", where: "number", is: number) != nil else {
                throw BCDataError(file: "_postingSetup.json", entry: nil, message: "'\(key)' must name an account number in accounts.json.")
            }
            state.postingSetup[keyPath: path] = number
        }
    }
}
