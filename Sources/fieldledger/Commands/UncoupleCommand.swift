import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct UncoupleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uncouple",
        abstract: "Remove the link between a ServiceTrade company and its Business Central customer, or a contact and its contact (operator role, audited).")

    @Argument(help: "The ServiceTrade company (5, company:5, servicetrade:company:5) or contact (contact:34).") var company: String
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let context = try CLIContext.load(global).commandContext()
        let link = try context.uncoupleCustomer(company: company)
        if output.json {
            Output.json(.object(["company": .string(link.sourceId), "customer": link.erpNumber.map(JSONValue.string) ?? .null,
                                 "result": "uncoupled"]))
        } else {
            Output.line("servicetrade:\(link.sourceEntity):\(link.sourceId) uncoupled from businesscentral:\(link.kind):\(link.erpNumber ?? link.erpId); automatic matching will not couple them again")
        }
    }
}
