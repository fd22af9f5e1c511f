import FieldLedgerHTTP
import GRDB

/// A master-data pair that could not be brought into agreement this cycle. Master-data flows do
/// not create work items: the pair is looked at again next cycle by itself (its cursor does not
/// advance), so the failure is recorded as a `masterdata.sync_failed` audit event with the error
/// and what to do, for `fieldledger trace` and the sync log.
enum MasterDataFailure {
    static let remedy = "Retried by the next cycle; if it persists, check the record in both systems."

    static func record(_ error: any Error, subject: String, details: JSONObject, in store: Store) {
        var details = details
        details["error"] = .string("\(error)")
        details["remedy"] = .string(remedy)
        try? store.write { db in
            _ = try AuditLog.append(NewAuditEvent(actor: .engine, action: "masterdata.sync_failed", subject: subject,
                                                  details: details), in: db)
        }
    }

    /// Runs one master-data flow so that its failure does not end the cycle: contacts, projects,
    /// vendors and items are not what invoices wait on, so a system that cannot be read for them
    /// now is recorded (`masterdata.sync_failed`, subject `flow:NAME`) and the cycle goes on to the
    /// documents. The flow's cursors did not move, so the next cycle tries again. Cancellation
    /// (the daemon stopping) still ends the cycle.
    static func contained(flow: String, store: Store, _ body: () async throws -> FlowCounts) async throws -> FlowCounts {
        do {
            return try await body()
        } catch let error as CancellationError {
            throw error
        } catch {
            record(error, subject: "flow:\(flow)", details: [:], in: store)
            var counts = FlowCounts(flow: flow)
            counts.failed = 1
            return counts
        }
    }
}
