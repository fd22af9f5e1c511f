import FieldLedgerHTTP
import Foundation
import GRDB

/// How one connector looked at the last beat: when it last got an answer, whether its token is
/// valid, and how much of its rate budget the last window used.
public struct ConnectorHealth: Sendable, Equatable {
    public var system: String
    public var lastContactAt: String?
    public var lastError: String?
    /// `valid`, `expired`, `none` (not fetched yet) or `n/a` (session or no auth).
    public var tokenState: String
    /// Requests started in the limiter's window, and the window's ceiling.
    public var budgetUsed: Int
    public var budgetLimit: Int

    public init(system: String, lastContactAt: String? = nil, lastError: String? = nil, tokenState: String = "n/a",
                budgetUsed: Int = 0, budgetLimit: Int = 0) {
        self.system = system
        self.lastContactAt = lastContactAt
        self.lastError = lastError
        self.tokenState = tokenState
        self.budgetUsed = budgetUsed
        self.budgetLimit = budgetLimit
    }

    var json: JSONValue {
        .object(["system": .string(system), "lastContactAt": lastContactAt.map(JSONValue.string) ?? .null,
                 "lastError": lastError.map(JSONValue.string) ?? .null, "tokenState": .string(tokenState),
                 "budgetUsed": .int(budgetUsed), "budgetLimit": .int(budgetLimit)])
    }

    init?(json: JSONValue) {
        guard let system = json["system"]?.stringValue else { return nil }
        self.init(system: system, lastContactAt: json["lastContactAt"]?.stringValue, lastError: json["lastError"]?.stringValue,
                  tokenState: json["tokenState"]?.stringValue ?? "n/a", budgetUsed: json["budgetUsed"]?.intValue ?? 0,
                  budgetLimit: json["budgetLimit"]?.intValue ?? 0)
    }
}

/// A running engine's row in `engine_heartbeat`. Engines beat every few seconds; the console
/// calls an engine alive while its beat is younger than `EngineHeartbeat.staleAfter`.
public struct EngineHeartbeat: Sendable, Equatable {
    public static let staleAfter: TimeInterval = 30

    public var process: String
    public var mode: String
    public var startedAt: String
    public var beatAt: String
    public var lastRunID: Int64?
    public var connectors: [ConnectorHealth]

    public init(process: String = EngineHeartbeat.thisProcess, mode: String, startedAt: String, beatAt: String = Timestamp.now(),
                lastRunID: Int64? = nil, connectors: [ConnectorHealth] = []) {
        self.process = process
        self.mode = mode
        self.startedAt = startedAt
        self.beatAt = beatAt
        self.lastRunID = lastRunID
        self.connectors = connectors
    }

    /// `host:pid`.
    public static var thisProcess: String { "\(ProcessInfo.processInfo.hostName):\(getpid())" }

    /// Writes (or rewrites) this process's row.
    public func beat(in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO engine_heartbeat (process, mode, started_at, beat_at, last_run_id, connectors) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (process) DO UPDATE SET mode = excluded.mode, beat_at = excluded.beat_at,
                last_run_id = excluded.last_run_id, connectors = excluded.connectors
            """, arguments: [process, mode, startedAt, beatAt, lastRunID, JSONValue.array(connectors.map(\.json)).serialized()])
    }

    /// Removes this process's row on a clean exit.
    public static func remove(process: String = EngineHeartbeat.thisProcess, in db: Database) throws {
        try db.execute(sql: "DELETE FROM engine_heartbeat WHERE process = ?", arguments: [process])
    }

    /// The most recent beat of any engine, if there ever was one.
    public static func latest(in db: Database) throws -> EngineHeartbeat? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM engine_heartbeat ORDER BY beat_at DESC LIMIT 1") else { return nil }
        let connectors = (try? JSONValue(parsing: row["connectors"] as String? ?? "[]"))?.arrayValue?.compactMap(ConnectorHealth.init(json:)) ?? []
        return EngineHeartbeat(process: row["process"], mode: row["mode"], startedAt: row["started_at"], beatAt: row["beat_at"],
                               lastRunID: row["last_run_id"], connectors: connectors)
    }

    /// Whether this beat is recent enough to call the engine alive at `now`.
    public func isAlive(at now: Date = Date()) -> Bool {
        guard let beat = Timestamp.date(beatAt) else { return false }
        return now.timeIntervalSince(beat) < Self.staleAfter
    }
}
