import GRDB

/// A source record coupled to its ERP counterpart (ServiceTrade invoice ↔ Business Central sales
/// invoice id and number). A row of `links`.
public struct Link: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "links"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var erpSystem: String
    public var kind: String
    public var sourceSystem: String
    public var sourceEntity: String
    public var sourceId: String
    public var sourceRef: String?
    public var erpId: String
    public var erpNumber: String?
    public var workItemId: Int64?
    public var createdAt: String
    public var updatedAt: String

    public init(erpSystem: String, kind: String, sourceSystem: String, sourceEntity: String, sourceId: String, sourceRef: String?,
                erpId: String, erpNumber: String?, workItemId: Int64?, at: String = Timestamp.now()) {
        self.erpSystem = erpSystem
        self.kind = kind
        self.sourceSystem = sourceSystem
        self.sourceEntity = sourceEntity
        self.sourceId = sourceId
        self.sourceRef = sourceRef
        self.erpId = erpId.lowercased()
        self.erpNumber = erpNumber
        self.workItemId = workItemId
        self.createdAt = at
        self.updatedAt = at
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
