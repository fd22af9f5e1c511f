import FieldLedgerHTTP
import GRDB

/// One entry of the append-only audit trail. A row of `audit_events`.
public struct AuditEvent: Sendable, Equatable, Codable, FetchableRecord, TableRecord {
    public static let databaseTableName = "audit_events"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase

    public var seq: Int64
    public var at: String
    public var actor: String
    public var action: String
    public var subject: String?
    public var workItemId: Int64?
    /// Canonical JSON (sorted keys), exactly as hashed.
    public var details: String
    public var prevHash: String
    public var hash: String

    /// The details parsed back; an empty object if they do not parse (verification reports that).
    public var detailsJSON: JSONValue { (try? JSONValue(parsing: details)) ?? .object(JSONObject()) }
}

/// An event about to be appended.
public struct NewAuditEvent: Sendable {
    public var actor: ActingUser
    public var action: String
    public var subject: String?
    public var workItemId: Int64?
    public var details: JSONObject

    public init(actor: ActingUser, action: String, subject: String? = nil, workItemId: Int64? = nil,
                details: JSONObject = JSONObject()) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.workItemId = workItemId
        self.details = details
    }
}
