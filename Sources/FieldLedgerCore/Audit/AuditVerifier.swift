import GRDB

/// What `fieldledger audit verify` found.
public struct AuditVerification: Sendable, Equatable {
    /// Events read.
    public var count: Int
    /// The hash of the last event (the genesis value for an empty trail): record it elsewhere to
    /// be able to prove later that nothing was rewritten after this point.
    public var headHash: String
    /// The first event that does not hold, or nil when the whole chain holds.
    public var firstProblem: AuditProblem?
    public var isIntact: Bool { firstProblem == nil }
}

/// The first place the chain breaks.
public struct AuditProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The event's content no longer matches its stored hash.
        case contentChanged = "content changed"
        /// One or more events were removed.
        case eventMissing = "event missing"
        /// Events are not in the order they were written (or one was inserted).
        case orderBroken = "order broken"
    }

    public var seq: Int64
    public var kind: Kind
    public var detail: String
    public var description: String { "event \(seq): \(kind.rawValue): \(detail)" }
}

/// Walks the trail in order with a cursor (constant memory, any size) and checks every link.
public enum AuditVerifier {
    public static func verify(_ db: Database) throws -> AuditVerification {
        var count = 0
        var expectedPrev = AuditChain.genesis
        var lastSeq: Int64 = 0
        let cursor = try AuditEvent.fetchCursor(db, sql: "SELECT * FROM audit_events ORDER BY seq")
        while let event = try cursor.next() {
            count += 1
            if AuditChain.hash(of: event) != event.hash {
                return result(count, expectedPrev, AuditProblem(seq: event.seq, kind: .contentChanged,
                    detail: "its stored hash does not match its content (actor \(event.actor), action \(event.action), at \(event.at))"))
            }
            if event.prevHash != expectedPrev {
                if event.seq != lastSeq + 1 {
                    let missing = lastSeq + 1 == event.seq - 1 ? "event \(lastSeq + 1) is" : "events \(lastSeq + 1)–\(event.seq - 1) are"
                    return result(count, expectedPrev, AuditProblem(seq: event.seq, kind: .eventMissing,
                        detail: "\(missing) gone; event \(event.seq) follows event \(lastSeq)"))
                }
                let owner = try Int64.fetchOne(db, sql: "SELECT seq FROM audit_events WHERE hash = ? LIMIT 1",
                                               arguments: [event.prevHash])
                let where_ = owner.map { "it names event \($0) as its predecessor, not event \(lastSeq)" }
                    ?? "its predecessor hash matches no event (an event was inserted or replaced)"
                return result(count, expectedPrev, AuditProblem(seq: event.seq, kind: .orderBroken, detail: where_))
            }
            expectedPrev = event.hash
            lastSeq = event.seq
        }
        // AUTOINCREMENT remembers the highest number ever issued: events cut from the end show here.
        let issued = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'") ?? 0
        if issued > lastSeq {
            let missing = issued == lastSeq + 1 ? "event \(issued) is" : "events \(lastSeq + 1)–\(issued) are"
            return result(count, expectedPrev, AuditProblem(seq: lastSeq + 1, kind: .eventMissing,
                detail: "\(missing) gone from the end of the trail (the store issued up to \(issued))"))
        }
        return result(count, expectedPrev, nil)
    }

    private static func result(_ count: Int, _ head: String, _ problem: AuditProblem?) -> AuditVerification {
        AuditVerification(count: count, headHash: head, firstProblem: problem)
    }
}
