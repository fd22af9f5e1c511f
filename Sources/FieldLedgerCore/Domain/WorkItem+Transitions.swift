import FieldLedgerHTTP
import GRDB

extension WorkItem {
    /// Inserts a new work item and its `work_item.created` audit event (same transaction: call
    /// inside `Store.write`).
    public mutating func insert(recordingBy actor: ActingUser, in db: Database) throws {
        try insert(db)
        try AuditLog.append(NewAuditEvent(actor: actor, action: "work_item.created", subject: subject, workItemId: id,
            details: ["flow": .string(flow), "state": .string(state.rawValue),
                      "sourceRef": sourceRef.map(JSONValue.string) ?? .null,
                      "sourceVersion": sourceVersion.map(JSONValue.string) ?? .null]), in: db)
    }

    /// Moves the item to `state`, recording the failure (or clearing it) and auditing the
    /// transition with `details`. Call inside `Store.write`.
    public mutating func move(to newState: WorkItemState, failure: SyncFailure? = nil, nextAttemptAt: String? = nil,
                              blockedBy: Int64? = nil, by actor: ActingUser, details: JSONObject = JSONObject(),
                              in db: Database) throws {
        let from = state
        state = newState
        errorCode = failure?.code
        errorObject = failure?.object
        errorMessage = failure?.message
        errorRemedy = failure?.remedy
        self.nextAttemptAt = nextAttemptAt
        self.blockedBy = blockedBy
        if newState == .posting { attempts += 1 }
        updatedAt = Timestamp.now()
        try update(db)
        var d = details
        d["from"] = .string(from.rawValue)
        d["to"] = .string(newState.rawValue)
        if let failure {
            d["code"] = .string(failure.code)
            d["message"] = .string(failure.message)
            if let object = failure.object { d["object"] = .string(object) }
            if let remedy = failure.remedy { d["remedy"] = .string(remedy) }
        }
        if let nextAttemptAt { d["nextAttemptAt"] = .string(nextAttemptAt) }
        if let blockedBy { d["blockedBy"] = .number(JSONNumber(blockedBy)) }
        try AuditLog.append(NewAuditEvent(actor: actor, action: "work_item.state", subject: subject, workItemId: id,
                                          details: d), in: db)
    }
}

extension Link {
    /// Records the coupling of a source record to its ERP document with its audit event.
    public mutating func insert(recordingBy actor: ActingUser, subject: String, in db: Database) throws {
        try insert(db)
        try AuditLog.append(NewAuditEvent(actor: actor, action: "link.created", subject: subject, workItemId: workItemId,
            details: ["erpSystem": .string(erpSystem), "kind": .string(kind), "erpId": .string(erpId),
                      "erpNumber": erpNumber.map(JSONValue.string) ?? .null]), in: db)
    }
}
