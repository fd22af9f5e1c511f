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

struct ConflictsCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "conflicts", abstract: "Master-data conflicts, field by field, with the rule that decided them.")
    static let arrivesWith = "two-way master data"
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption
}

struct CoupleCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "couple", abstract: "Link a source record to an ERP record by hand (operator role).")
    static let arrivesWith = "two-way master data"
    @OptionGroup var global: GlobalOptions
}

struct UncoupleCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "uncouple", abstract: "Remove a link between a source record and an ERP record (operator role).")
    static let arrivesWith = "two-way master data"
    @OptionGroup var global: GlobalOptions
}
