import Foundation
import GRDB

/// The posting rules and reference data one cycle validates with, kept current while it runs.
///
/// A cycle loads them when it starts, but finance can fix a rule and retry its failures at any
/// moment (the console's Apply & retry). A retried item picked up by a cycle that started before
/// the fix would be checked against the old rules and fail again with the very error just fixed,
/// and then wait for a person. So `SyncCycle.processDue` asks for `current()` after selecting each
/// page: whatever was retried before the page was selected had its rule saved before that, and is
/// validated with it. Rules are immutable rows (a change retires and inserts), so a fingerprint of
/// the table tells a change in one cheap query. Reference data keeps the cycle's refresh.
///
/// The validators handed out carry their fingerprint: a processor about to fail an item for a
/// mapping reason checks, in the same transaction, that the rules did not change meanwhile
/// (`changed(since:in:)`); if they did, the item stays due and the next cycle validates it again.
final class CycleRules: Sendable {
    /// What the loaded rules were read from: rows, newest id, retired rows.
    struct Fingerprint: Equatable, Sendable {
        var rows: Int64
        var newest: Int64
        var retired: Int64

        static func read(_ db: Database) throws -> Fingerprint {
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), IFNULL(MAX(id), 0), COUNT(retired_at) FROM posting_rules")
            return Fingerprint(rows: row?[0] ?? 0, newest: row?[1] ?? 0, retired: row?[2] ?? 0)
        }
    }

    private struct Loaded: Sendable {
        var fingerprint: Fingerprint
        var validator: InvoiceValidator
    }

    private let store: Store
    private let loaded: LockedValue<Loaded>

    /// Rules and reference data as they are in the store now.
    init(store: Store) throws {
        self.store = store
        self.loaded = LockedValue(try store.read { db in
            let fingerprint = try Fingerprint.read(db)
            var validator = InvoiceValidator(resolver: try PostingRuleResolver.load(db), reference: try ReferenceIndex.load(db))
            validator.rulesFingerprint = fingerprint
            return Loaded(fingerprint: fingerprint, validator: validator)
        })
    }

    /// The validator as last loaded (the cycle's start, or the latest `current()`).
    var validator: InvoiceValidator { loaded.value.validator }

    /// The validator with the rules as they are now: reloaded when they changed since the last load.
    func current() throws -> InvoiceValidator {
        let known = loaded.value
        let fresh = try store.read { db -> Loaded? in
            let now = try Fingerprint.read(db)
            guard now != known.fingerprint else { return nil }
            var validator = InvoiceValidator(resolver: try PostingRuleResolver.load(db), reference: known.validator.reference)
            validator.rulesFingerprint = now
            return Loaded(fingerprint: now, validator: validator)
        }
        guard let fresh else { return known.validator }
        loaded.value = fresh
        return fresh.validator
    }

    /// True when the posting rules changed after `validator` was loaded (false for a validator not
    /// handed out by a `CycleRules`). Call it inside the transaction that would record a failure.
    static func changed(since validator: InvoiceValidator?, in db: Database) throws -> Bool {
        guard let then = validator?.rulesFingerprint else { return false }
        return try Fingerprint.read(db) != then
    }
}
