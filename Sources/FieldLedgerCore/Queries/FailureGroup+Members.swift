import GRDB

extension FailureGroup {
    /// Every work item id of the group (not only the sample in `items`), oldest first: what
    /// "retry the whole group" acts on.
    public static func memberIDs(code: String, object: String?, state: WorkItemState, in db: Database) throws -> [Int64] {
        try Int64.fetchAll(db, sql: """
            SELECT id FROM work_items
            WHERE state = ? AND COALESCE(error_code, 'UNKNOWN') = ? AND error_object IS ? ORDER BY id
            """, arguments: [state.rawValue, code, object])
    }
}
