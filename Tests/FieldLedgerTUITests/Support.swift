import FieldLedgerCore
import Foundation
@testable import FieldLedgerTUI

/// A fresh folder under /tmp for one test, removed when released.
final class TempFolder {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "fieldledger-tui-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func file(_ name: String) -> String { path + "/" + name }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A fixed clock: 2026-11-27T08:00:00Z.
let fixedNow = Date(timeIntervalSince1970: 1_795_766_400)

func makeState(role: Role? = .operator, readOnly: Bool = false, ascii: Bool = false,
               width: Int = 80, height: Int = 24) -> AppState {
    var state = AppState(session: Session(user: "alice", role: role, readOnly: readOnly, storePath: "/srv/fl/store.sqlite"),
                         mouseEnabled: true, ascii: ascii, now: fixedNow)
    state.width = width
    state.height = height
    return state
}

func logRow(_ seq: Int64, _ action: String = "work_item.state", state: String? = "failed", wi: Int64? = 12,
            subject: String = "servicetrade:invoice:1001", summary: String = "ready → failed  UNMAPPED_GL_ACCOUNT") -> LogRow {
    LogRow(seq: seq, at: "2026-11-27T07:5\(seq % 10):0\(seq % 10).000Z", actor: "engine", action: action, subject: subject,
           workItemID: wi, state: state, summary: summary)
}

let sampleGroups: [FailureGroupModel] = [
    FailureGroupModel(code: "UNMAPPED_GL_ACCOUNT", object: "service line 'Backflow Testing' / labour", state: .failed, count: 2,
                      remedy: "Add one under Mappings › GL accounts.",
                      message: "No GL rule for service line 'Backflow Testing', item type labour.",
                      records: [FailureRecord(id: 12, ref: "INV-1001"), FailureRecord(id: 14, ref: "INV-1003")]),
    FailureGroupModel(code: "MISSING_CUSTOMER", object: "customer 'Acme Fire'", state: .blocked, count: 1,
                      remedy: "Wait for the customer to sync, or couple it by hand.", message: "Customer not in BC.",
                      records: [FailureRecord(id: 20, ref: "INV-1010")]),
]

let sampleOverview = OverviewModel(
    stateCounts: [.posted: 1204, .failed: 3, .blocked: 1, .ready: 4],
    oldestUnposted: (ref: "INV-1001", id: 12, createdAt: fixedNow.addingTimeInterval(-2 * 3600 - 14 * 60)),
    lastRun: OverviewModel.RunModel(id: 7, trigger: "once", status: "ok", startedAt: fixedNow.addingTimeInterval(-200),
                                    finishedAt: fixedNow.addingTimeInterval(-180), error: nil,
                                    counts: [StoreOverview.FlowCount(flow: "invoice.post", received: 12, posted: 9, failed: 3, retried: 0, skipped: 0)]),
    lastFinishedAt: fixedNow.addingTimeInterval(-180),
    auditHead: (seq: 345, hash: "3f2a9c1e00112233445566778899aabbccddeeff", at: "2026-11-27T07:57:00.000Z"),
    engine: sampleEngine,
    throughput: (0..<60).map { $0 % 10 == 0 ? 0 : ($0 * 7) % 13 })

/// An engine that beat 4 s before `fixedNow`, with a healthy and a failing connector.
let sampleEngine = EngineHealthModel(
    process: "fl-host:4242", mode: "serve", beatAt: fixedNow.addingTimeInterval(-4), lastRunID: 7,
    connectors: [
        .init(system: "businesscentral", lastContact: fixedNow.addingTimeInterval(-5), tokenState: "valid",
              budgetUsed: 312, budgetLimit: 6000, lastError: nil),
        .init(system: "servicetrade", lastContact: fixedNow.addingTimeInterval(-125), tokenState: "n/a",
              budgetUsed: 0, budgetLimit: 0, lastError: "ServiceTrade GET invoices: 503 Service Unavailable"),
    ])

/// A state with data in every pane, as after `.start` and its effects.
func loadedState(width: Int = 80, height: Int = 24, role: Role? = .operator, readOnly: Bool = false, ascii: Bool = false) -> AppState {
    var state = makeState(role: role, readOnly: readOnly, ascii: ascii, width: width, height: height)
    _ = reduce(&state, .overviewLoaded(sampleOverview))
    _ = reduce(&state, .failuresLoaded(sampleGroups))
    _ = reduce(&state, .logLoaded(filter: "", anchor: .newest, rows: [
        logRow(5, summary: "ready → failed  UNMAPPED_GL_ACCOUNT: No GL rule"),
        logRow(4, state: "ready", summary: "received → ready"),
        logRow(3, "work_item.created", state: nil, summary: "invoice.post INV-1001"),
        logRow(2, "link.created", state: nil, wi: 11, subject: "servicetrade:invoice:1000", summary: "salesInvoice SI-1000"),
        logRow(1, "access.denied", state: nil, wi: nil, subject: "command", summary: "refused: retry work item 12 (needs operator)"),
    ], pageSize: 200))
    _ = reduce(&state, .chainChecked(.intact(events: 345)))
    return state
}

/// A store with one posted and two failed invoices, written through the core APIs.
func seededStore(_ folder: TempFolder) throws -> Store {
    let store = try Store.open(path: folder.file("store.sqlite"))
    try store.write { db in
        for (n, posted) in [(1000, true), (1001, false), (1003, false)] {
            var item = WorkItem(flow: "invoice.post", sourceSystem: "servicetrade", sourceEntity: "invoice",
                                sourceId: "\(n)", sourceRef: "INV-\(n)", naturalKey: "INV-\(n)")
            try item.insert(recordingBy: .engine, in: db)
            try item.move(to: .ready, by: .engine, in: db)
            if posted {
                try item.move(to: .posting, by: .engine, in: db)
                try item.move(to: .posted, by: .engine, in: db)
                var link = Link(erpSystem: "businesscentral", kind: "salesInvoice", sourceSystem: "servicetrade",
                                sourceEntity: "invoice", sourceId: "\(n)", sourceRef: "INV-\(n)", erpId: "0a1b2c3d-0000-0000-0000-00000000000\(n % 10)",
                                erpNumber: "SI-\(n)", workItemId: item.id)
                try link.insert(recordingBy: .engine, subject: item.subject, in: db)
            } else {
                try item.move(to: .failed, failure: SyncFailure(code: "UNMAPPED_GL_ACCOUNT", object: "service line 'Backflow Testing' / labour",
                              message: "No GL rule for service line 'Backflow Testing', item type labour.",
                              remedy: "Add one under Mappings › GL accounts."), by: .engine, in: db)
            }
        }
    }
    return store
}
