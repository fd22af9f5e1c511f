import ArgumentParser
import FieldLedgerCore
import FieldLedgerHTTP

struct CoupleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "couple",
        abstract: "Couple a ServiceTrade company to a Business Central customer, or a contact to one of its matched Business Central contacts, by hand (operator role, audited).")

    @Argument(help: "The ServiceTrade company (5, company:5, servicetrade:company:5) or contact (contact:34).") var company: String
    @Argument(help: "The Business Central customer (C10005) or, for a contact, the contact number (CT10042) or id.") var customer: String
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let context = try CLIContext.load(global).commandContext()
        if CommandContext.isContactReference(company) {
            let link = try context.coupleContact(contact: company, person: customer)
            if output.json {
                Output.json(.object(["contact": .string(link.sourceId), "bcContact": link.erpNumber.map(JSONValue.string) ?? .null,
                                     "bcContactId": .string(link.erpId), "result": "coupled"]))
            } else {
                Output.line("servicetrade:contact:\(link.sourceId) coupled to businesscentral:contact:\(link.erpNumber ?? link.erpId); the next sync cycle brings their fields into agreement")
            }
            return
        }
        let link = try context.coupleCustomer(company: company, customer: customer)
        if output.json {
            Output.json(.object(["company": .string(link.sourceId), "customer": link.erpNumber.map(JSONValue.string) ?? .null,
                                 "customerId": .string(link.erpId), "result": "coupled"]))
        } else {
            Output.line("servicetrade:company:\(link.sourceId) coupled to businesscentral:customer:\(link.erpNumber ?? link.erpId); the next sync cycle brings their fields into agreement")
        }
    }
}
