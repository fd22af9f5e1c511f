import FieldLedgerHTTP
import Foundation
import GRDB
@testable import FieldLedgerCore

/// A store with a small Business Central reference cache (as `ReferenceDataRefresh` writes it)
/// and people in each role, for the rule tests.
struct RuleFixture {
    let dir = TemporaryDirectory()
    let store: Store
    let finance: CommandContext
    let operatorContext: CommandContext

    init(reference: Bool = true) throws {
        store = try Store.open(path: dir.file("rules.sqlite"))
        finance = CommandContext(store: store, user: ActingUser(name: "carol"), role: .finance)
        operatorContext = CommandContext(store: store, user: ActingUser(name: "omar"), role: .operator)
        if reference { try store.write { db in try RuleFixture.insertReference(db) } }
    }

    static func insertReference(_ db: Database) throws {
        func add(_ entity: String, _ id: String, _ code: String, name: String? = nil, blocked: Bool = false, _ data: JSONObject = [:]) throws {
            try db.execute(sql: """
                INSERT INTO reference_data (erp_system, entity, erp_id, code, name, blocked, data, refreshed_at)
                VALUES ('businesscentral', ?, ?, ?, ?, ?, ?, 't')
                """, arguments: [entity, id, code, name ?? code, blocked, JSONValue.object(data).serialized()])
        }
        let posting: JSONObject = ["accountType": "Posting", "directPosting": true]
        for number in ["41100", "43100", "43200", "49000", "12000", "62000", "61000"] {
            try add("accounts", "acc-\(number)", number, name: "Account \(number)", posting)
        }
        try add("accounts", "acc-44900", "44900", name: "Fire Protection Revenue - OLD", blocked: true, ["accountType": "Posting", "directPosting": true, "blocked": true])
        try add("accounts", "acc-40000", "40000", name: "REVENUE", ["accountType": "Heading", "directPosting": false])
        try add("accounts", "acc-45000", "45000", name: "No direct posting", ["accountType": "Posting", "directPosting": false])
        try add("dimensions", "dim-dep", "DEPARTMENT")
        try add("dimensions", "dim-area", "AREA")
        try add("dimensionValues", "dv-fs", "FS", ["dimensionId": "dim-dep"])
        try add("dimensionValues", "dv-hvac", "HVAC", ["dimensionId": "dim-dep"])
        try add("dimensionValues", "dv-old", "SPRINKLER-OLD", ["dimensionId": "dim-dep", "blocked": true])
        try add("dimensionValues", "dv-ral", "RAL", ["dimensionId": "dim-area"])
        try add("taxGroups", "tg-labor", "LABOR")
        try add("taxAreas", "ta-wake", "NC-WAKE")
        try add("paymentTerms", "pt-net30", "NET30")
    }

    static func gl(_ target: String, itemType: String = "*", serviceLine: String = "*", branch: String = "*",
                   document: String = "*") -> PostingRule {
        PostingRule(kind: .glAccount, document: document, itemType: itemType, serviceLine: serviceLine, branch: branch,
                    target: target, createdBy: "")
    }

    func live() throws -> [PostingRule] { try store.read { db in try RuleBook.liveRules(db) } }

    func events(_ action: String) throws -> [AuditEvent] {
        try store.read { db in try AuditEvent.fetchAll(db, sql: "SELECT * FROM audit_events WHERE action = ? ORDER BY seq", arguments: [action]) }
    }
}

/// The issues of a refused rule change (fails the test when the change was not refused).
func refusal(_ body: () throws -> Void) -> [RuleIssue] {
    do {
        try body()
    } catch let refused as RuleChangeRefused {
        return refused.issues
    } catch {
        return [RuleIssue(code: "UNEXPECTED", message: "\(error)")]
    }
    return []
}
