import FieldLedgerHTTP
import Foundation
@testable import FieldLedgerCore

/// A fresh folder under /tmp for one test, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() {
        let base = NSTemporaryDirectory() + "fieldledger-test-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs the sqlite3 CLI on a file, as an admin (or an attacker) would, and returns its exit status and output.
@discardableResult
func sqlite3(_ path: String, _ sql: String) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [path, sql]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Inserts a posted or failed invoice work item with a few audit events; returns its id.
@discardableResult
func seedInvoice(_ store: Store, number: String, sourceId: String, posted: Bool, erpNumber: String? = nil,
                 erpId: String? = nil) throws -> Int64 {
    try store.write { db in
        var item = WorkItem(flow: "invoice.post", sourceSystem: "servicetrade", sourceEntity: "invoice",
                            sourceId: sourceId, sourceRef: number, naturalKey: number.uppercased(), state: .received)
        try item.insert(recordingBy: .engine, in: db)
        try item.move(to: .ready, by: .engine, in: db)
        if posted {
            try item.move(to: .posting, by: .engine, in: db)
            try item.move(to: .posted, by: .engine, in: db)
            var link = Link(erpSystem: "businesscentral", kind: "salesInvoice", sourceSystem: "servicetrade", sourceEntity: "invoice",
                            sourceId: sourceId, sourceRef: number, erpId: erpId ?? UUID().uuidString,
                            erpNumber: erpNumber, workItemId: item.id)
            try link.insert(recordingBy: .engine, subject: item.subject, in: db)
        } else {
            try item.move(to: .failed, failure: SyncFailure(code: "UNMAPPED_GL_ACCOUNT", object: "service line 'Backflow Testing' / labour",
                          message: "No GL rule for service line 'Backflow Testing', item type labour.",
                          remedy: "Add one under Mappings › GL accounts."), by: .engine, in: db)
        }
        return item.id!
    }
}
