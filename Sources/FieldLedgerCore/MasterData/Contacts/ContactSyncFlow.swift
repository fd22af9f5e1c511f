import FieldLedgerHTTP
import Foundation
import GRDB

/// ServiceTrade contacts ↔ Business Central person contacts, both ways, field by field (issue 6).
/// Runs after `customer.sync`: a contact waits for its company's customer.
struct ContactSyncFlow: SyncFlow {
    static let name = "contact.sync"
    var name: String { Self.name }
    /// Used where finance has no `field_authority` rule for a field.
    var fallback: FieldAuthority = .defaults

    func run(_ cycle: SyncCycle) async throws -> FlowCounts {
        try await MasterDataFailure.contained(flow: name, store: cycle.store) {
            try await ContactSync(store: cycle.store, bc: cycle.bc, st: cycle.st,
                                  authority: .rules(cycle.validator.resolver, fallback: fallback)).run()
        }
    }
}

/// One pass of the contact sync.
///
/// Change detection: ServiceTrade contacts by an `updatedAfter` cursor; Business Central person
/// contacts by a `lastModifiedDateTime gt` cursor. Whether a field changed is decided against the
/// base, by value (`MasterDataPair`), so re-reading a record or reading back FieldLedger's own
/// write is never a change.
///
/// Coupling a contact not linked yet: it needs its company's customer link and the customer's
/// company contact in Business Central (a person contact hangs under it by `companyNumber`); until
/// both exist the contact waits (counted `blocked`; remembered in the `contact.sync:waiting` cursor
/// row and read again once its company is coupled). Then it is
/// matched among that company's person contacts — by the contact's `business_central` external
/// id (a contact number), then by exact normalised name + e-mail — and created as a person contact
/// when nothing matches. A lost answer to that create is harmless: next cycle finds the contact by
/// name + e-mail and couples it instead of creating a second one.
struct ContactSync: Sendable {
    let store: Store
    let bc: BusinessCentralClient
    let st: ServiceTradeClient
    var authority: FieldAuthority = .defaults
    var fields: [ContactField] = ContactField.contactFields

    static let stCursor = "contact.sync:contacts"
    static let bcCursor = "contact.sync:bc-contacts"
    /// Contacts waiting for their company's customer (a JSON object, contact id → company id).
    static let waitingCursor = "contact.sync:waiting"

