/// Why the store could not be opened or used, with what to do about it.
///
/// One type with a non-public code, as GRDB and Hummingbird do, so new cases can be added without
/// breaking callers; the message is assembled here and nowhere else.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Code: Sendable, Equatable {
        case notADatabase
        case foreignDatabase
        case newerSchema(found: [String], known: Int)
        case unreadable(reason: String)
        case permissions(reason: String)
    }

    let code: Code
    /// The store file the error is about.
    public let path: String

    public var description: String {
        switch code {
        case .notADatabase:
            "\(path): not an SQLite database (the file is corrupt or is something else); point --store at a FieldLedger store, or move this file away to start a new one"
        case .foreignDatabase:
            "\(path): an SQLite database, but not a FieldLedger store; point --store at a FieldLedger store or choose a new file name"
        case .newerSchema(let found, let known):
            "\(path): written by a newer FieldLedger (migrations \(found.joined(separator: ", ")) are unknown to this build, which knows \(known)); upgrade fieldledger before opening this store"
        case .unreadable(let reason):
            "\(path): cannot open the store: \(reason); check the path and its permissions"
        case .permissions(let reason):
            "\(path): \(reason)"
        }
    }

    public var isNewerSchema: Bool { if case .newerSchema = code { return true }; return false }
    public var isNotADatabase: Bool { if case .notADatabase = code { return true }; return false }
    public var isForeign: Bool { if case .foreignDatabase = code { return true }; return false }
}
