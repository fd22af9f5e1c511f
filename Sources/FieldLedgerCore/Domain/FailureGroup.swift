import GRDB

/// Failed and blocked work items with the same cause (code + object): one fix retries them all.
public struct FailureGroup: Sendable, Equatable {
    public var code: String
    public var object: String?
    public var state: WorkItemState
    public var count: Int
    public var remedy: String?
    public var message: String?
    /// The first records of the group (id, reference), oldest first.
    public var items: [(id: Int64, ref: String)]

    public static func == (a: FailureGroup, b: FailureGroup) -> Bool {
        a.code == b.code && a.object == b.object && a.state == b.state && a.count == b.count
            && a.items.map(\.id) == b.items.map(\.id)
    }

    /// Every group, largest first. `sampleSize` bounds the records listed per group.
    public static func all(in db: Database, sampleSize: Int = 50) throws -> [FailureGroup] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT COALESCE(error_code, 'UNKNOWN') AS code, error_object, state, COUNT(*) AS n,
                   MAX(error_remedy) AS remedy, MAX(error_message) AS message
            FROM work_items WHERE state IN ('failed', 'blocked')
            GROUP BY code, error_object, state ORDER BY n DESC, code
            """)
        return try rows.map { row in
            let code: String = row["code"]
            let object: String? = row["error_object"]
            let state = WorkItemState(rawValue: row["state"]) ?? .failed
            let items = try Row.fetchAll(db, sql: """
                SELECT id, COALESCE(source_ref, source_id) FROM work_items
                WHERE state = ? AND COALESCE(error_code, 'UNKNOWN') = ? AND error_object IS ? ORDER BY id LIMIT ?
                """, arguments: [state.rawValue, code, object, sampleSize]).map { (id: $0[0] as Int64, ref: $0[1] as String) }
            return FailureGroup(code: code, object: object, state: state, count: row["n"], remedy: row["remedy"],
                                message: row["message"], items: items)
        }
    }
}
