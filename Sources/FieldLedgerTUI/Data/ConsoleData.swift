import FieldLedgerCore
import Foundation

/// Reads what the panes show from the store and turns it into view models. This is the data
/// boundary: every string that came from a remote system (or a person) passes `Sanitizer.clean`
/// here and nowhere else.
public struct ConsoleData: Sendable {
    public let store: Store

    public init(store: Store) { self.store = store }

    /// The Overview at `now` (the end of the throughput hour).
    public func overview(now: Date = Date()) throws -> OverviewModel {
        let (o, beat, throughput) = try store.read { db in
            (try StoreOverview.load(in: db), try EngineHeartbeat.latest(in: db),
             try ThroughputQuery(minutes: 60).postedPerMinute(endingAt: now, in: db))
        }
        let c = Sanitizer.clean
        var model = OverviewModel(
            stateCounts: o.stateCounts,
            oldestUnposted: o.oldestUnposted.map { (ref: c($0.ref), id: $0.workItemID, createdAt: Timestamp.date($0.createdAt)) },
            lastRun: o.lastRun.map { run in
                OverviewModel.RunModel(id: run.id, trigger: c(run.trigger), status: c(run.status),
                                       startedAt: Timestamp.date(run.startedAt), finishedAt: run.finishedAt.flatMap(Timestamp.date),
                                       error: run.error.map(c), counts: run.counts.map { count in
                                           var copy = count
                                           copy.flow = c(count.flow)
                                           return copy
                                       })
            },
            lastFinishedAt: o.lastFinishedAt.flatMap(Timestamp.date),
            auditHead: o.auditHead.map { (seq: $0.seq, hash: c($0.hash), at: c($0.at)) })
        model.throughput = throughput
        model.engine = beat.map { beat in
            EngineHealthModel(process: c(beat.process), mode: c(beat.mode), beatAt: Timestamp.date(beat.beatAt),
                              lastRunID: beat.lastRunID, connectors: beat.connectors.map { h in
                                  EngineHealthModel.Connector(system: c(h.system), lastContact: h.lastContactAt.flatMap(Timestamp.date),
                                                              tokenState: c(h.tokenState), budgetUsed: h.budgetUsed,
                                                              budgetLimit: h.budgetLimit, lastError: h.lastError.map(c))
                              })
        }
        return model
    }

    /// A page of the Payments pane (after `anchor` when scrolling on) and the per-state counts.
    public func payments(filter: InvoicePayment.State?, after anchor: PaymentAnchor?,
                         limit: Int = Layout.paymentPageSize) throws -> PaymentsPage {
        let query = PaymentStatusQuery(state: filter, limit: limit)
        let (rows, counts) = try store.read { db in
            (try query.page(after: anchor.map { (updatedAt: $0.updatedAt, linkId: $0.linkID) }, in: db),
             try PaymentStatusQuery.counts(in: db))
        }
        let c = Sanitizer.clean
        return PaymentsPage(rows: rows.map { p in
            PaymentRow(linkID: p.linkId, invoice: c(p.sourceRef ?? p.sourceId), sourceID: c(p.sourceId),
                       erpNumber: p.erpNumber.map(c), erpStatus: c(p.erpStatus), stStatus: p.stStatus.map(c),
                       total: p.totalAmount, remaining: p.remainingAmount, state: p.paymentState, paidPercent: p.paidPercent,
                       lastEvent: p.lastEvent.map(c), lastEventAt: p.lastEventAt.map(c), updatedAt: p.updatedAt)
        }, counts: counts)
    }

    public func logPage(filter: String, anchor: SyncLogQuery.Anchor, limit: Int = Layout.logPageSize) throws -> [LogRow] {
        let query = SyncLogQuery(parsing: filter)
        return try store.read { db in try query.page(anchor, limit: limit, in: db) }.map(Self.row)
    }

