import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("BC dimension set lines (reference §2.2)")
struct BCDimensionSetLineTests {
    /// A customer without default dimensions, so the invoice starts with none.
    private let exempt: [(String, JSONValue)] = [("customerId", .string(Fixtures.exemptCustomer))]

    @Test("§2.2 the customer's default dimensions are applied to a new invoice; posting the same dimension then fails, PATCH works")
    func defaultsApplied() async throws {
        let bc = try await BCHarness()
        let (_, id) = await bc.draftInvoice(lines: [BCHarness.itemLine(1)])
        let lines = await bc.get("salesInvoices(\(id))/dimensionSetLines")
        #expect(lines.json["value"]?.arrayValue?.count == 1)
        #expect(lines.json["value"]?[0]?["code"]?.stringValue == "DEPARTMENT")
        #expect(lines.json["value"]?[0]?["valueCode"]?.stringValue == "SERVICE")
        let conflict = await bc.post("salesInvoices(\(id))/dimensionSetLines", ["code": "DEPARTMENT", "valueCode": "INSTALL"])
        #expect(conflict.errorMessage.contains("The dimension set line already exists."))
        let patched = await bc.patch("salesInvoices(\(id))/dimensionSetLines(\(Fixtures.departmentDimension))", ["valueCode": "INSTALL"])
        #expect(patched.json["valueCode"]?.stringValue == "INSTALL")
    }

    @Test("§2.2 deep insert carries dimension set lines on the header and on each line")
    func deepInsertDimensions() async throws {
        let bc = try await BCHarness()
        let line: JSONValue = ["lineType": "Item", "itemId": .string(Fixtures.valveItem), "quantity": 1,
                               "dimensionSetLines": [["code": "JOB", "valueCode": "JOB-1"]]]
        let (reply, id) = await bc.draftInvoice(lines: [line], extra: exempt + [("dimensionSetLines", [["code": "DEPARTMENT", "valueCode": "INSTALL"]])])
        #expect(reply.status == 201)
        #expect(await bc.get("salesInvoices(\(id))/dimensionSetLines").json["value"]?[0]?["valueCode"]?.stringValue == "INSTALL")
        let lineId = await bc.get("salesInvoices(\(id))/salesInvoiceLines").json["value"]?[0]?["id"]?.stringValue ?? ""
        let lineDimensions = await bc.get("salesInvoices(\(id))/salesInvoiceLines(\(lineId))/dimensionSetLines")
        #expect(lineDimensions.json["value"]?[0]?["code"]?.stringValue == "JOB")
        #expect(lineDimensions.json["value"]?[0]?["parentType"]?.stringValue == "Sales Invoice Line")
        let (bad, _) = await bc.draftInvoice(lines: [line], extra: exempt + [("dimensionSetLines", [["code": "DEPARTMENT", "valueCode": "OLD"]])])
        #expect(bad.status == 400)
        #expect(bc.api.snapshot().table("salesInvoices").count == 1)
    }
    @Test("§2.2 POST by code and value code fills ids and names; the line is keyed by the dimension id")
    func createByCode() async throws {
        let bc = try await BCHarness()
        let (_, id) = await bc.draftInvoice(lines: [BCHarness.itemLine(1)], extra: exempt)
        let reply = await bc.post("salesInvoices(\(id))/dimensionSetLines", ["code": "department", "valueCode": "install"])
        #expect(reply.status == 201)
        #expect(reply.json["id"]?.stringValue == Fixtures.departmentDimension)
        #expect(reply.json["valueCode"]?.stringValue == "INSTALL")
        #expect(reply.json["parentId"]?.stringValue == id)
        #expect(reply.json["parentType"]?.stringValue == "Sales Invoice")
        let one = await bc.get("salesInvoices(\(id))/dimensionSetLines(\(Fixtures.departmentDimension))")
        #expect(one.json["valueDisplayName"]?.stringValue == "Installation")
    }

    @Test("§2.2 posting an existing dimension again fails; PATCH changes the value")
    func duplicateAndPatch() async throws {
        let bc = try await BCHarness()
        let (_, id) = await bc.draftInvoice(lines: [BCHarness.itemLine(1)], extra: exempt)
        _ = await bc.post("salesInvoices(\(id))/dimensionSetLines", ["id": .string(Fixtures.departmentDimension), "valueId": .string(Fixtures.serviceValue)])
        let again = await bc.post("salesInvoices(\(id))/dimensionSetLines", ["code": "DEPARTMENT", "valueCode": "INSTALL"])
        #expect(again.errorCode == "Application_DialogException")
        #expect(again.errorMessage.contains("The dimension set line already exists."))
        let patched = await bc.patch("salesInvoices(\(id))/dimensionSetLines(\(Fixtures.departmentDimension))", ["valueCode": "INSTALL"])
        #expect(patched.status == 200)
        #expect(patched.json["valueCode"]?.stringValue == "INSTALL")
    }

    @Test("§2.2 a dimension value must exist, belong to the dimension and not be blocked")
    func valueRules() async throws {
        let bc = try await BCHarness()
        let (_, id) = await bc.draftInvoice(lines: [BCHarness.itemLine(1)], extra: exempt)
        let path = "salesInvoices(\(id))/dimensionSetLines"
        #expect(await bc.post(path, ["code": "DEPARTMENT", "valueCode": "NOPE"]).errorCode == "Internal_InvalidTableRelation")
        #expect(await bc.post(path, ["code": "NODIM", "valueCode": "X"]).errorCode == "Internal_InvalidTableRelation")
        #expect(await bc.post(path, ["code": "DEPARTMENT", "valueId": .string(Fixtures.jobValue)]).status == 400)
        let blocked = await bc.post(path, ["code": "DEPARTMENT", "valueCode": "OLD"])
        #expect(blocked.status == 400 && blocked.errorMessage.contains("blocked"))
        #expect(await bc.get(path).json["value"]?.arrayValue?.isEmpty == true)
    }

    @Test("§2.2 lines of a posted invoice refuse dimension changes")
    func postedLineReadOnly() async throws {
        let bc = try await BCHarness()
        let (_, id) = await bc.draftInvoice(lines: [BCHarness.itemLine(1)], extra: exempt)
        let lineId = await bc.get("salesInvoices(\(id))/salesInvoiceLines").json["value"]?[0]?["id"]?.stringValue ?? ""
        #expect(await bc.action("salesInvoices(\(id))/Microsoft.NAV.post").status == 204)
        let reply = await bc.post("salesInvoices(\(id))/salesInvoiceLines(\(lineId))/dimensionSetLines", ["code": "JOB", "valueCode": "JOB-1"])
        #expect(reply.status == 400)
        #expect(reply.errorMessage.contains("has been posted"))
    }
}
