import ArgumentParser

@main
struct FieldLedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fieldledger")
}
