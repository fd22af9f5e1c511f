import FieldLedgerHTTP
import Foundation
import GRDB
import Logging

/// Brings the posted invoice number, which Business Central assigns on posting and the watch
/// learns from its listing, to ServiceTrade (the invoice's `business_central` external id) and
/// then to the link, with an `erp.number_assigned` audit event.
///
/// The link is written only after ServiceTrade accepted the number, so "the row knows a number
/// the link does not" is exactly the set still to do: a ServiceTrade failure or a crash is retried
/// next cycle, and repeating the external id is harmless (ServiceTrade replaces it).
struct PaymentWatchNumbers: Sendable {
    let st: ServiceTradeClient
    let store: Store
    let logger: Logger
    let workers: Int

    static let externalSystem = "business_central"

    struct Pending: Sendable {
        var link: Link
        var number: String
    }

    /// Returns (assigned, still pending after a ServiceTrade failure).
    func run() async throws -> (assigned: Int, failed: Int) {
        let pending = try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT l.*, p.erp_number AS bc_number FROM invoice_payments p JOIN links l ON l.id = p.link_id
                WHERE p.erp_number IS NOT NULL AND (l.erp_number IS NULL OR l.erp_number != p.erp_number)
                ORDER BY l.id
                """).map { Pending(link: try Link(row: $0), number: $0["bc_number"]) }
        }
        var assigned = 0
        var failed = 0
        await withTaskGroup(of: Bool.self) { group in
            var next = 0
            func startNext() {
                guard next < pending.count else { return }
                let one = pending[next]
                next += 1
                group.addTask { await assign(one) }
            }
            for _ in 0..<max(1, workers) { startNext() }
            while let ok = await group.next() {
                if ok { assigned += 1 } else { failed += 1 }
                startNext()
            }
        }
        return (assigned, failed)
    }

    private func assign(_ pending: Pending) async -> Bool {
        let link = pending.link
        do {
            if link.sourceSystem == "servicetrade" && link.sourceEntity == "invoice" {
                try await st.setExternalID(entityType: "invoice", entityID: link.sourceId, system: Self.externalSystem,
                                           value: pending.number)
            }
            try store.write { db in
                try db.execute(sql: "UPDATE links SET erp_number = ?, updated_at = ? WHERE id = ?",
                               arguments: [pending.number, Timestamp.now(), link.id])
                try AuditLog.append(NewAuditEvent(actor: .engine, action: "erp.number_assigned",
                    subject: "\(link.sourceSystem):\(link.sourceEntity):\(link.sourceId)", workItemId: link.workItemId,
                    details: ["erpId": .string(link.erpId), "erpNumber": .string(pending.number),
                              "previous": link.erpNumber.map(JSONValue.string) ?? .null,
                              "serviceTradeExternalId": .string(Self.externalSystem)]), in: db)
            }
            return true
        } catch {
            logger.warning("posted number \(pending.number) for \(link.sourceRef ?? link.sourceId) not yet in ServiceTrade: \(error)")
            return false
        }
    }
}
