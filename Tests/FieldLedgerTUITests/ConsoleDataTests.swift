import FieldLedgerCore
import Foundation
import Testing
@testable import FieldLedgerTUI

@Suite struct ConsoleDataTests {
    @Test func overviewCountsTheQueue() throws {
        let folder = TempFolder()
        let data = ConsoleData(store: try seededStore(folder))
        let overview = try data.overview()
        #expect(overview.stateCounts == [.posted: 1, .failed: 2])
        #expect(overview.oldestUnposted?.ref == "INV-1001")
        #expect(overview.lastRun == nil)
        #expect(overview.auditHead?.seq == 11)
    }

    @Test func logPagesAreNewestFirstAndFiltered() throws {
        let folder = TempFolder()
        let data = ConsoleData(store: try seededStore(folder))
        let all = try data.logPage(filter: "", anchor: .newest)
        #expect(all.map(\.seq) == Array((1...11).reversed()))
        let failed = try data.logPage(filter: "state:failed", anchor: .newest)
        #expect(failed.map(\.subject) == ["servicetrade:invoice:1003", "servicetrade:invoice:1001"])
        #expect(failed[0].state == "failed")
        #expect(failed[0].summary == "ready → failed  UNMAPPED_GL_ACCOUNT: No GL rule for service line 'Backflow Testing', item type labour.")
        #expect(try data.logPage(filter: "SI-1000", anchor: .newest).map(\.action) == ["link.created"])
        #expect(try data.logPage(filter: "", anchor: .before(3), limit: 5).map(\.seq) == [2, 1])
    }

    @Test func failuresAndTraceComeFromTheCore() throws {
        let folder = TempFolder()
        let data = ConsoleData(store: try seededStore(folder))
        let groups = try data.failures()
        #expect(groups.count == 1)
        #expect(groups[0].count == 2)
        #expect(groups[0].records.map(\.ref) == ["INV-1001", "INV-1003"])
        #expect(try data.groupMembers(code: "UNMAPPED_GL_ACCOUNT", object: groups[0].object, state: .failed).count == 2)
        guard case .found(let trace) = try data.trace("INV-1000") else {
            Issue.record("INV-1000 not found")
            return
        }
        #expect(trace.inERP)
        #expect(trace.documents.map(\.number) == ["SI-1000"])
        #expect(try data.trace("nothing-here") == .unknown)
        #expect(try data.verifyChain() == .intact(events: 11))
    }

    @Test func stringsFromTheStoreAreSanitisedAtTheBoundary() throws {
        let folder = TempFolder()
        let store = try Store.open(path: folder.file("store.sqlite"))
        try store.write { db in
            var item = WorkItem(flow: "invoice.post", sourceSystem: "servicetrade", sourceEntity: "invoice",
                                sourceId: "66", sourceRef: "INV\u{1B}[2J-66\u{1B}]0;owned\u{07}")
            try item.insert(recordingBy: .engine, in: db)
            try item.move(to: .failed, failure: SyncFailure(code: "BAD", object: "x\u{1B}[31m",
                          message: "evil\u{9B}1;1H\u{7}", remedy: "fix\u{202E}it"), by: .engine, in: db)
        }
        let data = ConsoleData(store: store)
        let group = try #require(try data.failures().first)
        #expect(group.records[0].ref == "INV-66")
        #expect(group.object == "x")
        #expect(group.message == "evil\u{FFFD}")
        #expect(group.remedy == "fix\u{FFFD}it")
        let rows = try data.logPage(filter: "", anchor: .newest)
        #expect(rows.allSatisfy { !$0.summary.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B } })
        var state = makeState()
        _ = reduce(&state, .failuresLoaded(try data.failures()))
        state.pane = .failures
        _ = reduce(&state, .key(.enter))
        let screen = render(state, width: 80, height: 24).text
        #expect(!screen.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x1B || (0x80..<0xA0).contains($0.value) })
    }

    @Test func retryThroughTheCoreAndRefusalsAsMessages() throws {
        let folder = TempFolder()
        let store = try seededStore(folder)
        let data = ConsoleData(store: store)
        let viewer = EffectRunner(context: CommandContext(store: store, user: ActingUser(name: "bob"), role: .viewer), data: data)
        let refused = viewer.perform(.retry([2]))
        #expect(refused == .commandFinished(StatusMessage(
            "retry work item 2: needs role operator; you are bob (viewer). Ask an admin to grant it under [roles] in the configuration.",
            isError: true)))
        let readOnly = EffectRunner(context: CommandContext(store: store, user: ActingUser(name: "carol"), role: .finance, readOnly: true), data: data)
        if case .commandFinished(let message)? = readOnly.perform(.retry([2])) { #expect(message.isError) }
        else { Issue.record("read-only retry was not refused") }

        let op = EffectRunner(context: CommandContext(store: store, user: ActingUser(name: "alice"), role: .operator), data: data)
        #expect(op.perform(.retry([2])) == .commandFinished(StatusMessage(
            "wi:2 queued for retry (was failed); the next sync cycle validates and posts it.")))
        #expect(op.perform(.retryGroup(code: "UNMAPPED_GL_ACCOUNT", object: "service line 'Backflow Testing' / labour", state: .failed))
            == .commandFinished(StatusMessage("wi:3 queued for retry (was failed); the next sync cycle validates and posts it.")))
        #expect(try data.failures().isEmpty)
        let retries = try data.logPage(filter: "action:work_item.retry", anchor: .newest)
        #expect(retries.map(\.actor) == ["alice", "alice"])
    }
}
