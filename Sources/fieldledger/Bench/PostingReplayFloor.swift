import FieldLedgerCore
import FieldLedgerHTTP
import Foundation

/// The floor `bench sync` compares the engine against: the very deep inserts the engine sent
/// (taken from the simulator's request log), replayed by raw libcurl at the engine's concurrency
/// against a fresh simulator on the same data — each one followed by its `post`, as the engine
/// does. No store, no validation, no limiter, no retry: the fastest the simulator can take these
/// invoices, so the ratio measures what the engine adds.
///
/// A GET-based floor (`customers?$top=1` divided by two) is reported beside it, but a GET costs
/// the simulator a fraction of a deep insert with its lines, dimensions, tax and ledger entries.
struct PostingReplayFloor {
    let bodies: [JSONValue]
    let concurrency = 5

    /// The `salesInvoices` deep-insert bodies the simulator answered 201, in order.
    static func bodies(fromRequestLog lines: some Sequence<Substring>) -> [JSONValue] {
        lines.compactMap { line in
            guard line.contains("\"status\":201"), line.contains("\"method\":\"POST\""), line.contains("/salesInvoices\""),
                  let entry = (try? JSONValue(parsing: String(line)))?.objectValue,
                  let body = entry["body"], body.objectValue != nil else { return nil }
            return body
        }
    }

    /// Replays every body (create, then post) and returns invoices per second.
    func invoicesPerSecond(config: FieldLedgerConfig) async throws -> Double {
        guard !bodies.isEmpty else { throw CommandFailure("bench sync: the engine posted no invoice, so there is nothing to replay for the floor") }
        let http = HTTPClient(configuration: .init(maxConcurrentRequests: concurrency))
        defer { http.shutdown() }
        guard let bc = try config.businessCentralClient(http: http) else {
            throw CommandFailure("bench sync: the simulator's configuration has no [business_central] section")
        }
        let collection = try await bc.companyURL("salesInvoices")
        let headers: HTTPHeaders = ["Authorization": try await bc.authorizationHeader(), "Accept": "application/json",
                                    "Content-Type": "application/json"]
        let next = Counter()
        let start = BenchSupport.now()
        let posted = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var count = 0
                    while let index = next.take(below: bodies.count) {
                        let created = try await http.send(HTTPRequest(method: .post, url: collection, headers: headers,
                                                                      body: Array(bodies[index].serialized().utf8)))
                        guard created.status == 201, let id = (try? JSONValue(parsing: created.body))?["id"]?.stringValue else {
                            throw CommandFailure("bench sync: the floor's deep insert \(index) answered \(created.status)")
                        }
                        let post = try await http.send(HTTPRequest(method: .post, url: collection + "(\(id))/Microsoft.NAV.post", headers: headers))
                        guard post.status == 204 else {
                            throw CommandFailure("bench sync: the floor's post of invoice \(index) answered \(post.status)")
                        }
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        return Double(posted) / (BenchSupport.now() - start)
    }

    /// Hands out indexes to the replaying tasks.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func take(below limit: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard value < limit else { return nil }
            defer { value += 1 }
            return value
        }
    }
}
