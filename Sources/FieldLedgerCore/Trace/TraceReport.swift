import FieldLedgerHTTP

/// "Did it make it into the ledger?": a source record, its work items, its ERP documents and its
/// whole audit trail.
public struct TraceReport: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// In the ERP: at least one link to an ERP document exists.
        case reachedERP
        /// Not (yet) in the ERP; the state of the newest live work item says why.
        case notInERP(WorkItemState)
    }

    /// `servicetrade:invoice:1234`.
    public var subject: String
    public var workItems: [WorkItem]
    public var links: [Link]
    public var events: [AuditEvent]
    /// The posting rule (and its version) that decided each line of the posted document.
    public var ruleLines: [RuleLine] = []

    public var outcome: Outcome {
        if !links.isEmpty { return .reachedERP }
        return .notInERP(current?.state ?? .received)
    }

    /// The newest work item that was not superseded (else the newest).
    public var current: WorkItem? {
        workItems.last { $0.state != .superseded } ?? workItems.last
    }

    /// One sentence for the exit-1 case: pending, blocked or failed, and why.
    public var whyNotInERP: String? {
        guard case .notInERP(let state) = outcome, let item = current else { return nil }
        let ref = item.sourceRef ?? item.sourceId
        let message = item.errorMessage.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }
        let cause = [item.errorCode, message].compactMap { $0 }.joined(separator: ": ")
        let remedy = item.errorRemedy.map { " \($0)" } ?? ""
        switch state {
        case .failed: return "\(ref) is not in the ERP: failed — \(cause.isEmpty ? "no reason recorded" : cause).\(remedy)"
        case .blocked:
            let by = item.blockedBy.map { " (waits for work item \($0))" } ?? ""
            return "\(ref) is not in the ERP yet: blocked\(by) — \(cause.isEmpty ? "waiting on another record" : cause).\(remedy)"
        case .retryWait:
            return "\(ref) is not in the ERP yet: pending retry \(item.attempts) at \(item.nextAttemptAt ?? "the next cycle") — \(cause)"
        case .superseded: return "\(ref) is not in the ERP: superseded by a newer version or a void"
        case .posting: return "\(ref) is being posted now (or the last attempt's answer was lost; the next cycle resolves it)"
        case .received, .ready: return "\(ref) is not in the ERP yet: pending (\(state.rawValue)), waiting for the next sync cycle"
        case .posted: return "\(ref) is marked posted but has no ERP link; run fieldledger reconcile"
        }
    }
}

extension TraceReport {
    /// The `--json` document.
    public var json: JSONValue {
        var doc = JSONObject()
        doc["subject"] = .string(subject)
        switch outcome {
        case .reachedERP: doc["inERP"] = true
        case .notInERP(let state):
            doc["inERP"] = false
            doc["state"] = .string(state.rawValue)
        }
        if let why = whyNotInERP { doc["why"] = .string(why) }
        doc["workItems"] = .array(workItems.map { item in
            var o = JSONObject()
            o["id"] = item.id.map { .number(JSONNumber($0)) } ?? .null
            o["flow"] = .string(item.flow)
            o["state"] = .string(item.state.rawValue)
            o["sourceRef"] = item.sourceRef.map(JSONValue.string) ?? .null
            o["naturalKey"] = item.naturalKey.map(JSONValue.string) ?? .null
            o["attempts"] = .number(JSONNumber(item.attempts))
            for (key, value) in [("errorCode", item.errorCode), ("errorObject", item.errorObject),
                                 ("errorMessage", item.errorMessage), ("errorRemedy", item.errorRemedy)] {
                if let value { o[key] = .string(value) }
            }
            o["updatedAt"] = .string(item.updatedAt)
            return .object(o)
        })
        doc["erpDocuments"] = .array(links.map { link in
            .object(["system": .string(link.erpSystem), "kind": .string(link.kind), "id": .string(link.erpId),
                     "number": link.erpNumber.map(JSONValue.string) ?? .null])
        })
        if !ruleLines.isEmpty { doc["ruleLines"] = ruleLinesJSON }
        doc["audit"] = .array(events.map { event in
            .object(["seq": .number(JSONNumber(event.seq)), "at": .string(event.at), "actor": .string(event.actor),
                     "action": .string(event.action), "details": event.detailsJSON, "hash": .string(event.hash)])
        })
        return .object(doc)
    }
}
