/// The API v2.0 entity model the simulator serves: every property of every entity with its type
/// and whether the page lets a client write it. The table itself (`BCMetadataTable.swift`) is
/// generated from the reference by `scripts/generate-bc-metadata.py`; this file gives it shape.
enum BCMetadata {
    static let bySet: [String: BCEntityDefinition] = Dictionary(
        definitions.map { ($0.set, $0) }, uniquingKeysWith: { first, _ in first })

    static func entity(_ set: String) -> BCEntityDefinition? { bySet[set] }
}

/// Property types are OData's; the name keeps BC code readable.
typealias BCFieldType = ODataPropertyType

struct BCField: Sendable {
    let name: String
    let type: BCFieldType
    /// In the page's `writableFields`.
    let writable: Bool
}

/// One entity set of the reference (plus `companies`).
struct BCEntityDefinition: Sendable {
    /// Entity set name, e.g. `salesInvoices`.
    let set: String
    /// Entity type name, e.g. `salesInvoice`; qualified as `Microsoft.NAV.salesInvoice`.
    let type: String
    let canInsert: Bool
    let canModify: Bool
    let canDelete: Bool
    /// Bound actions (`Microsoft.NAV.post` …), lowerCamelCase as the reference lists them.
    let actions: [String]
    let navigations: [String]
    /// In output order (`id` first).
    let fields: [BCField]
    let fieldsByName: [String: BCField]

    var qualifiedType: String { "Microsoft.NAV.\(type)" }

    /// Parses the generated compact spec `name:type[:r] …`.
    init(set: String, type: String, flags: String, actions: [String], navigations: [String], fields spec: String) {
        self.set = set
        self.type = type
        self.canInsert = flags.contains("I")
        self.canModify = flags.contains("M")
        self.canDelete = flags.contains("D")
        self.actions = actions
        self.navigations = navigations
        var fields: [BCField] = []
        for token in spec.split(separator: " ") {
            let parts = token.split(separator: ":")
            guard parts.count >= 2, let code = parts[1].first, let fieldType = BCFieldType(rawValue: code) else { continue }
            fields.append(BCField(name: String(parts[0]), type: fieldType, writable: parts.count < 3))
        }
        self.fields = fields
        self.fieldsByName = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func field(_ name: String) -> BCField? { fieldsByName[name] }
}
