import FieldLedgerCore
import Foundation

/// The Overview's engine and connector lines, from the latest `engine_heartbeat` row
/// (sanitised: connector errors are text from remote systems).
public struct EngineHealthModel: Sendable, Equatable {
    public struct Connector: Sendable, Equatable {
        public var system: String
        public var lastContact: Date?
        public var tokenState: String
        public var budgetUsed: Int
        public var budgetLimit: Int
        public var lastError: String?

        public init(system: String, lastContact: Date?, tokenState: String, budgetUsed: Int, budgetLimit: Int, lastError: String?) {
            self.system = system
            self.lastContact = lastContact
            self.tokenState = tokenState
            self.budgetUsed = budgetUsed
            self.budgetLimit = budgetLimit
            self.lastError = lastError
        }
    }

    public var process: String
    public var mode: String
    public var beatAt: Date?
    public var lastRunID: Int64?
    public var connectors: [Connector]

    public init(process: String, mode: String, beatAt: Date?, lastRunID: Int64?, connectors: [Connector]) {
        self.process = process
        self.mode = mode
        self.beatAt = beatAt
        self.lastRunID = lastRunID
        self.connectors = connectors
    }

    /// Alive, stale or never, at `now`, by the core's rule (`EngineHeartbeat.staleAfter`).
    public enum Liveness: Sendable, Equatable {
        case alive
        case stale(since: TimeInterval)
        case never
    }

    public static func liveness(_ model: EngineHealthModel?, at now: Date) -> Liveness {
        guard let model, let beat = model.beatAt else { return .never }
        let age = now.timeIntervalSince(beat)
        return age < EngineHeartbeat.staleAfter ? .alive : .stale(since: age)
    }
}