    func run() async throws -> FlowCounts {
        var counts = FlowCounts(flow: ContactSyncFlow.name)
        let since = try SyncCursor.position(system: "servicetrade", entity: Self.stCursor, in: store).flatMap { Int($0) }
        var contacts: [String: JSONObject] = [:]
        try await st.forEachPage("contact", plural: "contacts",
                                 filters: since.map { [("updatedAfter", String($0 - 1))] } ?? []) { page in
            for contact in page { if let id = MasterDataText.id(contact["id"]) { contacts[id] = contact } }
        }
        let bcSince = try SyncCursor.position(system: "fieldledger", entity: Self.bcCursor, in: store)
        var filter = ODataQuery.equals("type", "Person")
        if let bcSince { filter += " and lastModifiedDateTime gt \(bcSince)" }
        let changedBC = try await bc.list("contacts", query: ODataQuery(filter: filter))
        var state = try loadState()

        // Contacts that waited for their company's customer: read again once it is coupled; the
        // others keep waiting without a request.
        var waiting = try Self.waiting(in: store)
        for (contactID, companyID) in waiting where contacts[contactID] == nil {
            guard state.customerLinks[companyID] != nil else { counts.blocked += 1; continue }
            waiting[contactID] = nil
            if let contact = try await st.get("contact", id: contactID) { contacts[contactID] = contact }
        }

        var pairs: [String: (link: Link, bc: JSONObject?)] = [:]
        var allWell = true
        for (contactID, contact) in contacts.sorted(by: { $0.key.localizedStandardCompare($1.key) == .orderedAscending }) {
            waiting[contactID] = nil
            if let link = state.linkByContact[contactID] { pairs[contactID] = (link, nil); continue }
            do {
                switch try await couple(contact, id: contactID, state: &state) {
                case .coupled(let link, let person): pairs[contactID] = (link, person)
                case .waiting:
                    counts.blocked += 1
                    waiting[contactID] = MasterDataText.id(contact["company"]?.objectValue?["id"]) ?? ""
                case .ambiguous, .skipped: break
                }
            } catch {
                allWell = false
                counts.failed += 1
                MasterDataFailure.record(error, subject: "servicetrade:contact:\(contactID)", details: [:], in: store)
            }
        }
        for person in changedBC {
            guard let id = person["id"]?.stringValue?.lowercased(), let link = state.linkByBC[id] else { continue }
            pairs[link.sourceId] = (link, person)
        }

        for (contactID, pair) in pairs.sorted(by: { $0.key < $1.key }) {
            do {
                var contact = contacts[contactID]
                if contact == nil { contact = try await st.get("contact", id: contactID) }
                var person = pair.bc
                if person == nil { person = try await bc.get("contacts(\(pair.link.erpId))") }
                guard let contact, let person else { continue }
                if try await reconcile(pair.link, contact: contact, person: person) { counts.posted += 1 }
            } catch {
                allWell = false
                counts.failed += 1
                MasterDataFailure.record(error, subject: "servicetrade:contact:\(contactID)",
                                         details: ["bcContact": .string(pair.link.erpNumber ?? pair.link.erpId)], in: store)
            }
        }
        counts.received = counts.posted + counts.failed + counts.blocked
        let stNewest = contacts.values.compactMap { $0["updated"]?.intValue }.max()
        let bcNewest = changedBC.compactMap { $0["lastModifiedDateTime"]?.stringValue }.max()
        try store.write { db in
            let list = JSONObject(waiting.sorted { $0.key < $1.key }.map { (key: $0.key, value: JSONValue.string($0.value)) })
            try SyncCursor.set(system: "servicetrade", entity: Self.waitingCursor, to: JSONValue.object(list).serialized(), in: db)
            // The cursors advance only when every pair went through, so a failed one is read again.
            guard allWell else { return }
            if let stNewest, stNewest > (since ?? Int.min) {
                try SyncCursor.set(system: "servicetrade", entity: Self.stCursor, to: String(stNewest), in: db)
            }
            if let bcNewest, bcNewest > (bcSince ?? "") {
                try SyncCursor.set(system: "fieldledger", entity: Self.bcCursor, to: bcNewest, in: db)
            }
        }
        return counts
    }

    /// Waiting contacts (contact id → company id), kept as the position of a cursor row.
    static func waiting(in store: Store) throws -> [String: String] {
        guard let text = try SyncCursor.position(system: "servicetrade", entity: waitingCursor, in: store),
              let object = (try? JSONValue(parsing: text))?.objectValue else { return [:] }
        var waiting: [String: String] = [:]
        for (contactID, companyID) in object { waiting[contactID] = companyID.stringValue ?? "" }
        return waiting
    }

    /// Reconciles one coupled pair through the shared two-way machinery.
    func reconcile(_ link: Link, contact: JSONObject, person: JSONObject) async throws -> Bool {
        var pair = MasterDataPair(store: store, entity: ContactField.contactEntity, fields: fields, authority: authority,
                                  link: link, stRef: "servicetrade:contact:\(link.sourceId)",
                                  bcRef: "businesscentral:contact:\(link.erpNumber ?? link.erpId)",
                                  st: contact, bc: person, context: ContactFieldContext())
        let bc = bc, st = st
        return try await pair.reconcile(MasterDataPair.Writer(
            writeBusinessCentral: { body, current in
                try await MasterDataRemote.patch(bc, "contacts(\(link.erpId))", current: current, body: body,
                                                 what: "contact \(link.erpNumber ?? link.erpId)")
            },
            writeServiceTrade: { body, current in
                try await MasterDataRemote.update(st, "contact", id: link.sourceId, body: body, current: current)
            }))
    }
}
