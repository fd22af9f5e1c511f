import FieldLedgerHTTP
import Foundation
import GRDB

extension CommandContext {
    /// `fieldledger couple contact:34 CT10042`: settles an ambiguous contact match by hand
    /// (operator role, audited), choosing one of the candidates the engine reported — by its
    /// contact number or id. Business Central contacts are not cached, so the choice is made among
    /// the recorded candidates; the next sync cycle brings the fields into agreement.
    @discardableResult
    public func coupleContact(contact contactRef: String, person personRef: String) throws -> Link {
        try require(.operator, to: "couple \(contactRef) with \(personRef)")
        let contactID = try Self.contactID(contactRef)
        return try store.write { db in
            if let existing = try Link.fetchOne(db, sql: """
                SELECT * FROM links WHERE erp_system = 'businesscentral' AND kind = 'contact' AND source_system = 'servicetrade'
                  AND source_entity = 'contact' AND source_id = ?
                """, arguments: [contactID]) {
                throw MasterDataError(code: .contactAlreadyCoupled(contact: contactID, person: existing.erpNumber ?? existing.erpId))
            }
            guard let row = try Row.fetchOne(db, sql: """
                SELECT source_ref, candidates FROM master_data_matches
                WHERE entity = 'contact' AND source_id = ? AND status = 'ambiguous' ORDER BY id DESC LIMIT 1
                """, arguments: [contactID]) else { throw MasterDataError(code: .noOpenContactMatch(contactID)) }
            let candidates = (try? JSONValue(parsing: row["candidates"] as String))?.arrayValue ?? []
            guard let chosen = candidates.first(where: {
                MasterDataText.text($0["number"]).uppercased() == personRef.uppercased()
                    || MasterDataText.text($0["id"]).lowercased() == personRef.lowercased()
            }), let id = chosen["id"]?.stringValue else {
                throw MasterDataError(code: .notACandidate(contact: contactID, person: personRef,
                                                           candidates: candidates.map { MasterDataText.text($0["number"]) }))
            }
            return try MasterDataCoupling.couple(.contact, sourceID: contactID, sourceRef: row["source_ref"], erpID: id,
                                                 erpNumber: MasterDataText.text(chosen["number"]), by: user, rule: "manual", in: db)
        }
    }

    /// `contact:34`, `servicetrade:contact:34` → `34`.
    static func contactID(_ ref: String) throws -> String {
        var parts = ref.split(separator: ":").map(String.init)
        if parts.first == "servicetrade" { parts.removeFirst() }
        guard parts.count == 2, parts[0] == "contact", let id = Int(parts[1]), id > 0 else {
            throw MasterDataError(code: .unknownContactReference(ref))
        }
        return String(id)
    }

    /// Whether a `couple` argument names a ServiceTrade contact rather than a company.
    public static func isContactReference(_ ref: String) -> Bool {
        ref.hasPrefix("contact:") || ref.hasPrefix("servicetrade:contact:")
    }
}
