import FieldLedgerHTTP
import Foundation

/// What one API request addresses after its path is resolved.
enum BCTarget {
    case serviceRoot
    case metadata
    case batch
    case companies(key: String?)
    case collection(BCCollection)
    case entity(BCCollection, key: String)
    case action(BCCollection, key: String, name: String)
}

/// A collection reached by a path: an entity set, possibly through a parent's navigation.
struct BCCollection {
    let definition: BCEntityDefinition
    /// The parent entity when reached through a navigation (`salesInvoices(X)/salesInvoiceLines`).
    var parent: (set: String, key: String)?
    /// The child property that must equal the parent's id.
    var constraint: (field: String, value: String)?
    /// The path after the service root, for `@odata.context` (`companies(…)/customers`).
    var contextPath: String

    var set: String { definition.set }
}

/// One API call: the request, its service root URL and its parsed query options.
struct BCCall {
    let request: SimRequest
    /// `http://host:port/bc/v2.0/{tenant}/{env}/api/v2.0`
    let serviceRoot: String
    let query: ODataQuery
    /// The path after the service root, as sent.
    let relativePath: String
}

extension BusinessCentralAPI {
    /// `/bc/v2.0/{tenant}/{environment}/api/v2.0/…`: authenticate, resolve, dispatch.
    func route(_ request: SimRequest) throws(BCError) -> SimResponse {
        let (call, segments) = try prepare(request, authenticate: true)
        if segments.first?.name == "$batch" {
            guard request.method == "POST" else { throw BCError.methodNotAllowed(request.method, "$batch") }
            return try batch(call)
        }
        switch request.method {
        case "GET":
            var state = snapshot()
            return try execute(call, segments, &state)
        case "POST", "PATCH", "DELETE":
            if request.header("Data-Access-Intent")?.lowercased() == "readonly" {
                throw BCError(400, "BadRequest",
                              "'Data-Access-Intent: ReadOnly' is not allowed on \(request.method) requests; send it on GET only (reference §3).")
            }
            return try transaction { (state: inout BCState) throws(BCError) -> SimResponse in
                try execute(call, segments, &state)
            }
        default:
            throw BCError.methodNotAllowed(request.method, call.relativePath)
        }
    }

    /// Checks the URL shape (and the bearer token), parses query options and path segments.
    func prepare(_ request: SimRequest, authenticate: Bool) throws(BCError) -> (BCCall, [ODataSegment]) {
        // Split on UTF-8 bytes ('/' is ASCII): cheaper than Character splitting, on every call.
        let parts = request.path.utf8.split(separator: UInt8(ascii: "/"), maxSplits: 6, omittingEmptySubsequences: false)
            .map { Substring($0) }
        // "", "bc", "v2.0", tenant, environment, "api", "v2.0/…"
        guard parts.count == 7, parts[2] == "v2.0", parts[5] == "api",
              parts[6] == "v2.0" || parts[6].hasPrefix("v2.0/") else {
            throw BCError.segmentNotFound(String(request.path.dropFirst(4)))
        }
        let tenantInPath = String(parts[3])
        if authenticate, case .failure(let error) = tokens.authenticate(request, tenantInPath: tenantInPath) { throw error }
        guard parts[4] == tenant.environment else {
            throw BCError(404, "Internal_EnvironmentNotFound",
                          "The environment '\(parts[4])' does not exist in tenant \(tenant.tenantId). Use '\(tenant.environment)'.")
        }
        let relative = parts[6].dropFirst("v2.0".count).drop { $0 == "/" }
        let host = request.header("Host") ?? "127.0.0.1"
        let root = "http://\(host)/bc/v2.0/\(tenantInPath)/\(parts[4])/api/v2.0"
        do {
            let query = try ODataQuery(options: request.query)
            let segments = try ODataSegment.parse(relative)
            return (BCCall(request: request, serviceRoot: root, query: query, relativePath: String(relative)), segments)
        } catch {
            throw BCError.from(error, nil)
        }
    }

    /// Runs one prepared request against `state` (reads leave it unchanged).
    func execute(_ call: BCCall, _ segments: [ODataSegment], _ state: inout BCState) throws(BCError) -> SimResponse {
        let target = try resolve(segments, call, state)
        if call.request.method == "GET" { return try read(target, call, state) }
        return try write(target, call, &state)
    }

