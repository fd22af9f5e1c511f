import FieldLedgerHTTP
import GRDB

/// A source record that matched several Business Central records on first sync and waits for a
/// person — a ServiceTrade company and its customers (`fieldledger couple ST-REF BC-REF`), or a
/// ServiceTrade contact and its company's person contacts. A row of `master_data_matches`.
public struct AmbiguousMatch: Sendable, Equatable {
    /// The source record's id (a company id for `customer`, a contact id for `contact`).
    public var companyID: String
    public var sourceRef: String?
    /// The candidate customers' numbers.
    public var candidates: [String]
    public var reason: String
    public var createdAt: String
    /// `customer` or `contact`: what kind of record is to be coupled.
    public var entity: String = "customer"

    /// The open ones, oldest first.
    public static func open(_ store: Store, limit: Int = 500) throws -> [AmbiguousMatch] {
        try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT source_id, source_ref, candidates, reason, created_at, entity FROM master_data_matches
                WHERE status = 'ambiguous' ORDER BY id LIMIT ?
                """, arguments: [max(1, limit)]).map { row in
                let list = (try? JSONValue(parsing: row["candidates"] as String))?.arrayValue ?? []
                return AmbiguousMatch(companyID: row["source_id"], sourceRef: row["source_ref"],
                                      candidates: list.compactMap { $0["number"]?.stringValue }, reason: row["reason"],
                                      createdAt: row["created_at"], entity: row["entity"])
            }
        }
    }
}
