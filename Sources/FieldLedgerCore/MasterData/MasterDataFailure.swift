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
}