    /// Resolves path segments to a target against the state (parents must exist).
    func resolve(_ segments: [ODataSegment], _ call: BCCall, _ state: BCState) throws(BCError) -> BCTarget {
        guard let first = segments.first else { return .serviceRoot }
        if first.name == "$metadata" { return .metadata }
        if first.name == "$batch" { return .batch }
        var rest = segments.dropFirst()
        var contextPath: String
        if first.name == "companies" {
            guard let key = first.key else {
                guard rest.isEmpty else { throw BCError.segmentNotFound(rest.first?.name ?? "") }
                return .companies(key: nil)
            }
            try checkCompany(key, state)
            if rest.isEmpty { return .companies(key: key) }
            contextPath = "companies(\(key.lowercased()))"
        } else if let company = call.request.queryValue("company") {
            // `{base}/{entitySet}?company={id}` (reference §1.1).
            try checkCompany(company, state)
            rest = segments[...]
            contextPath = "companies(\(company.lowercased()))"
        } else {
            throw BCError.segmentNotFound(first.name)
        }
        guard let setSegment = rest.first else { throw BCError.segmentNotFound("companies") }
        guard BCMetadata.servedSets.contains(setSegment.name), let definition = BCMetadata.entity(setSegment.name) else {
            if BCMetadata.entity(setSegment.name) != nil { throw BCError.notSimulated(setSegment.name) }
            throw BCError.segmentNotFound(setSegment.name)
        }
        contextPath += "/\(setSegment.name)"
        var collection = BCCollection(definition: definition, contextPath: contextPath)
        var key = setSegment.key?.lowercased()
        for segment in rest.dropFirst() {
            guard let parentKey = key else { throw BCError.segmentNotFound(segment.name) }
            guard row(collection, parentKey, state) != nil else { throw BCError.recordNotFound(collection.definition, parentKey) }
            if segment.name.hasPrefix("Microsoft.NAV.") {
                return .action(collection, key: parentKey, name: String(segment.name.dropFirst("Microsoft.NAV.".count)))
            }
            guard let navigation = BCNavigation.find(from: collection.set, segment.name),
                  let child = BCMetadata.entity(navigation.childSet) else {
                if collection.definition.navigations.contains(segment.name) { throw BCError.notSimulated(segment.name) }
                throw BCError.segmentNotFound(segment.name)
            }
            collection = BCCollection(definition: child, parent: (collection.set, parentKey),
                                      constraint: (navigation.childField, parentKey),
                                      contextPath: collection.contextPath + "(\(parentKey))/\(segment.name)")
            key = segment.key?.lowercased()
        }
        if let key { return .entity(collection, key: key) }
        return .collection(collection)
    }

    private func checkCompany(_ key: String, _ state: BCState) throws(BCError) {
        guard key.lowercased() == state.companyId else {
            throw BCError(404, "Internal_CompanyNotFound", "The company '\(key)' does not exist. Use the id from GET …/companies.")
        }
    }

    /// The storage key of a row in its table (dimension set lines are keyed by parent and dimension).
    static func storageKey(_ set: String, id: String, parentId: String?) -> String {
        set == "dimensionSetLines" ? "\(parentId ?? "")|\(id)" : id
    }

    /// The row `key` of a collection, honouring the parent constraint.
    func row(_ collection: BCCollection, _ key: String, _ state: BCState) -> JSONObject? {
        let storage = Self.storageKey(collection.set, id: key, parentId: collection.constraint?.value)
        // `journals({id})` also finds customer payment journals (same Gen. Journal Batch table,
        // reference §2.5), which is how their payments are posted.
        let found = state.row(collection.set, storage)
            ?? (collection.set == "journals" ? state.row("customerPaymentJournals", storage) : nil)
        guard let row = found else { return nil }
        if let constraint = collection.constraint, row[constraint.field]?.stringValue?.lowercased() != constraint.value {
            return nil
        }
        return row
    }

    /// The rows of a collection, honouring the parent constraint.
    func rows(_ collection: BCCollection, _ state: BCState) -> [JSONObject] {
        guard let constraint = collection.constraint else { return state.table(collection.set).all }
        // Reference values (GUIDs) are stored lower-case, so an exact match is enough.
        return state.rows(collection.set, where: constraint.field, is: constraint.value)
    }
}

extension BCError {
    /// The one place OData parse and validation failures become BC errors.
    static func from(_ error: ODataError, _ entity: BCEntityDefinition?) -> BCError {
        switch error {
        case .unknownProperty(let name):
            if let entity { return .unknownQueryProperty(name, entity) }
            return .querySyntax("Could not find a property named '\(name)'.")
        case .syntax(let detail): return .querySyntax(detail)
        case .orAcrossFields(let fields): return .orAcrossFields(fields)
        case .incompatibleTypes(let property, let propertyType, let literal):
            return BCError(400, "BadRequest_NotFound",
                           "A binary operator with incompatible types was detected. Found operand types '\(propertyType)' and '\(literal)' for property '\(property)'.")
        case .unsupported(let detail): return BCError(400, "BadRequest_NotSupported", detail)
        }
    }
}
