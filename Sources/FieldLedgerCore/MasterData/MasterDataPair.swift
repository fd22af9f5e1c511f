import FieldLedgerHTTP
import Foundation
import GRDB

/// One coupled two-way pair (ServiceTrade record ↔ Business Central record) in one cycle, for any
/// entity described by a list of `TwoWayField`s: decides every field against the base by its
/// field-authority rule, writes what must change (one Business Central PATCH, one ServiceTrade
/// PUT), and records the new base, the conflicts and the audit events after each write that
/// succeeded — so a failed write is simply found again next cycle, and a value FieldLedger wrote
/// never comes back as a change (no echo). Customers and contacts both run through here.
struct MasterDataPair<Context: Sendable> {
    /// How one entity's records are written; each entity supplies its own.
    struct Writer {
        /// Called before ServiceTrade writes are built, with the fields that will be written there
        /// (customers fetch ServiceTrade's tax rates only when a tax area must be written).
        var prepareServiceTrade: (_ context: inout Context, _ fields: [String]) async throws -> Void = { _, _ in }
        /// PATCHes the Business Central record; answers the record as it is now.
        var writeBusinessCentral: (_ body: JSONObject, _ current: JSONObject) async throws -> JSONObject
        /// PUTs the ServiceTrade record; answers the record as it is now.
        var writeServiceTrade: (_ body: JSONObject, _ current: JSONObject) async throws -> JSONObject
        /// Runs in the transaction that records a Business Central write (e.g. refresh the cache).
        var afterBusinessCentralWrite: (_ record: JSONObject, _ db: Database) throws -> Void = { _, _ in }
    }

    let store: Store
    /// The entity name field-authority rules and conflicts use (`customer`, `contact`).
    let entity: String
    let fields: [TwoWayField<Context>]
    let authority: FieldAuthority
    let link: Link
    /// `servicetrade:company:5`
    let stRef: String
    /// `businesscentral:customer:C10005`
    let bcRef: String
    var st: JSONObject
    var bc: JSONObject
    var context: Context

    /// ServiceTrade's `updated` (Unix seconds) as ISO-8601 UTC.
    var stModified: String? { st["updated"]?.intValue.map { Timestamp.string(Date(timeIntervalSince1970: TimeInterval($0))) } }
    var bcModified: String? { bc["lastModifiedDateTime"]?.stringValue }

    /// Returns whether anything was written to either system.
    mutating func reconcile(_ writer: Writer) async throws -> Bool {
        let base = try MasterDataBase.load(linkID: link.id, store)
        var decided: [(field: TwoWayField<Context>, target: MasterDataSystem, value: String, conflict: MasterDataConflict?)] = []
        for field in fields {
            let stValue = field.fromServiceTrade(st, context), bcValue = field.fromBusinessCentral(bc, context)
            let decision = FieldReconciler.decide(
                st: stValue, bc: bcValue, base: base[field.name], authority: authority.authority(entity: entity, field: field.name),
                stModified: stModified.flatMap(Timestamp.date), bcModified: bcModified.flatMap(Timestamp.date))
            guard case .write(let target, let value, let rule) = decision else { continue }
            let conflict = rule.map {
                MasterDataConflict(entity: entity, linkId: link.id, stRef: stRef, bcRef: bcRef, field: field.name,
                                   stValue: stValue, bcValue: bcValue, stModified: stModified, bcModified: bcModified,
                                   rule: $0.rule, winner: $0.winner, decidedAt: Timestamp.now(), auditEventId: nil)
            }
            decided.append((field, target, value, conflict))
        }
        let stBound = decided.filter { $0.target == .servicetrade }.map(\.field.name)
        if !stBound.isEmpty { try await writer.prepareServiceTrade(&context, stBound) }

        // Each conflict is logged with the write that carries its winning value (or on its own
        // when that value cannot be written anywhere).
        var toBC: JSONObject = [:], toST: [FieldWrite] = [], stFields: [String] = []
        var conflictsBC: [MasterDataConflict] = [], conflictsST: [MasterDataConflict] = [], unwritten: [MasterDataConflict] = []
        for (field, target, value, conflict) in decided {
            if target == .servicetrade, let write = field.toServiceTrade(value, context) {
                toST.append(write)
                stFields.append(field.name)
                if let conflict { conflictsST.append(conflict) }
            } else if target == .businesscentral, let write = field.toBusinessCentral(value, context) {
                toBC[write.0] = write.1
                if let conflict { conflictsBC.append(conflict) }
            } else if let conflict {
                unwritten.append(conflict)
            }
        }
        if !toBC.isEmpty {
            bc = try await writer.writeBusinessCentral(toBC, bc)
            let settled = fields.filter { !stFields.contains($0.name) }
            try save(settled, conflicts: conflictsBC, wrote: MasterDataBase.Write(system: .businesscentral, changes: toBC)) { db in
                try writer.afterBusinessCentralWrite(bc, db)
            }
        }
        if !toST.isEmpty {
            let body = FieldWrite.body(toST, st)
            st = try await writer.writeServiceTrade(body, st)
            try save(fields, conflicts: conflictsST, wrote: MasterDataBase.Write(system: .servicetrade, changes: body))
        }
        if toBC.isEmpty && toST.isEmpty || !unwritten.isEmpty {
            try save(fields, conflicts: unwritten, wrote: nil)
        }
        return !toBC.isEmpty || !toST.isEmpty
    }

    /// Records the base of `fields` as the systems now hold them, the conflicts and the audit event.
    private func save(_ fields: [TwoWayField<Context>], conflicts: [MasterDataConflict], wrote: MasterDataBase.Write?,
                      also: (Database) throws -> Void = { _ in }) throws {
        let entries = fields.map { MasterDataBase.Entry(field: $0.name, st: $0.fromServiceTrade(st, context),
                                                        bc: $0.fromBusinessCentral(bc, context)) }
        try store.write { db in
            try also(db)
            try MasterDataBase.save(linkID: link.id, entries: entries, stModified: stModified, bcModified: bcModified,
                                    conflicts: conflicts, wrote: wrote, subject: stRef, bcRef: bcRef, in: db)
        }
    }
}

extension FieldWrite {
    /// ServiceTrade's address object and the members it accepts.
    static let serviceTradeAddress = (key: "address", members: Set(["street", "city", "state", "postalCode", "county"]))

    /// The PUT body: top-level members as they are; address members merged into the record's
    /// current address (the whole object is replaced), keeping only the members it accepts.
    static func body(_ writes: [FieldWrite], _ record: JSONObject,
                     address addressShape: (key: String, members: Set<String>) = serviceTradeAddress) -> JSONObject {
        var body: JSONObject = [:]
        var address: JSONObject = [:]
        for (key, value) in record[addressShape.key]?.objectValue ?? [:]
        where addressShape.members.contains(key) && value.stringValue != nil {
            address[key] = value
        }
        var touchedAddress = false
        for write in writes {
            switch write {
            case .member(let name, let value): body[name] = value
            case .members(let members): for (name, value) in members { body[name] = value }
            case .address(let name, let value): address[name] = .string(value); touchedAddress = true
            }
        }
        if touchedAddress { body[addressShape.key] = .object(address) }
        return body
    }
}
