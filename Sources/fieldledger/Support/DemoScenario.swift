import FieldLedgerCore
import FieldLedgerHTTP
import Foundation

/// `sample-data/scenario.json`: what the sample company's people do while the demo runs —
/// approve invoices, take a payment in Business Central, see it bounce, void a posted invoice.
/// Every action goes through the simulated services' own APIs, the way a person's action
/// would reach the real ones (only the NSF reversal, which no API can express, uses the
/// simulator's `/_sim` route). The format is in sample-data/README.md.
struct DemoScenario: Sendable {
    enum When: Sendable, Equatable {
        case afterStart(seconds: Double)
        case afterPosted(stInvoiceID: String)
        case afterStep(String, seconds: Double)
    }

    enum Action: Sendable, Equatable {
        case setInvoiceStatus(ids: [String], status: String)
        case applyPayment(stInvoiceNumber: String, amount: Decimal, reference: String)
        case reversePayment(reference: String)
    }

    struct Step: Sendable, Equatable {
        var id: String
        var when: When
        var action: Action
        var expect: String?
    }

    var steps: [Step]

    /// Reads and checks the file; every problem names the step and the member.
    static func load(path: String) throws -> DemoScenario {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CommandFailure("\(path): cannot read the scenario (\(error.localizedDescription))")
        }
        let json: JSONValue
        do { json = try JSONValue(parsing: text) } catch { throw CommandFailure("\(path): not JSON: \(error)") }
        guard json["format"]?.stringValue == "fieldledger-scenario/1" else {
            throw CommandFailure("\(path): \"format\" must be \"fieldledger-scenario/1\"")
        }
        guard let rawSteps = json["steps"]?.arrayValue else { throw CommandFailure("\(path): no \"steps\" array") }
        var steps: [Step] = []
        for (index, raw) in rawSteps.enumerated() {
            let id = raw["id"]?.stringValue ?? "#\(index + 1)"
            func fail(_ what: String) -> CommandFailure { CommandFailure("\(path): step \(id): \(what)") }
            func text(_ value: JSONValue?, _ name: String) throws -> String {
                guard let text = value?.stringValue ?? value?.numberValue?.literal, !text.isEmpty else { throw fail("\(name) is missing") }
                return text
            }
            guard let when = raw["when"], let action = raw["action"] else { throw fail("needs \"when\" and \"action\"") }
            let delay = when["delaySeconds"]?.decimalValue.map { NSDecimalNumber(decimal: $0).doubleValue } ?? 0
            let condition: When
            switch when["type"]?.stringValue {
            case "afterStart": condition = .afterStart(seconds: delay)
            case "afterPosted": condition = .afterPosted(stInvoiceID: try text(when["stInvoiceId"], "when.stInvoiceId"))
            case "afterStep": condition = .afterStep(try text(when["step"], "when.step"), seconds: delay)
            case let other: throw fail("when.type \(other.map { "'\($0)'" } ?? "missing"); use afterStart, afterPosted or afterStep")
            }
            let performed: Action
            switch action["type"]?.stringValue {
            case "st.setInvoiceStatus":
                let ids = (action["invoiceIds"]?.arrayValue ?? [action["invoiceId"]].compactMap { $0 })
                    .compactMap { $0.numberValue?.literal ?? $0.stringValue }
                guard !ids.isEmpty else { throw fail("action needs invoiceId or invoiceIds") }
                performed = .setInvoiceStatus(ids: ids, status: try text(action["status"], "action.status"))
            case "bc.applyPayment":
                guard let amount = action["amount"]?.decimalValue, amount > 0 else { throw fail("action.amount must be a positive number") }
                performed = .applyPayment(stInvoiceNumber: try text(action["stInvoiceNumber"], "action.stInvoiceNumber"),
                                          amount: amount, reference: try text(action["paymentReference"], "action.paymentReference"))
            case "bc.reversePayment":
                performed = .reversePayment(reference: try text(action["paymentReference"], "action.paymentReference"))
            case let other:
                throw fail("action.type \(other.map { "'\($0)'" } ?? "missing"); use st.setInvoiceStatus, bc.applyPayment or bc.reversePayment")
            }
            steps.append(Step(id: id, when: condition, action: performed, expect: raw["expect"]?.stringValue))
        }
        for step in steps {
            if case .afterStep(let other, _) = step.when, !steps.contains(where: { $0.id == other }) {
                throw CommandFailure("\(path): step \(step.id): waits for step '\(other)', which does not exist")
            }
        }
        return DemoScenario(steps: steps)
    }

    /// The steps whose condition holds at `now`, given when the demo started, which steps ran
    /// when, and which ServiceTrade invoices have posted. In file order.
    func due(now: Date, started: Date, done: [String: Date], posted: (String) -> Bool) -> [Step] {
        steps.filter { step in
            guard done[step.id] == nil else { return false }
            switch step.when {
            case .afterStart(let seconds): return now.timeIntervalSince(started) >= seconds
            case .afterPosted(let id): return posted(id)
            case .afterStep(let other, let seconds): return done[other].map { now.timeIntervalSince($0) >= seconds } ?? false
            }
        }
    }
}

