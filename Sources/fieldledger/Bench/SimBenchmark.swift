import ArgumentParser
import FieldLedgerHTTP
import FieldLedgerSim
import Foundation

struct BenchSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Requests per second the simulated Business Central serves on loopback to the libcurl client.",
        discussion: """
            Starts the Business Central simulator in this process on 127.0.0.1 with --data, then drives it with \
            FieldLedger's libcurl client (--concurrency requests in flight): simple GETs of one customer, \
            deep-insert POSTs of a sales invoice with three lines, and as the floor the same client and server \
            answering a request no API handles. Target: at least 10,000 GETs/s, so that engine benchmarks measure \
            the engine, not the simulator. Use a release build.
            """)

    @Option(help: ArgumentHelp("Data directory with bc/ (see sample-data/README.md).", valueName: "dir")) var data = "sample-data"
    @Option(help: "Simple GET requests to time.") var gets = 40_000
    @Option(help: "Deep-insert POST requests to time.") var posts = 2_000
    @Option(help: "Requests in flight at once (libcurl worker threads).") var concurrency = 8
    @OptionGroup var output: JSONOption

    func run() async throws {
        guard gets > 0, posts > 0, (1...64).contains(concurrency) else {
            throw ValidationError("--gets and --posts must be positive and --concurrency between 1 and 64")
        }
        guard FileManager.default.fileExists(atPath: data + "/bc") else {
            throw CommandFailure("--data \(data): no bc/ folder there (run from the repository root or pass --data sample-data)")
        }
        let bench = SimBenchmark(dataDirectory: URL(fileURLWithPath: data), gets: gets, posts: posts, concurrency: concurrency,
                                 progress: output.json ? { _ in } : { Output.error($0) })
        let result = try await bench.run()
        if output.json { Output.json(result.json) } else { Output.line(result.text) }
    }
}

/// `fieldledger bench sim`: the simulator's throughput from the client FieldLedger itself uses.
struct SimBenchmark {
    let dataDirectory: URL
    let gets: Int
    let posts: Int
    let concurrency: Int
    let progress: (String) -> Void

    static let getTarget = 10_000.0

    struct Result {
        var concurrency: Int
        var gets: Int
        var posts: Int
        var floorPerSecond: Double
        var getsPerSecond: Double
        var postsPerSecond: Double
        var getRatioToFloor: Double { floorPerSecond > 0 ? getsPerSecond / floorPerSecond : 0 }
        var meetsTarget: Bool { getsPerSecond >= SimBenchmark.getTarget }
    }

