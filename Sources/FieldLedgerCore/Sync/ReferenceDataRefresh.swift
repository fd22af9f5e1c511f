import FieldLedgerHTTP
import Foundation
import GRDB

/// Brings Business Central's master and setup data into `reference_data`, incrementally: each
/// entity set is read with `lastModifiedDateTime gt <cursor>` (reference §3: delta links are gone,
/// filter on the modification time instead), upserted, and its cursor advanced — all in one
/// transaction per entity set, with one audit event saying what changed.
///
/// Validation and the mapping pickers read this cache instead of asking the ERP per record.
public struct ReferenceDataRefresh: Sendable {
    /// An entity set we cache: its name, the field that holds its code, and the one that holds
    /// its display name.
    public struct EntitySet: Sendable {
        public var name: String
        public var codeField: String
        public var nameField: String
        /// How `blocked` is expressed: a bool, BC's customer blocked enum (" " = not blocked), or none.
        public var blocked: BlockedKind

        public enum BlockedKind: Sendable { case none, bool, customerEnum }
    }

    /// What validation needs (ARCHITECTURE §2.3).
    public static let standardSets: [EntitySet] = [
        EntitySet(name: "accounts", codeField: "number", nameField: "displayName", blocked: .bool),
        EntitySet(name: "dimensions", codeField: "code", nameField: "displayName", blocked: .none),
        EntitySet(name: "dimensionValues", codeField: "code", nameField: "displayName", blocked: .none),
        EntitySet(name: "taxGroups", codeField: "code", nameField: "displayName", blocked: .none),
        EntitySet(name: "taxAreas", codeField: "code", nameField: "displayName", blocked: .none),
        EntitySet(name: "paymentTerms", codeField: "code", nameField: "displayName", blocked: .none),
        EntitySet(name: "customers", codeField: "number", nameField: "displayName", blocked: .customerEnum),
        EntitySet(name: "employees", codeField: "number", nameField: "displayName", blocked: .none),
        EntitySet(name: "projects", codeField: "number", nameField: "displayName", blocked: .none),
        EntitySet(name: "vendors", codeField: "number", nameField: "displayName", blocked: .customerEnum),
        EntitySet(name: "items", codeField: "number", nameField: "displayName", blocked: .bool),
        // Business Central copies a customer's default dimensions onto every new document; the
        // engine must not send those again (reference §2.2: "already exists").
        EntitySet(name: "defaultDimensions", codeField: "dimensionCode", nameField: "parentId", blocked: .none),
    ]

    public struct Outcome: Sendable, Equatable {
        public var entitySet: String
        /// Entities new or changed since the last refresh.
        public var changed: Int
    }

    let client: BusinessCentralClient
    let store: Store
    let sets: [EntitySet]

    public init(client: BusinessCentralClient, store: Store, sets: [EntitySet] = ReferenceDataRefresh.standardSets) {
        self.client = client
        self.store = store
        self.sets = sets
    }

    /// Refreshes every set; returns how many entities changed in each.
    public func run(actor: ActingUser = .engine) async throws -> [Outcome] {
        var outcomes: [Outcome] = []
        for set in sets { outcomes.append(try await refresh(set, actor: actor)) }
        try store.write { db in _ = try RuleHealth.check(db) }  // a rule the new data invalidates is flagged once
        return outcomes
    }

    func refresh(_ set: EntitySet, actor: ActingUser) async throws -> Outcome {
        let cursor = try SyncCursor.position(system: "businesscentral", entity: set.name, in: store)
        let query = ODataQuery(filter: cursor.map { "lastModifiedDateTime gt \($0)" })
        let entities = try await client.list(set.name, query: query)
        let refreshedAt = Timestamp.now()
        try store.write { db in
            var newest = cursor
            for modified in try Self.upsert(entities, of: set, refreshedAt: refreshedAt, in: db) where modified > (newest ?? "") {
                newest = modified
            }
            if let newest, newest != cursor {
                try SyncCursor.set(system: "businesscentral", entity: set.name, to: newest, at: refreshedAt, in: db)
            }
            if !entities.isEmpty {
                try AuditLog.append(NewAuditEvent(actor: actor, action: "reference_data.refreshed",
                    subject: "businesscentral:\(set.name)",
                    details: ["entitySet": .string(set.name), "changed": .int(entities.count),
                              "since": cursor.map(JSONValue.string) ?? .null]), in: db)
            }
        }
        return Outcome(entitySet: set.name, changed: entities.count)
    }

    /// Writes entities of `set` into `reference_data` (insert or update by id); returns their
    /// `lastModifiedDateTime`s. Also used when the engine creates an entity itself (a customer),
    /// so validation sees it before the next refresh.
    @discardableResult
    static func upsert(_ entities: [JSONObject], of set: EntitySet, refreshedAt: String, in db: Database) throws -> [String] {
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO reference_data (erp_system, entity, erp_id, code, name, blocked, data, last_modified, refreshed_at)
            VALUES ('businesscentral', ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (erp_system, entity, erp_id) DO UPDATE SET
                code = excluded.code, name = excluded.name, blocked = excluded.blocked, data = excluded.data,
                last_modified = excluded.last_modified, refreshed_at = excluded.refreshed_at
            """)
        var modifiedTimes: [String] = []
        for entity in entities {
            guard let id = entity["id"]?.stringValue else { continue }
            let modified = entity["lastModifiedDateTime"]?.stringValue
            try upsert.execute(arguments: [set.name, id.lowercased(), entity[set.codeField]?.stringValue,
                                           entity[set.nameField]?.stringValue, isBlocked(entity, set.blocked),
                                           JSONValue.object(entity).serialized(), modified, refreshedAt])
            if let modified { modifiedTimes.append(modified) }
        }
        return modifiedTimes
    }

    static func isBlocked(_ entity: JSONObject, _ kind: EntitySet.BlockedKind) -> Bool {
        switch kind {
        case .none: return false
        case .bool: return entity["blocked"]?.boolValue ?? false
        case .customerEnum:
            let value = entity["blocked"]?.stringValue?.trimmingCharacters(in: .whitespaces) ?? ""
            return !value.isEmpty && value != "_x0020_"
        }
    }
}
