import FieldLedgerHTTP
import Foundation
import GRDB

/// A field changed in both systems and decided by a rule: one row of `master_data_conflicts`.
/// The losing value is the one of the system that is not `winner`.
public struct MasterDataConflict: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "master_data_conflicts"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var entity: String
    public var linkId: Int64?
    /// `servicetrade:company:5`
    public var stRef: String
    /// `businesscentral:customer:C10005`
    public var bcRef: String
    public var field: String
    public var stValue: String?
    public var bcValue: String?
    public var stModified: String?
    public var bcModified: String?
    public var rule: Authority
    public var winner: MasterDataSystem
    public var decidedAt: String
    public var auditEventId: Int64?

    public var winningValue: String? { winner == .businesscentral ? bcValue : stValue }
    public var losingValue: String? { winner == .businesscentral ? stValue : bcValue }
    /// The system on the `st_*` side of the row: ServiceTrade, or PartsManager for vendors and items
    /// (read from the reference, `partsmanager:vendor:V1001`).
    public var counterpart: MasterDataSystem { stRef.hasPrefix("partsmanager:") ? .partsmanager : .servicetrade }
    public var loser: MasterDataSystem { winner == .businesscentral ? counterpart : .businesscentral }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Inserts the conflict and its `masterdata.conflict` audit event (call inside `Store.write`).
    mutating func record(in db: Database) throws {
        let event = try AuditLog.append(NewAuditEvent(actor: .engine, action: "masterdata.conflict", subject: stRef,
            details: ["entity": .string(entity), "bcRef": .string(bcRef), "field": .string(field),
                      "servicetrade": .object(["value": stValue.map(JSONValue.string) ?? .null,
                                               "modified": stModified.map(JSONValue.string) ?? .null]),
                      "businesscentral": .object(["value": bcValue.map(JSONValue.string) ?? .null,
                                                  "modified": bcModified.map(JSONValue.string) ?? .null]),
                      "rule": .string(rule.rawValue), "winner": .string(winner.rawValue)]), in: db)
        auditEventId = event.seq
        try insert(db)
    }

    /// The one-line explanation `fieldledger conflicts` prints.
    public var explanation: String {
        let why = switch rule {
        case .newest: "newest change wins (\(winner.rawValue) modified \(winner == .businesscentral ? bcModified ?? "?" : stModified ?? "?"), \(loser.rawValue) \(winner == .businesscentral ? stModified ?? "?" : bcModified ?? "?"))"
        case .servicetrade: "ServiceTrade is the system of record for this field"
        case .businesscentral: "Business Central is the system of record for this field"
        }
        return "\(winner.rawValue) won: \(why); \(loser.rawValue)'s value \"\(losingValue ?? "")\" was replaced by \"\(winningValue ?? "")\""
    }
}

extension Authority: DatabaseValueConvertible {}
extension MasterDataSystem: DatabaseValueConvertible {}

/// `fieldledger conflicts`: master-data conflicts newest first, optionally for one record (either
/// system's reference, `5`, `C10005`, or a full `servicetrade:company:5`) and one field.
public struct ConflictQuery: Sendable {
    public var record: String?
    public var field: String?
    public var limit: Int

    public init(record: String? = nil, field: String? = nil, limit: Int = 500) {
        self.record = record
        self.field = field
        self.limit = max(1, limit)
    }

    public func fetch(_ store: Store) throws -> [MasterDataConflict] {
        try store.read { db in
            var clauses: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let record {
                clauses.append("(st_ref = ? OR bc_ref = ? OR st_ref LIKE ? ESCAPE '\\' OR bc_ref LIKE ? ESCAPE '\\')")
                let suffix = "%:" + record.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
                arguments += [record, record, suffix, suffix]
            }
            if let field {
                clauses.append("field = ?")
                arguments.append(field)
            }
            let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            return try MasterDataConflict.fetchAll(db, sql: "SELECT * FROM master_data_conflicts \(whereSQL) ORDER BY id DESC LIMIT ?",
                                                   arguments: StatementArguments(arguments + [limit]))
        }
    }
}
