import FieldLedgerHTTP
import FieldLedgerSim
import Foundation
@testable import FieldLedgerCore

/// The sample company on the three simulators (loopback, a free port), a fresh store with the
/// seed rules, and the connectors pointed at them — what `fieldledger demo` does, for tests.
final class SimulatedCompany: @unchecked Sendable {
    static let sampleData = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sample-data")

    let server: SimulatorServer
    let bcSim: BusinessCentralAPI
    let stSim: ServiceTradeSimulator
    let http: HTTPClient
    let store: Store
    let bc: BusinessCentralClient
    let st: ServiceTradeClient
    let folder: String

    /// The simulators' request log (JSON lines), when asked for with `logRequests`.
    var requestLogPath: String { folder + "/requests.jsonl" }

    /// `extraInvoices` adds that many generated approved invoices (all valid) to the sample's own.
    init(faults: String? = nil, seed: UInt64 = 7, requestTimeout: Duration = .seconds(30), logRequests: Bool = false,
         extraInvoices: Int = 0) async throws {
        folder = NSTemporaryDirectory() + "fieldledger-engine-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var data = Self.sampleData
        if extraInvoices > 0 {
            data = URL(fileURLWithPath: folder + "/data")
            try ScaledSampleData(sampleData: Self.sampleData.path).write(to: data.path, generated: extraInvoices, keepSampleInvoices: true)
        }
        let clock = SimClock()
        bcSim = BusinessCentralAPI(clock: clock)
        stSim = ServiceTradeSimulator(clock: clock)
        let options = SimulatorOptions(port: 0, dataDirectory: data,
                                       faults: try faults.map { try FaultSpec(parsing: $0) } ?? FaultSpec(), seed: seed,
                                       requestLogPath: logRequests ? folder + "/requests.jsonl" : nil, timeoutHoldSeconds: 2)
        server = SimulatorServer(options: options, apis: [bcSim, stSim, PartsManagerSimulator(clock: clock)], clock: clock)
        let endpoints = try await server.start()
        let root = server.baseURL!
        let bcEndpoint = endpoints.first { $0.name == "bc" }!
        http = HTTPClient(configuration: .init(connectTimeout: .seconds(2), requestTimeout: requestTimeout, maxConcurrentRequests: 5))
        bc = BusinessCentralClient(endpoint: BusinessCentralEndpoint(
            baseURL: root + "/bc", loginURL: root + "/bc-login", tenant: bcEndpoint.tenantId!,
            environment: bcEndpoint.details.first { $0.name == "environment" }!.value,
            company: bcEndpoint.details.first { $0.name == "company" }!.value,
            clientID: bcEndpoint.clientId!, clientSecret: bcEndpoint.clientSecret!), http: http)
        st = ServiceTradeClient(endpoint: ServiceTradeEndpoint(baseURL: root + "/st/api", auth: .session(
            username: ServiceTradeTestCredentials.username, password: ServiceTradeTestCredentials.password)), http: http)
        store = try Store.open(path: folder + "/store.sqlite")
        try PostingRuleSeed.load(directory: Self.sampleData.path + "/rules", into: store, by: ActingUser(name: "finance-test"))
    }

    func engine(retry: RetryPolicy = RetryPolicy(maxAttempts: 30, baseDelay: 0, maxDelay: 0),
                createMissingCustomers: Bool = false) -> SyncEngine {
        SyncEngine(store: store, bc: bc, st: st,
                   settings: .init(workers: 4, retry: retry, createMissingCustomers: createMissingCustomers))
    }

    /// Business Central's sales invoices by external document number, read through the real API
    /// (drafts and posted alike) with the simulator's faults switched off for the count.
    func invoicesInERP() async throws -> [String: Int] {
        let all = try await bc.list("salesInvoices", query: ODataQuery(select: ["externalDocumentNumber", "status"]))
        var counts: [String: Int] = [:]
        for invoice in all { counts[invoice["externalDocumentNumber"]?.stringValue ?? "", default: 0] += 1 }
        return counts
    }

    /// Switches the simulator's faults off (or to another spec) through its control route.
    func setFaults(_ spec: String) async throws {
        let body = JSONValue.object(["spec": .string(spec)]).serialized()
        let response = try await http.send(HTTPRequest(method: .put, url: server.baseURL! + "/_sim/faults",
                                                       headers: ["Content-Type": "application/json"], body: Array(body.utf8)))
        precondition(response.status == 200, "PUT /_sim/faults answered \(response.status)")
    }

    func stop() async {
        await st.signOut()
        await server.stop()
        http.shutdown()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The planted problems of sample-data/README.md and the code each must fail with.
    static let planted: [String: String] = [
        "INV-26012": "INVALID_TAX_CODE", "INV-26045": "TOTAL_MISMATCH", "INV-26058": "EMPTY_INVOICE",
        "INV-26077": "UNMAPPED_GL_ACCOUNT", "INV-26143": "UNMAPPED_GL_ACCOUNT", "INV-26150": "MISSING_CUSTOMER",
    ]
}

extension SimulatedCompany {
    /// The fix for the sample company's planted GL gap (the new Backflow Testing service line):
    /// its DEPARTMENT dimension value and its GL account.
    static let backflowDepartment = PostingRule(kind: .dimension, sourceKind: "service_line", sourceValue: "Backflow Testing",
                                                dimensionCode: "DEPARTMENT", target: "FS", createdBy: "")
    static let backflowGL = PostingRule(kind: .glAccount, serviceLine: "Backflow Testing", target: "49000", createdBy: "")
}
