import FieldLedgerHTTP
import Foundation
import GRDB

extension ContactSync {
    struct State: Sendable {
        var linkByContact: [String: Link]
        var linkByBC: [String: Link]
        /// Company id → its customer link.
        var customerLinks: [String: Link]
        /// Customer id → the customer as cached.
        var customers: [String: JSONObject]
        var openAmbiguous: Set<String>
        var uncoupled: [String: Set<String>]
        /// Business Central company contacts (read once per cycle, when first needed).
        var companyContacts: [JSONObject]?
        /// Company contact number → its person contacts (read once per company per cycle).
        var persons: [String: [JSONObject]] = [:]
    }

    enum Coupling { case coupled(Link, JSONObject), waiting, ambiguous, skipped }

    func loadState() throws -> State {
        try store.read { db in
            let links = try Link.fetchAll(db, sql: """
                SELECT * FROM links WHERE erp_system = 'businesscentral' AND kind = 'contact'
                  AND source_system = 'servicetrade' AND source_entity = 'contact'
                """)
            let customerLinks = try Link.fetchAll(db, sql: """
                SELECT * FROM links WHERE erp_system = 'businesscentral' AND kind = 'customer'
                  AND source_system = 'servicetrade' AND source_entity = 'company'
                """)
            var customers: [String: JSONObject] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT erp_id, data FROM reference_data WHERE erp_system = 'businesscentral' AND entity = 'customers'
                """) {
                if let json = (try? JSONValue(parsing: row["data"] as String))?.objectValue {
                    customers[(row["erp_id"] as String).lowercased()] = json
                }
            }
            var ambiguous: Set<String> = [], uncoupled: [String: Set<String>] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT status, source_id, erp_id FROM master_data_matches WHERE entity = 'contact' AND status IN ('uncoupled','ambiguous')
                """) {
                let source: String = row["source_id"]
                if (row["status"] as String) == "ambiguous" { ambiguous.insert(source); continue }
                if let erp: String = row["erp_id"] { uncoupled[source, default: []].insert(erp.lowercased()) }
            }
            return State(linkByContact: Dictionary(links.map { ($0.sourceId, $0) }, uniquingKeysWith: { a, _ in a }),
                         linkByBC: Dictionary(links.map { ($0.erpId.lowercased(), $0) }, uniquingKeysWith: { a, _ in a }),
                         customerLinks: Dictionary(customerLinks.map { ($0.sourceId, $0) }, uniquingKeysWith: { a, _ in a }),
                         customers: customers, openAmbiguous: ambiguous, uncoupled: uncoupled)
        }
    }

    /// Couples an unlinked ServiceTrade contact to its Business Central person contact (matching
    /// first, creating when nothing matches), or says why it cannot yet.
    func couple(_ contact: JSONObject, id contactID: String, state: inout State) async throws -> Coupling {
        if state.openAmbiguous.contains(contactID) { return .ambiguous }
        guard let companyID = MasterDataText.id(contact["company"]?.objectValue?["id"]),
              let customerLink = state.customerLinks[companyID],
              let customer = state.customers[customerLink.erpId.lowercased()] else { return .waiting }
        guard let companyNumber = try await companyContactNumber(of: customer, state: &state) else { return .waiting }
        if state.persons[companyNumber] == nil {
            state.persons[companyNumber] = try await bc.list("contacts", query: ODataQuery(
                filter: ODataQuery.equals("companyNumber", companyNumber) + " and " + ODataQuery.equals("type", "Person")))
        }
        let taken = Set(state.linkByBC.keys).union(state.uncoupled[contactID] ?? [])
        let free = (state.persons[companyNumber] ?? []).filter { !taken.contains($0["id"]?.stringValue?.lowercased() ?? "") }
        let name = ContactField.personName.fromServiceTrade(contact, ContactFieldContext()) ?? ""
        let sourceRef = name.isEmpty ? "contact \(contactID)" : name

        var hits: [JSONObject] = [], rule = ""
        let external = ContactField.text(contact["externalIds"]?.objectValue?["business_central"])
        if !external.isEmpty {
            hits = free.filter { ContactField.text($0["number"]).uppercased() == external.uppercased() }
            rule = "externalId"
        }
        if hits.isEmpty {
            let key = MasterDataText.normalise(name), email = ContactField.text(contact["email"]).lowercased()
            hits = free.filter {
                MasterDataText.normalise(ContactField.text($0["displayName"])) == key && ContactField.text($0["email"]).lowercased() == email
            }
            rule = "nameAndEmail"
        }
        if hits.count > 1 {
            let listed = hits.compactMap { person in person["id"]?.stringValue.map { ($0.lowercased(), person) } }
            try store.write { db in
                try MasterDataCoupling.recordAmbiguous(.contact, sourceID: contactID, sourceRef: sourceRef, candidates: listed,
                    reason: "\(hits.count) Business Central person contacts of \(companyNumber) share the name and e-mail; couple one by hand.",
                    in: db)
            }
            state.openAmbiguous.insert(contactID)
            return .ambiguous
        }
        var person = hits.first
        if person == nil {
            guard !name.isEmpty else { return .skipped }
            person = try await create(contact, name: name, companyNumber: companyNumber)
            rule = "created"
        }
        guard let person, let personID = person["id"]?.stringValue?.lowercased() else { return .skipped }
        let link = try store.write { db in
            try MasterDataCoupling.couple(.contact, sourceID: contactID, sourceRef: sourceRef, erpID: personID,
                                          erpNumber: ContactField.text(person["number"]), by: .engine, rule: rule, in: db)
        }
        state.linkByContact[contactID] = link
        state.linkByBC[personID] = link
        state.persons[companyNumber, default: []].append(person)
        return .coupled(link, person)
    }

    /// The number of the customer's company contact: the Business Central company contact with the
    /// customer's business relation and its name (the API has no customer → contact key that the
    /// standard pages expose for writing; `contactsInformation` is read-only and not everywhere).
    func companyContactNumber(of customer: JSONObject, state: inout State) async throws -> String? {
        if state.companyContacts == nil {
            state.companyContacts = try await bc.list("contacts", query: ODataQuery(filter: ODataQuery.equals("type", "Company")))
        }
        let name = MasterDataText.normalise(ContactField.text(customer["displayName"]))
        let hits = (state.companyContacts ?? []).filter {
            MasterDataText.normalise(ContactField.text($0["displayName"])) == name
                && ["", "Customer"].contains(ContactField.text($0["contactBusinessRelation"]))
        }
        guard hits.count == 1 else { return nil }
        let number = ContactField.text(hits[0]["number"])
        return number.isEmpty ? nil : number
    }

    /// POSTs the person contact under its company contact with every mapped field.
    private func create(_ contact: JSONObject, name: String, companyNumber: String) async throws -> JSONObject {
        var body: JSONObject = ["type": "Person", "companyNumber": .string(companyNumber)]
        for field in fields {
            guard let value = field.fromServiceTrade(contact, ContactFieldContext()), !value.isEmpty,
                  let write = field.toBusinessCentral(value, ContactFieldContext()) else { continue }
            body[write.0] = write.1
        }
        return try await bc.create("contacts", body: body)
    }
}
