import GRDB

/// A filtered, keyset-paged read of the audit trail for the console's sync log: newest first,
/// each page anchored on `seq` (the primary key), so scrolling anywhere in a million events
/// costs one index range scan, never an OFFSET.
public struct SyncLogQuery: Sendable, Equatable {
    /// `action:work_item.retry`, `state:failed`, `actor:alice` narrow by field; other words must
    /// all appear (case-insensitive) in the subject, action, actor or details.
    public var action: String?
    public var state: String?
    public var actor: String?
    public var words: [String]

    public init(action: String? = nil, state: String? = nil, actor: String? = nil, words: [String] = []) {
        self.action = action
        self.state = state
        self.actor = actor
        self.words = words
    }

    /// Parses what the operator typed after `/`.
    public init(parsing text: String) {
        self.init()
        for token in text.split(whereSeparator: { $0 == " " }).map(String.init) {
            let lower = token.lowercased()
            if lower.hasPrefix("action:"), token.count > 7 { action = String(token.dropFirst(7)) }
            else if lower.hasPrefix("state:"), token.count > 6 { state = String(token.dropFirst(6)).lowercased() }
            else if lower.hasPrefix("actor:"), token.count > 6 { actor = String(token.dropFirst(6)) }
            else { words.append(token) }
        }
    }

    public var isEmpty: Bool { action == nil && state == nil && actor == nil && words.isEmpty }

    /// Where a page starts.
    public enum Anchor: Sendable, Equatable {
        /// The newest events.
        case newest
        /// Events older than `seq` (scrolling down).
        case before(Int64)
        /// Events newer than `seq` (scrolling back up), returned newest first like every page.
        case after(Int64)
        /// The oldest events (End).
        case oldest
    }

    /// One page of at most `limit` events, newest first.
    public func page(_ anchor: Anchor, limit: Int, in db: Database) throws -> [AuditEvent] {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        switch anchor {
        case .before(let seq): conditions.append("seq < ?"); arguments.append(seq)
        case .after(let seq): conditions.append("seq > ?"); arguments.append(seq)
        case .newest, .oldest: break
        }
        if let action { conditions.append("action = ?"); arguments.append(action) }
        if let actor { conditions.append("actor = ?"); arguments.append(actor) }
        if let state {
            // details are canonical JSON (sorted keys, no spaces): a state change carries "to":"…".
            conditions.append("details LIKE ? ESCAPE '\\'")
            arguments.append("%\"to\":\"\(Self.escapeLike(state))\"%")
        }
        for word in words {
            let pattern = "%\(Self.escapeLike(word))%"
            conditions.append("(subject LIKE ? ESCAPE '\\' OR action LIKE ? ESCAPE '\\' OR actor LIKE ? ESCAPE '\\' OR details LIKE ? ESCAPE '\\')")
            arguments += [pattern, pattern, pattern, pattern]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let ascending = anchor == .oldest || { if case .after = anchor { return true }; return false }()
        let sql = "SELECT * FROM audit_events \(whereClause) ORDER BY seq \(ascending ? "ASC" : "DESC") LIMIT ?"
        arguments.append(max(1, limit))
        let events = try AuditEvent.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
        return ascending ? events.reversed() : events
    }

    private static func escapeLike(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
