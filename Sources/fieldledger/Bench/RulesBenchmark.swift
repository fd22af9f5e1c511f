import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP
import Foundation

/// `fieldledger bench rules`: the pickers' search over a large chart of accounts. Target: a
/// search over 10,000 accounts answers in under 10 ms at p99 (issue 5). Run on a release build.
struct BenchRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Time ReferenceSearch (the mapping pickers' data) over a synthetic chart of accounts; prints p50/p99.",
        discussion: "Builds --accounts accounts with realistic numbers and names, then runs --searches searches (code prefixes and name substrings, case-insensitive). Target: p99 < 10 ms for 10,000 accounts.")

    @Option(help: "Accounts in the chart.") var accounts = 10_000
    @Option(help: "Searches to time.") var searches = 2_000
    @OptionGroup var output: JSONOption

    func run() throws {
        let words = ["Revenue", "Labor", "Material", "Freight", "Rental", "Service", "Contract", "Warranty", "Inventory",
                     "Payroll", "Travel", "Fuel", "Insurance", "Depreciation", "Interest", "Discount", "Refund", "Deposit"]
        let regions = ["Raleigh", "Charlotte", "Durham", "Greensboro", "Wilmington", "Asheville", "Cary", "Concord"]
        var hits: [ReferenceSearch.Hit] = []
        for n in 0..<accounts {
            let name = "\(words[n % words.count]) \(words[(n / 7) % words.count]) - \(regions[(n / 3) % regions.count]) \(n % 97)"
            hits.append(.init(code: String(10_000 + n * 7 % 90_000) + (n >= 90_000 / 7 ? "-\(n)" : ""), name: name, blocked: n % 50 == 0))
        }
        let loadStart = BenchSupport.now()
        let search = ReferenceSearch(entries: ["accounts": hits])
        let loadSeconds = BenchSupport.now() - loadStart

        let queries = (0..<searches).map { i -> String in
            switch i % 4 {
            case 0: String(10_000 + (i * 131) % 90_000).prefix(1 + i % 4).description   // code prefix
            case 1: words[i % words.count].lowercased().prefix(3 + i % 4).description    // name start
            case 2: regions[i % regions.count].uppercased()                               // name part, other case
            default: "zz-no-match-\(i)"                                                   // a full scan that finds nothing
            }
        }
        var samples: [Double] = []
        var found = 0
        for query in queries {
            let start = BenchSupport.now()
            found += search.search("accounts", query: query, limit: 50).count
            samples.append((BenchSupport.now() - start) * 1000)
        }
        let p50 = BenchSupport.percentile(samples, 50)
        let p99 = BenchSupport.percentile(samples, 99)
        let max = samples.max() ?? 0
        if output.json {
            Output.json(.object(["accounts": .int(accounts), "searches": .int(searches), "loadMs": .decimal(Self.ms(loadSeconds * 1000)),
                                 "p50Ms": .decimal(Self.ms(p50)), "p99Ms": .decimal(Self.ms(p99)), "maxMs": .decimal(Self.ms(max)),
                                 "targetP99Ms": .int(10), "met": .bool(p99 < 10)]))
        } else {
            Output.line("reference search over \(accounts) accounts, \(searches) searches (\(found) hits); index built in \(Self.ms(loadSeconds * 1000)) ms")
            Output.line("p50 \(Self.ms(p50)) ms  p99 \(Self.ms(p99)) ms  max \(Self.ms(max)) ms  (target p99 < 10 ms: \(p99 < 10 ? "met" : "NOT met"))")
        }
    }

    private static func ms(_ value: Double) -> Decimal { (Decimal(string: String(format: "%.3f", value)) ?? 0) }
}