/// Performs scenario actions against the services FieldLedger is configured for.
struct DemoScenarioActor: Sendable {
    let bc: BusinessCentralClient
    let st: ServiceTradeClient
    let http: HTTPClient
    /// The simulators' root URL, for `/_sim` (the NSF reversal).
    let simulatorRoot: String

    /// Does `action`; returns one line saying what happened.
    func perform(_ action: DemoScenario.Action) async throws -> String {
        switch action {
        case .setInvoiceStatus(let ids, let status):
            for id in ids { try await st.update("invoice", id: id, ["status": .string(status)]) }
            return "ServiceTrade: invoice\(ids.count == 1 ? "" : "s") \(ids.joined(separator: ", ")) set to \(status)"
        case .applyPayment(let number, let amount, let reference):
            let invoices = try await bc.list("salesInvoices", query: ODataQuery(
                filter: ODataQuery.equals("externalDocumentNumber", number.uppercased()), select: ["id", "number", "status"]))
            guard let invoice = invoices.first(where: { $0["status"]?.stringValue != "Draft" }),
                  let invoiceID = invoice["id"]?.stringValue else {
                throw CommandFailure("scenario: no posted Business Central invoice for \(number) to apply a payment to")
            }
            guard let journal = try await bc.list("customerPaymentJournals").first?["id"]?.stringValue else {
                throw CommandFailure("scenario: Business Central has no customer payment journal")
            }
            // A receipt is a credit to the customer: negative in the journal (reference §2.5).
            _ = try await bc.create("customerPaymentJournals(\(journal))/customerPayments", body: [
                "appliesToInvoiceId": .string(invoiceID), "amount": .decimal(-amount),
                "documentNumber": .string(reference), "externalDocumentNumber": .string(reference),
                "description": .string("Payment \(reference)"),
            ])
            try await bc.action("journals(\(journal))", "post")
            return "Business Central: payment \(reference) of \(amount) applied to \(invoice["number"]?.stringValue ?? number) (\(number))"
        case .reversePayment(let reference):
            let key = reference.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? reference
            let url = simulatorRoot + "/_sim/bc/payments/\(key)/reverse"
            let response = try await http.send(HTTPRequest(method: .post, url: url))
            guard response.isSuccess else {
                throw CommandFailure("scenario: reversing payment \(reference) answered \(response.status): \(response.text.prefix(200))")
            }
            return "Business Central: payment \(reference) returned unpaid (NSF); the invoice is open again"
        }
    }
}

/// Plays a scenario step by step: which steps are due (by time, by a posted invoice, after
/// another step), performs the first due one, and remembers it. A step that fails is reported
/// and not tried again, so the demo goes on.
actor ScenarioPlayer {
    struct Played: Sendable {
        var id: String
        var outcome: String
    }

    private let scenario: DemoScenario
    private let store: Store
    private let actor: DemoScenarioActor
    private let started = Date()
    private var done: [String: Date] = [:]

    init(scenario: DemoScenario, store: Store, actor: DemoScenarioActor) {
        self.scenario = scenario
        self.store = store
        self.actor = actor
    }

    /// Performs the next due step; nil when none is due. `ignoringDelays` plays time-based
    /// steps at once (the headless demo).
    func next(ignoringDelays: Bool) async throws -> Played? {
        let now = ignoringDelays ? Date.distantFuture : Date()
        let posted = try store.read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT source_id FROM work_items WHERE flow = 'invoice.post' AND source_system = 'servicetrade' AND state = 'posted'
                """))
        }
        guard let step = scenario.due(now: now, started: started, done: done, posted: { posted.contains($0) }).first else { return nil }
        done[step.id] = ignoringDelays ? started : Date()
        do {
            return Played(id: step.id, outcome: try await actor.perform(step.action))
        } catch {
            return Played(id: step.id, outcome: "did not happen: \(error)")
        }
    }
}
