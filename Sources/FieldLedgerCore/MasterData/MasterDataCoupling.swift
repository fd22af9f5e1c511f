import FieldLedgerHTTP
import Foundation
import GRDB

/// Coupling records, by the engine's matcher or by a person (`fieldledger couple`), for every
/// master-data entity: one `links` row, one `masterdata.coupled` audit event naming the rule that
/// matched, and the entity's open ambiguous match (if any) marked resolved.
enum MasterDataCoupling {
    /// What a pair is: the `links.kind` (`customer`, `contact`, `vendor`, `item`), the source side
    /// (`servicetrade` `company`, `partsmanager` `vendor`, …).
    struct Kind: Sendable {
        var kind: String
        var sourceSystem = "servicetrade"
        var sourceEntity: String

        static let customer = Kind(kind: "customer", sourceEntity: "company")
        static let contact = Kind(kind: "contact", sourceEntity: "contact")

        func subject(_ sourceID: String) -> String { "\(sourceSystem):\(sourceEntity):\(sourceID)" }
        /// `bcCustomer`, `bcContact`, … the audit detail naming the Business Central record.
        var detailKey: String { "bc" + kind.prefix(1).uppercased() + kind.dropFirst() }
    }

    /// Inserts the `links` row (kind `customer` is the same row invoice posting matches on) and the
    /// `masterdata.coupled` audit event. Call inside `Store.write`.
    static func couple(_ kind: Kind, sourceID: String, sourceRef: String?, erpID: String, erpNumber: String?,
                       by actor: ActingUser, rule: String, in db: Database) throws -> Link {
        let number = erpNumber.flatMap { $0.isEmpty ? nil : $0 }
        var link = Link(erpSystem: "businesscentral", kind: kind.kind, sourceSystem: kind.sourceSystem, sourceEntity: kind.sourceEntity,
                        sourceId: sourceID, sourceRef: sourceRef, erpId: erpID, erpNumber: number, workItemId: nil)
        let subject = kind.subject(sourceID)
        try link.insert(recordingBy: actor, subject: subject, in: db)
        try AuditLog.append(NewAuditEvent(actor: actor, action: "masterdata.coupled", subject: subject,
            details: [kind.detailKey: .string(number ?? ""), "bcId": .string(erpID.lowercased()), "rule": .string(rule)]), in: db)
        try db.execute(sql: """
            UPDATE master_data_matches SET status = 'resolved', resolved_at = ?, resolved_by = ?
            WHERE entity = ? AND source_system = ? AND source_id = ? AND status = 'ambiguous'
            """, arguments: [Timestamp.now(), actor.name, kind.kind, kind.sourceSystem, sourceID])
        return link
    }

    /// A company coupled to its customer.
    static func couple(companyID: String, sourceRef: String?, customerID: String, customer: JSONObject,
                       by actor: ActingUser, rule: String, in db: Database) throws -> Link {
        try couple(.customer, sourceID: companyID, sourceRef: sourceRef, erpID: customerID,
                   erpNumber: CustomerField.text(customer["number"]), by: actor, rule: rule, in: db)
    }

    /// What a company link shows as its reference: the customer code, else the name.
    static func sourceRef(_ company: JSONObject) -> String {
        let code = CustomerField.text(company["customerCode"])
        return code.isEmpty ? CustomerField.text(company["name"]) : code
    }

    /// Records that a source record matches several Business Central records, with the
    /// candidates (`[{id, number, displayName}]`), once; audited.
    static func recordAmbiguous(_ kind: Kind, sourceID: String, sourceRef: String, candidates: [(String, JSONObject)],
                                reason: String, in db: Database) throws {
        let list = JSONValue.array(candidates.map { id, record in
            .object(["id": .string(id), "number": .string(MasterDataText.text(record["number"])),
                     "displayName": .string(MasterDataText.text(record["displayName"]))])
        })
        try db.execute(sql: """
            INSERT INTO master_data_matches (entity, status, source_system, source_id, source_ref, candidates, reason, created_at)
            VALUES (?, 'ambiguous', ?, ?, ?, ?, ?, ?)
            """, arguments: [kind.kind, kind.sourceSystem, sourceID, sourceRef, list.serialized(), reason, Timestamp.now()])
        try AuditLog.append(NewAuditEvent(actor: .engine, action: "masterdata.ambiguous_match", subject: kind.subject(sourceID),
            details: ["entity": .string(kind.kind), "candidates": list, "reason": .string(reason)]), in: db)
    }
}
