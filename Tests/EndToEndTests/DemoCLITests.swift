import Foundation
import Testing

/// `fieldledger demo --headless`: the main job on the embedded default, as a newcomer runs it.
@Suite("CLI: demo, headless")
struct DemoCLITests {
    static let sampleData = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sample-data").path

    @Test("posts the sample company, plays the scenario through the services' APIs, and lists what needs a person")
    func headlessDemo() throws {
        let folder = TemporaryFolder()
        let run = try BinaryRunner.run(["demo", "--headless", "--data", Self.sampleData, "--dir", folder.path], timeout: 300)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("invoice.post: 173 received, 167 posted, 5 failed, 1 blocked"))
        #expect(run.stdout.contains("timecard.post: 30 received, 22 posted, 8 failed"), "\(run.stdout)")
        for step in ["pay-half", "nsf-reverse", "void-posted", "approve-batch-1", "approve-batch-4"] {
            #expect(run.stdout.contains("scenario \(step): "), "step \(step) played")
        }
        #expect(!run.stdout.contains("did not happen"), "\(run.stdout)")
        #expect(run.stdout.contains("payment ACH-20261121-01 returned unpaid (NSF)"))
        for code in ["UNMAPPED_GL_ACCOUNT", "INVALID_TAX_CODE", "TOTAL_MISMATCH", "EMPTY_INVOICE", "MISSING_CUSTOMER", "EMPLOYEE_NOT_LINKED"] {
            #expect(run.stdout.contains(code))
        }
        #expect(run.stdout.contains("audit trail: intact"))
    }

    @Test("a malformed scenario is refused with the step and member that are wrong, before anything runs")
    func badScenario() throws {
        let folder = TemporaryFolder()
        let data = folder.file("data")
        try FileManager.default.copyItem(atPath: Self.sampleData, toPath: data)
        let scenario = data + "/scenario.json"
        let text = try String(contentsOfFile: scenario, encoding: .utf8)
            .replacingOccurrences(of: "\"bc.reversePayment\"", with: "\"bc.refund\"")
        try text.write(toFile: scenario, atomically: true, encoding: .utf8)
        let run = try BinaryRunner.run(["demo", "--headless", "--data", data, "--dir", folder.file("run")], timeout: 120)
        #expect(run.status == 1)
        #expect(run.stderr.contains("scenario.json: step nsf-reverse: action.type 'bc.refund'"), "\(run.stderr)")
    }
}