    func run() async throws -> Result {
        let clock = SimClock()
        let api = BusinessCentralAPI(clock: clock)
        let server = SimulatorServer(options: SimulatorOptions(port: 0, dataDirectory: dataDirectory), apis: [api], clock: clock)
        let endpoints = try await server.start()
        let http = HTTPClient(configuration: .init(requestTimeout: .seconds(30), maxConcurrentRequests: concurrency))
        defer { http.shutdown() }
        do {
            let result = try await measure(http, endpoints.first { $0.name == "bc" }, root: server.baseURL ?? "")
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    private func measure(_ http: HTTPClient, _ bc: SimulatorEndpoint?, root: String) async throws -> Result {
        guard let bc, let tokenURL = bc.tokenURL, let clientId = bc.clientId, let secret = bc.clientSecret,
              let company = bc.details.first(where: { $0.name == "company" })?.value else {
            throw CommandFailure("bench sim: the Business Central simulator did not start")
        }
        let form = "grant_type=client_credentials&client_id=\(clientId)&client_secret=\(secret)"
            + "&scope=https%3A%2F%2Fapi.businesscentral.dynamics.com%2F.default"
        let tokenReply = try await http.send(HTTPRequest(method: .post, url: tokenURL,
                                                         headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                         body: Array(form.utf8)))
        guard let token = (try? tokenReply.json())?["access_token"]?.stringValue else {
            throw CommandFailure("bench sim: the token endpoint answered \(tokenReply.status)")
        }
        let headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
        let companyURL = "\(bc.baseURL)/companies(\(company))"
        let customers = try await http.send(HTTPRequest(url: "\(companyURL)/customers?$top=1&$select=id", headers: headers))
        let items = try await http.send(HTTPRequest(url: "\(companyURL)/items?$top=1&$select=id", headers: headers))
        guard let customer = (try? customers.json())?["value"]?[0]?["id"]?.stringValue,
              let item = (try? items.json())?["value"]?[0]?["id"]?.stringValue else {
            throw CommandFailure("bench sim: --data \(dataDirectory.path) needs at least one customer and one item in bc/")
        }

        progress("warming up…")
        _ = try await throughput(http, count: min(gets, 2_000), expect: 200) { _ in
            HTTPRequest(url: "\(companyURL)/customers(\(customer))", headers: headers)
        }
        progress("floor: \(gets) requests no API answers…")
        let floor = try await throughput(http, count: gets, expect: 404) { _ in HTTPRequest(url: "\(root)/bench-floor") }
        progress("\(gets) GET customers({id})…")
        let getRate = try await throughput(http, count: gets, expect: 200) { _ in
            HTTPRequest(url: "\(companyURL)/customers(\(customer))", headers: headers)
        }
        progress("\(posts) POST salesInvoices with three lines (deep insert)…")
        let line: JSONValue = ["lineType": "Item", "itemId": .string(item), "quantity": 2]
        let postRate = try await throughput(http, count: posts, expect: 201) { index in
            HTTPRequest(method: .post, url: "\(companyURL)/salesInvoices", headers: headers,
                        json: ["customerId": .string(customer), "externalDocumentNumber": .string("BENCH-\(index)"),
                               "salesInvoiceLines": [line, line, line]])
        }
        return Result(concurrency: concurrency, gets: gets, posts: posts, floorPerSecond: floor,
                      getsPerSecond: getRate, postsPerSecond: postRate)
    }

    /// Sends `count` requests with `concurrency` in flight; every answer must have status `expect`.
    private func throughput(_ http: HTTPClient, count: Int, expect: Int,
                            _ request: @escaping @Sendable (Int) -> HTTPRequest) async throws -> Double {
        let lanes = concurrency
        let start = BenchSupport.now()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<lanes {
                group.addTask {
                    var index = lane
                    while index < count {
                        let response = try await http.send(request(index))
                        guard response.status == expect else {
                            throw CommandFailure("bench sim: \(request(index).method.rawValue) \(request(index).url) answered \(response.status), expected \(expect): \(response.text.prefix(300))")
                        }
                        index += lanes
                    }
                }
            }
            try await group.waitForAll()
        }
        return Double(count) / max(BenchSupport.now() - start, 1e-9)
    }
}

extension SimBenchmark.Result {
    var json: JSONValue {
        .object([
            "concurrency": .int(concurrency), "gets": .int(gets), "posts": .int(posts),
            "floorPerSecond": .int(Int(floorPerSecond)), "getsPerSecond": .int(Int(getsPerSecond)),
            "getTargetPerSecond": .int(Int(SimBenchmark.getTarget)), "meetsTarget": .bool(meetsTarget),
            "getRatioToFloor": .string(String(format: "%.2f", getRatioToFloor)),
            "deepInsertPostsPerSecond": .int(Int(postsPerSecond)),
        ])
    }

    var text: String {
        [
            "Business Central simulator on loopback, libcurl client, \(concurrency) requests in flight:",
            "  floor (a request no API answers): \(Int(floorPerSecond)) requests/s",
            "  GET customers({id}):              \(Int(getsPerSecond)) requests/s = \(String(format: "%.2f", getRatioToFloor))× floor (target ≥ \(Int(SimBenchmark.getTarget))/s: \(meetsTarget ? "met" : "NOT met"))",
            "  POST salesInvoices, 3 lines:      \(Int(postsPerSecond)) requests/s (deep insert, \(posts) invoices)",
        ].joined(separator: "\n")
    }
}
