import ArgumentParser

/// Commands of the contract (ARCHITECTURE §8) whose capability has not landed in this build yet.
/// They parse and document their options, and say plainly that they cannot run yet (exit 1) —
/// never pretend to succeed.
protocol PendingCommand: ParsableCommand {
    static var arrivesWith: String { get }
}

extension PendingCommand {
    func run() throws {
        throw CommandFailure("fieldledger \(Self.configuration.commandName ?? ""): not available in this build yet; it arrives with \(Self.arrivesWith)")
    }
}

struct ServeCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "The engine as a daemon: webhook listener, pollers, workers, reconciliation.")
    static let arrivesWith = "the invoice lifecycle (engine)"
    @OptionGroup var global: GlobalOptions
}

struct ReconcileCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "reconcile", abstract: "Compare what ServiceTrade approved with what the ERP holds; report differences.")
    static let arrivesWith = "the invoice lifecycle (engine)"
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption
}
