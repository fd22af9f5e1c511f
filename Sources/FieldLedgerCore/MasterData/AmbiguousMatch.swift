import FieldLedgerHTTP
import GRDB

/// A ServiceTrade company that matched several Business Central customers on first sync and
/// waits for a person (`fieldledger couple ST-REF BC-REF`). A row of `master_data_matches`.
public struct AmbiguousMatch: Sendable, Equatable {
    public var companyID: String
    public var sourceRef: String?
    /// The candidate customers' numbers.
    public var candidates: [String]
    public var reason: String
    public var createdAt: String

    /// The open ones, oldest first.
    public static func open(_ store: Store, limit: Int = 500) throws -> [AmbiguousMatch] {
        try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT source_id, source_ref, candidates, reason, created_at FROM master_data_matches
                WHERE status = 'ambiguous' ORDER BY id LIMIT ?
                """, arguments: [max(1, limit)]).map { row in
                let list = (try? JSONValue(parsing: row["candidates"] as String))?.arrayValue ?? []
                return AmbiguousMatch(companyID: row["source_id"], sourceRef: row["source_ref"],
                                      candidates: list.compactMap { $0["number"]?.stringValue }, reason: row["reason"],
                                      createdAt: row["created_at"])
            }
        }
    }
}
