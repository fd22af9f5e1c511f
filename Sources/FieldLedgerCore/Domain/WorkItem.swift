import GRDB

/// One version of one source record in one flow (ServiceTrade invoice 1234 → a Business Central
/// sales invoice). A row of `work_items`.
public struct WorkItem: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "work_items"

    /// Column names spelled out: the engine writes a work item several times per invoice, and
    /// GRDB's snake-case strategies convert every key on every write (measured: 4% of the engine).
    enum CodingKeys: String, CodingKey {
        case id, flow, state, attempts, payload
        case sourceSystem = "source_system", sourceEntity = "source_entity", sourceId = "source_id"
        case sourceRef = "source_ref", sourceVersion = "source_version", inboxId = "inbox_id"
        case naturalKey = "natural_key", nextAttemptAt = "next_attempt_at"
        case errorCode = "error_code", errorObject = "error_object", errorMessage = "error_message"
        case errorRemedy = "error_remedy", blockedBy = "blocked_by", supersededBy = "superseded_by"
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    public var id: Int64?
    public var flow: String
    public var sourceSystem: String
    public var sourceEntity: String
    public var sourceId: String
    public var sourceRef: String?
    public var sourceVersion: String?
    public var inboxId: Int64?
    public var naturalKey: String?
    public var state: WorkItemState
    public var attempts: Int
    public var nextAttemptAt: String?
    public var errorCode: String?
    public var errorObject: String?
    public var errorMessage: String?
    public var errorRemedy: String?
    public var blockedBy: Int64?
    public var supersededBy: Int64?
    public var payload: String?
    public var createdAt: String
    public var updatedAt: String

    public init(flow: String, sourceSystem: String, sourceEntity: String, sourceId: String,
                sourceRef: String? = nil, sourceVersion: String? = nil, naturalKey: String? = nil,
                state: WorkItemState = .received, payload: String? = nil, at: String = Timestamp.now()) {
        self.flow = flow
        self.sourceSystem = sourceSystem
        self.sourceEntity = sourceEntity
        self.sourceId = sourceId
        self.sourceRef = sourceRef
        self.sourceVersion = sourceVersion
        self.naturalKey = naturalKey
        self.state = state
        self.attempts = 0
        self.payload = payload
        self.createdAt = at
        self.updatedAt = at
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// `servicetrade:invoice:1234`: the subject its audit events carry.
    public var subject: String { "\(sourceSystem):\(sourceEntity):\(sourceId)" }
}