    public func failures() throws -> [FailureGroupModel] {
        try store.read { db in try FailureGroup.all(in: db) }.map { group in
            FailureGroupModel(code: Sanitizer.clean(group.code), object: group.object.map(Sanitizer.clean), state: group.state,
                              count: group.count, remedy: group.remedy.map(Sanitizer.clean),
                              message: group.message.map(Sanitizer.clean),
                              records: group.items.map { FailureRecord(id: $0.id, ref: Sanitizer.clean($0.ref)) })
        }
    }

    /// Every work item id of a failure group (raw values: they go back to the store, not the screen).
    public func groupMembers(code: String, object: String?, state: WorkItemState) throws -> [Int64] {
        try store.read { db in try FailureGroup.memberIDs(code: code, object: object, state: state, in: db) }
    }

    public func trace(_ reference: String) throws -> TraceResult {
        switch try store.read({ db in try TraceLookup.find(reference, in: db) }) {
        case .unknown: return .unknown
        case .ambiguous(let subjects): return .ambiguous(subjects.map(Sanitizer.clean))
        case .found(let report):
            let c = Sanitizer.clean
            let state: String = switch report.outcome {
            case .reachedERP: "posted"
            case .notInERP(let s): s.rawValue
            }
            return .found(TraceModel(
                reference: c(reference), subject: c(report.subject),
                inERP: report.outcome == .reachedERP, state: state, why: report.whyNotInERP.map(c),
                workItems: report.workItems.map { item in
                    TraceModel.Item(id: item.id ?? 0, flow: c(item.flow), state: item.state.rawValue,
                                    ref: c(item.sourceRef ?? item.sourceId), attempts: item.attempts,
                                    error: [item.errorCode, item.errorMessage].compactMap { $0 }.map(c).joined(separator: ": ").nilIfEmpty,
                                    remedy: item.errorRemedy.map(c))
                },
                documents: report.links.map { TraceModel.Document(system: c($0.erpSystem), kind: c($0.kind),
                                                                   number: $0.erpNumber.map(c), id: c($0.erpId)) },
                events: report.events.map(Self.row)))
        }
    }

    /// Walks the whole chain (run off the render path: it reads every event).
    public func verifyChain() throws -> ChainState {
        let result = try store.read { db in try AuditVerifier.verify(db) }
        if let problem = result.firstProblem { return .broken(Sanitizer.clean(problem.description)) }
        return .intact(events: result.count)
    }

    /// An audit event as a sync log row, with a one-line summary of its details.
    static func row(_ event: AuditEvent) -> LogRow {
        let c = Sanitizer.clean
        let details = event.detailsJSON
        func text(_ key: String) -> String? {
            switch details[key] {
            case .string(let s)?: c(s)
            case .number(let n)?: n.literal
            default: nil
            }
        }
        let arrow = "→"
        var summary: String
        switch event.action {
        case "work_item.state", "work_item.retry":
            summary = [text("from"), text("to")].compactMap { $0 }.joined(separator: " \(arrow) ")
            if let code = text("code") ?? text("lastError") { summary += "  \(code)" }
            if let message = text("message") { summary += ": \(message)" }
        case "work_item.created":
            summary = [text("flow"), text("sourceRef")].compactMap { $0 }.joined(separator: " ")
        case "link.created":
            summary = "\(text("kind") ?? "document") \(text("erpNumber") ?? text("erpId") ?? "")"
        case "access.denied":
            summary = "refused: \(text("attempted") ?? "?") (needs \(text("needed") ?? "?"))"
        default:
            summary = c(event.details == "{}" ? "" : event.details)
        }
        let state = event.action == "work_item.state" || event.action == "work_item.retry" ? text("to") : nil
        return LogRow(seq: event.seq, at: c(event.at), actor: c(event.actor), action: c(event.action),
                      subject: c(event.subject ?? ""), workItemID: event.workItemId, state: state, summary: summary)
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
