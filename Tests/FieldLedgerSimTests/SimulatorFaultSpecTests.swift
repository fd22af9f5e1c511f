import Testing
@testable import FieldLedgerSim

@Suite("Simulator fault spec")
struct SimulatorFaultSpecTests {
    @Test("a full spec parses per API and kind")
    func parsesFullSpec() throws {
        let spec = try FaultSpec(parsing: "bc:5xx=0.10,429=0.05,timeout=0.02,drop-after-commit=0.02;st:5xx=0.05")
        #expect(spec.probabilities["bc"]?[.serverError] == 0.10)
        #expect(spec.probabilities["bc"]?[.dropAfterCommit] == 0.02)
        #expect(spec.probabilities["st"]?[.serverError] == 0.05)
        #expect(spec.probabilities["pm"] == nil)
    }

    @Test("an empty spec means no faults")
    func emptySpec() throws {
        #expect(try FaultSpec(parsing: "").probabilities.isEmpty)
    }

    @Test("bad specs are refused with a message naming the problem", arguments: [
        ("bc5xx=0.1", "no 'api:' prefix"),
        ("xx:5xx=0.1", "unknown API 'xx'"),
        ("bc:500=0.1", "unknown fault kind '500'"),
        ("bc:5xx=1.5", "between 0 and 1"),
        ("bc:5xx=0.7,429=0.7", "more than 1"),
        ("bc:5xx", "not kind=probability"),
    ])
    func refusesBadSpecs(spec: String, fragment: String) {
        #expect {
            _ = try FaultSpec(parsing: spec)
        } throws: { error in
            (error as? SimulatorConfigurationError)?.message.contains(fragment) == true
        }
    }

    @Test("the same seed draws the same fault sequence")
    func seededSequenceRepeats() throws {
        let spec = try FaultSpec(parsing: "bc:5xx=0.3,429=0.3")
        let a = FaultInjector(spec: spec, seed: 42), b = FaultInjector(spec: spec, seed: 42)
        let first = (0..<200).map { _ in a.draw(api: "bc")?.kind }
        let second = (0..<200).map { _ in b.draw(api: "bc")?.kind }
        #expect(first == second)
        #expect(first.contains(.serverError) && first.contains(.throttled) && first.contains(nil))
        #expect(FaultInjector(spec: spec, seed: 42).draw(api: "st") == nil)
    }

    @Test("probability 1 always faults, 5xx picks 500, 502 or 503")
    func certainFault() throws {
        let injector = FaultInjector(spec: try FaultSpec(parsing: "bc:5xx=1"), seed: 7)
        let statuses = Set((0..<100).compactMap { _ in injector.draw(api: "bc")?.status })
        #expect(statuses.isSubset(of: [500, 502, 503]) && statuses.count >= 2)
    }

    @Test("limits profiles parse and refuse bad input")
    func limitsParse() throws {
        #expect(try LimitsProfile(parsing: "bc-real") == .bcReal)
        #expect(try LimitsProfile(parsing: "none") == LimitsProfile.none)
        let custom = try LimitsProfile(parsing: "bc:concurrent=2,queue=0,rate=10/60")
        #expect(custom.maxConcurrent == 2 && custom.maxQueued == 0 && custom.maxRequests == 10 && custom.windowSeconds == 60)
        #expect(throws: SimulatorConfigurationError.self) { _ = try LimitsProfile(parsing: "bc:rate=ten") }
        #expect(throws: SimulatorConfigurationError.self) { _ = try LimitsProfile(parsing: "fast") }
    }
}
