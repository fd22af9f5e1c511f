import Foundation

/// A system master data lives in. Business Central pairs with ServiceTrade (customers, contacts,
/// both ways) or with PartsManager (vendors and items, Business Central → PartsManager).
public enum MasterDataSystem: String, Sendable, Codable {
    case servicetrade, businesscentral, partsmanager
}

/// Decides one mapped field of one coupled record from both systems' current values and the base
/// (what each system held after the last sync). Pure: the flow does the reading and writing.
///
/// A value of `nil` means the system cannot express this field for this record (e.g. a
/// ServiceTrade tax rate that names no Business Central tax area): it is then neither a change
/// nor a write target. Empty text is a value ("" = cleared).
enum FieldReconciler {
    struct Base: Sendable, Equatable {
        var st: String?
        var bc: String?
    }

    struct Conflict: Sendable, Equatable {
        var rule: Authority
        var winner: MasterDataSystem
    }

    enum Decision: Sendable, Equatable {
        /// Nothing to write; record these values as the base (they may equal the old one).
        case settle(st: String?, bc: String?)
        /// Write `value` to `system`; the other system already has it.
        case write(to: MasterDataSystem, value: String, conflict: Conflict?)
    }

    static func decide(st: String?, bc: String?, base: Base?, authority: Authority,
                       stModified: Date?, bcModified: Date?) -> Decision {
        guard let st, let bc, st != bc else { return .settle(st: st, bc: bc) }
        // A field never synced (first coupling) counts as changed on both sides.
        let stChanged = base.map { $0.st != st } ?? true
        let bcChanged = base.map { $0.bc != bc } ?? true
        switch (stChanged, bcChanged) {
        case (true, false): return .write(to: .businesscentral, value: st, conflict: nil)
        case (false, true): return .write(to: .servicetrade, value: bc, conflict: nil)
        case (false, false):
            // Both unchanged yet different: a write that one system could not take. Leave it.
            return .settle(st: st, bc: bc)
        case (true, true):
            let winner = self.winner(authority, stModified: stModified, bcModified: bcModified)
            let conflict = Conflict(rule: authority, winner: winner)
            return winner == .servicetrade
                ? .write(to: .businesscentral, value: st, conflict: conflict)
                : .write(to: .servicetrade, value: bc, conflict: conflict)
        }
    }

    /// One-way: Business Central is the system of record and `target` (PartsManager) follows.
    /// The base's `st` is the target's value after the last sync. Any difference is written to
    /// the target; when the target changed its value since the last sync (or the pair was never
    /// synced), its value is a loser, logged as a conflict decided by `businesscentral`.
    static func decideFromBusinessCentral(target: String?, bc: String?, base: Base?,
                                          to system: MasterDataSystem = .partsmanager) -> Decision {
        guard let target, let bc, target != bc else { return .settle(st: target, bc: bc) }
        let targetChanged = base.map { $0.st != target } ?? true
        return .write(to: system, value: bc,
                      conflict: targetChanged ? Conflict(rule: .businesscentral, winner: .businesscentral) : nil)
    }

    static func winner(_ authority: Authority, stModified: Date?, bcModified: Date?) -> MasterDataSystem {
        switch authority {
        case .servicetrade: return .servicetrade
        case .businesscentral: return .businesscentral
        case .newest:
            guard let st = stModified else { return .businesscentral }
            guard let bc = bcModified else { return .servicetrade }
            return st > bc ? .servicetrade : .businesscentral
        }
    }
}
