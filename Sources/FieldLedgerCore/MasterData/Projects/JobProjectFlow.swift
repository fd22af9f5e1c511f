import FieldLedgerHTTP
import Foundation
import GRDB

/// ServiceTrade jobs → Business Central projects (issue 6), one way: ServiceTrade owns a job's
/// number and name. Runs before `invoice.post` and `timecard.post`, so a new job's project exists
/// when its time is booked (`timeRegistrationEntries` need the project: PROJECT_NOT_FOUND otherwise).
///
/// What it cannot do: API v2.0 projects carry only `number` and `displayName` (reference §2.1: no
/// bill-to customer, status or tasks), so a project does not wait for its customer; and the API
/// cannot create dimension values (§2.8), so the PROJECT dimension value an invoice line needs must
/// exist in Business Central already — when it does not, the invoice fails with
/// UNKNOWN_DIMENSION_VALUE and a remedy that says to create it (validation, not this flow).
struct JobProjectFlow: SyncFlow {
    static let name = "job.sync"
    var name: String { Self.name }

    func run(_ cycle: SyncCycle) async throws -> FlowCounts {
        try await MasterDataFailure.contained(flow: name, store: cycle.store) {
            try await JobProjectSync(store: cycle.store, bc: cycle.bc, st: cycle.st).run()
        }
    }
}

/// One pass: jobs changed since the `updatedAfter` cursor are looked up among the cached projects
/// (`reference_data`, refreshed at the start of every cycle) by number; a missing project is
/// created, an existing one coupled (a `links` row, kind `project`) and renamed when the job's name
/// changed. Writing only what differs from Business Central's value means re-reading a job never
/// writes again (no echo); a lost create answer is found by number next cycle, never duplicated.
struct JobProjectSync: Sendable {
    let store: Store
    let bc: BusinessCentralClient
    let st: ServiceTradeClient

    static let cursor = "job.sync:jobs"
    static let kind = MasterDataCoupling.Kind(kind: "project", sourceEntity: "job")
    /// Business Central's length of a project's `displayName` (Job Description, Text[100]).
    static let nameLimit = 100

    func run() async throws -> FlowCounts {
        var counts = FlowCounts(flow: JobProjectFlow.name)
        let since = try SyncCursor.position(system: "servicetrade", entity: Self.cursor, in: store).flatMap { Int($0) }
        var jobs: [JSONObject] = []
        try await st.forEachPage("job", plural: "jobs", filters: since.map { [("updatedAfter", String($0 - 1))] } ?? []) { page in
            jobs += page
        }
        var (projects, links) = try loadState()
        var allWell = true
        var newLinks: [(jobID: String, number: String, projectID: String, rule: String)] = []
        for job in jobs {
            guard let jobID = MasterDataText.id(job["id"]) else { continue }
            let number = MasterDataText.text(job["number"])
            let name = String(MasterDataText.text(job["name"]).prefix(Self.nameLimit))
            guard !number.isEmpty else { continue }
            do {
                if var project = projects[number.uppercased()] {
                    if !name.isEmpty, MasterDataText.text(project["displayName"]) != name {
                        project = try await rename(project, to: name, number: number, jobID: jobID)
                        projects[number.uppercased()] = project
                        counts.posted += 1
                    }
                    if links[jobID] == nil, let id = project["id"]?.stringValue {
                        newLinks.append((jobID, number, id, "number"))
                        links[jobID] = id
                    }
                } else {
                    let project = try await create(number: number, name: name, jobID: jobID)
                    projects[number.uppercased()] = project
                    counts.posted += 1
                    if let id = project["id"]?.stringValue {
                        newLinks.append((jobID, number, id, "created"))
                        links[jobID] = id
                    }
                }
            } catch {
                allWell = false
                counts.failed += 1
                MasterDataFailure.record(error, subject: "servicetrade:job:\(jobID)", details: ["project": .string(number)], in: store)
            }
        }
        counts.received = counts.posted + counts.failed
        let newest = jobs.compactMap { $0["updated"]?.intValue }.max()
        try store.write { db in
            for link in newLinks {
                _ = try MasterDataCoupling.couple(Self.kind, sourceID: link.jobID, sourceRef: link.number, erpID: link.projectID,
                                                  erpNumber: link.number, by: .engine, rule: link.rule, in: db)
            }
            if allWell, let newest, newest > (since ?? Int.min) {
                try SyncCursor.set(system: "servicetrade", entity: Self.cursor, to: String(newest), in: db)
            }
        }
        return counts
    }

    /// Cached projects by upper-cased number; job id → project id of the existing links.
    private func loadState() throws -> ([String: JSONObject], [String: String]) {
        try store.read { db in
            var projects: [String: JSONObject] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT data FROM reference_data WHERE erp_system = 'businesscentral' AND entity = 'projects'
                """) {
                guard let json = (try? JSONValue(parsing: row["data"] as String))?.objectValue else { continue }
                projects[MasterDataText.text(json["number"]).uppercased()] = json
            }
            var links: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT source_id, erp_id FROM links WHERE erp_system = 'businesscentral' AND kind = 'project'
                  AND source_system = 'servicetrade' AND source_entity = 'job'
                """) { links[row["source_id"]] = row["erp_id"] }
            return (projects, links)
        }
    }

    private func create(number: String, name: String, jobID: String) async throws -> JSONObject {
        let project = try await bc.create("projects", body: ["number": .string(number), "displayName": .string(name)])
        try remember(project, jobID: jobID, action: "masterdata.created", changes: ["number": .string(number), "displayName": .string(name)])
        return project
    }

    private func rename(_ project: JSONObject, to name: String, number: String, jobID: String) async throws -> JSONObject {
        guard let id = project["id"]?.stringValue else { throw bc.shapeError("GET projects", "project \(number) has no id") }
        let updated = try await MasterDataRemote.patch(bc, "projects(\(id))", current: project, body: ["displayName": .string(name)],
                                                       what: "project \(number)")
        try remember(updated, jobID: jobID, action: "masterdata.updated", changes: ["displayName": .string(name)])
        return updated
    }

    /// The project into the reference cache (so validation sees it this cycle) with its audit event.
    private func remember(_ project: JSONObject, jobID: String, action: String, changes: JSONObject) throws {
        try store.write { db in
            if let set = ReferenceDataRefresh.standardSets.first(where: { $0.name == "projects" }) {
                try ReferenceDataRefresh.upsert([project], of: set, refreshedAt: Timestamp.now(), in: db)
            }
            try AuditLog.append(NewAuditEvent(actor: .engine, action: action, subject: "servicetrade:job:\(jobID)",
                details: ["system": "businesscentral", "bcRef": .string("businesscentral:project:\(MasterDataText.text(project["number"]))"),
                          "changes": .object(changes)]), in: db)
        }
    }
}
