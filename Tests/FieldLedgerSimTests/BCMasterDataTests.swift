import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("BC master data entities (reference §2.1)")
struct BCMasterDataTests {
    @Test("§2.1 POST customers assigns id and number from the series and derives the tax area name")
    func createCustomer() async throws {
        let bc = try await BCHarness()
        let reply = await bc.post("customers", ["displayName": "New Co", "taxAreaId": "a2000000-0000-4000-8000-000000000001"])
        #expect(reply.status == 201)
        #expect(reply.json["number"]?.stringValue == "C10010")
        #expect(ODataLiteral.isGUID(reply.json["id"]?.stringValue ?? ""))
        #expect(reply.json["taxAreaDisplayName"]?.stringValue == "Atlanta, GA")
        #expect(reply.json["type"]?.stringValue == "Company")
        #expect(reply.json["blocked"]?.stringValue == " ")
        #expect(reply.json["paymentMethodId"]?.stringValue == BCValues.emptyGUID)
        #expect(await bc.post("customers", ["displayName": "Next Co"]).json["number"]?.stringValue == "C10011")
    }

    @Test("§2.1 customers need a displayName; numbers are unique and upper-cased")
    func customerRules() async throws {
        let bc = try await BCHarness()
        let blank = await bc.post("customers", ["number": "X1"])
        #expect(blank.errorCode == "BadRequest_RequiredParamNotProvided")
        let lower = await bc.post("customers", ["displayName": "Lower", "number": "c99"])
        #expect(lower.json["number"]?.stringValue == "C99")
        let duplicate = await bc.post("customers", ["displayName": "Dup", "number": "C10000"])
        #expect(duplicate.status == 409 && duplicate.errorCode == "Internal_EntityWithSameKeyExists")
        let badBlocked = await bc.post("customers", ["displayName": "B", "blocked": "Sometimes"])
        #expect(badBlocked.status == 400)
        let badTerms = await bc.post("customers", ["displayName": "B", "paymentTermsId": "00000000-0000-4000-8000-000000000999"])
        #expect(badTerms.errorCode == "Internal_InvalidTableRelation")
    }

    @Test("§2.1 items: inventory cannot be set on insert; tax group code resolves to its id")
    func items() async throws {
        let bc = try await BCHarness()
        let withStock = await bc.post("items", ["displayName": "Gauge", "inventory": 5])
        #expect(withStock.status == 400)
        #expect(withStock.errorMessage.contains("Inventory cannot be changed during on insert."))
        let item = await bc.post("items", ["displayName": "Gauge", "taxGroupCode": "taxable", "unitPrice": .decimal(dec("19.99"))])
        #expect(item.status == 201)
        #expect(item.json["taxGroupId"]?.stringValue == "a1000000-0000-4000-8000-000000000001")
        #expect(item.json["taxGroupCode"]?.stringValue == "TAXABLE")
        #expect(item.json["unitPrice"]?.money == dec("19.99"))
        #expect(item.json["type"]?.stringValue == "Inventory")
    }

    @Test("§2.1 accounts, dimensions and dimension values are read-only; POST on companies is not allowed")
    func readOnlyEntities() async throws {
        let bc = try await BCHarness()
        for set in ["accounts", "dimensions", "dimensionValues"] {
            let reply = await bc.post(set, ["code": "X", "displayName": "X"])
            #expect(reply.status == 405, "\(set)")
            #expect(reply.errorCode == "BadRequest_MethodNotAllowed", "\(set)")
        }
        let companies = await bc.call("POST", "/bc/v2.0/\(bc.tenant)/production/api/v2.0/companies", ["name": "X"])
        #expect(companies.errorCode == "BadRequest_MethodNotAllowed")
        #expect(await bc.get("accounts").json["value"]?.arrayValue?.count == 9)
    }

    @Test("§2.1 employees derive displayName; projects, vendors, contacts, tax groups and areas, payment terms CRUD")
    func plainEntities() async throws {
        let bc = try await BCHarness()
        let employee = await bc.post("employees", ["givenName": "Ada", "surname": "Lovelace"])
        #expect(employee.json["displayName"]?.stringValue == "Ada Lovelace")
        #expect(employee.json["number"]?.stringValue == "E10010")
        let project = await bc.post("projects", ["displayName": "Clinic"])
        #expect(project.status == 201 && project.json["number"]?.stringValue == "J10010")
        #expect(await bc.post("vendors", ["displayName": "Pipes Inc"]).status == 201)
        #expect(await bc.post("contacts", ["displayName": "Lee"]).status == 201)
        let group = await bc.post("taxGroups", ["code": "freight", "displayName": "Freight"])
        #expect(group.json["code"]?.stringValue == "FREIGHT" && group.json["taxType"]?.stringValue == "Sales Tax")
        #expect(await bc.post("taxGroups", ["code": "TAXABLE", "displayName": "dup"]).status == 409)
        #expect(await bc.post("taxAreas", ["displayName": "no code"]).errorCode == "BadRequest_RequiredParamNotProvided")
        let terms = await bc.post("paymentTerms", ["code": "NET15", "displayName": "Net 15", "dueDateCalculation": "15D"])
        #expect(terms.status == 201)
        let id = project.json["id"]?.stringValue ?? ""
        let patched = await bc.patch("projects(\(id))", ["displayName": "Clinic retrofit"])
        #expect(patched.json["displayName"]?.stringValue == "Clinic retrofit")
        #expect(await bc.call("DELETE", "projects(\(id))", headers: [("If-Match", "*")]).status == 204)
    }

    @Test("§2.1 default dimensions: value must belong to the dimension; codes are derived")
    func defaultDimensions() async throws {
        let bc = try await BCHarness()
        let path = "customers(\(Fixtures.exemptCustomer))/defaultDimensions"
        let wrong = await bc.post(path, ["dimensionId": .string(Fixtures.departmentDimension), "dimensionValueId": .string(Fixtures.jobValue)])
        #expect(wrong.status == 400)
        let good = await bc.post(path, ["dimensionId": .string(Fixtures.departmentDimension), "dimensionValueId": .string(Fixtures.serviceValue)])
        #expect(good.status == 201)
        #expect(good.json["dimensionCode"]?.stringValue == "DEPARTMENT")
        #expect(good.json["parentId"]?.stringValue == Fixtures.exemptCustomer)
        #expect(good.json["parentType"]?.stringValue == "Customer")
        let again = await bc.post(path, ["dimensionId": .string(Fixtures.departmentDimension), "dimensionValueId": .string(Fixtures.serviceValue)])
        #expect(again.status == 409)
    }
}
