import Foundation
import GRDB

/// The one SQLite file that holds FieldLedger's inbox, work items, links, sync runs, cursors,
/// cached reference data and the audit trail.
///
/// WAL mode (readers never wait for the engine), a busy timeout (several processes share the
/// file: the engine, consoles, CLI commands), foreign keys on. New files are created mode 0600,
/// or 0660 owned by `sharedGroup` when one is configured so that every operator in that group can
/// run the console and commands against the same store.
public final class Store: Sendable {
    /// Marks a file as a FieldLedger store (`PRAGMA application_id`, "FLDG").
    static let applicationID: Int32 = 0x464C_4447

    public let path: String
    let pool: DatabasePool

    /// Opens (creating if needed) and migrates the store at `path`.
    public static func open(path: String, sharedGroup: String? = nil) throws(StoreError) -> Store {
        try open(path: path, sharedGroup: sharedGroup, migratingUpTo: nil)
    }

    /// `migratingUpTo` stops at an older migration: tests use it to build stores of every past version.
    static func open(path: String, sharedGroup: String?, migratingUpTo target: String?) throws(StoreError) -> Store {
        try prepareFile(path: path, sharedGroup: sharedGroup)
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.label = "fieldledger.store"
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw classify(error, path: path)
        }
        let store = Store(path: path, pool: pool)
        try store.migrate(upTo: target)
        return store
    }

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
    }

    /// Runs `body` in one write transaction: state changes and their audit events commit together.
    @discardableResult
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.write(body)
    }

    /// Runs `body` on a read snapshot.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// Writes the WAL back into the main file (after bulk loads) so readers start fast.
    public func checkpoint() throws {
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }

    // MARK: - Opening

    /// Creates a missing file with the right mode before SQLite does (SQLite would use the umask),
    /// and rejects files that are plainly not SQLite before GRDB touches them.
    private static func prepareFile(path: String, sharedGroup: String?) throws(StoreError) {
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty, !fm.fileExists(atPath: dir) {
                throw StoreError(code: .unreadable(reason: "the folder \(dir) does not exist"), path: path)
            }
            let mode: mode_t = sharedGroup == nil ? 0o600 : 0o660
            let fd = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
            guard fd >= 0 else {
                throw StoreError(code: .unreadable(reason: String(cString: strerror(errno))), path: path)
            }
            close(fd)
            // open(2) applies the umask; set the exact mode.
            chmod(path, mode)
            if let group = sharedGroup {
                guard let gid = groupID(named: group) else {
                    unlink(path)
                    throw StoreError(code: .permissions(reason: "store.shared_group \"\(group)\" is not a group on this machine; create it or fix the setting"), path: path)
                }
                if chown(path, uid_t.max, gid) != 0 {
                    let reason = String(cString: strerror(errno))
                    unlink(path)
                    throw StoreError(code: .permissions(reason: "cannot give the store to group \(group): \(reason); are you a member of it?"), path: path)
                }
            }
            return
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError(code: .unreadable(reason: "permission denied or not a regular file"), path: path)
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if !header.isEmpty, header != Data("SQLite format 3\0".utf8) {
            throw StoreError(code: .notADatabase, path: path)
        }
    }

    private static func groupID(named name: String) -> gid_t? {
        var group = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getgrnam_r(name, &group, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return group.gr_gid
    }

    static func classify(_ error: any Error, path: String) -> StoreError {
        if let db = error as? DatabaseError {
            switch db.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT: return StoreError(code: .notADatabase, path: path)
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
                return StoreError(code: .unreadable(reason: db.message ?? "cannot open"), path: path)
            default: return StoreError(code: .unreadable(reason: db.message ?? "\(db.resultCode)"), path: path)
            }
        }
        if let store = error as? StoreError { return store }
        return StoreError(code: .unreadable(reason: "\(error)"), path: path)
    }
}
