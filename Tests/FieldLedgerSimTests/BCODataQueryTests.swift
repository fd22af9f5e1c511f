import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("BC OData query options (reference §3)")
struct BCODataQueryTests {
    private func numbers(_ reply: BCHarness.Reply) -> [String] {
        reply.json["value"]?.arrayValue?.compactMap { $0["number"]?.stringValue } ?? []
    }

    @Test("§3 $filter comparison operators on strings, numbers, booleans, GUIDs and dates")
    func comparisons() async throws {
        let bc = try await BCHarness()
        #expect(numbers(await bc.get("customers", [("$filter", "number eq 'C10000'")])) == ["C10000"])
        #expect(numbers(await bc.get("customers", [("$filter", "number ne 'C10000'")])) == ["C20000", "C30000"])
        #expect(numbers(await bc.get("customers", [("$filter", "number gt 'C10000' and number le 'C20000'")])) == ["C20000"])
        #expect(numbers(await bc.get("items", [("$filter", "unitPrice ge 95")])) == ["I1000", "LABOR"])
        #expect(numbers(await bc.get("items", [("$filter", "unitPrice lt 95.5")])) == ["I2000", "LABOR"])
        #expect(numbers(await bc.get("items", [("$filter", "blocked eq true")])) == ["I2000"])
        #expect(numbers(await bc.get("customers", [("$filter", "id eq \(Fixtures.acme)")])) == ["C10000"])
        #expect(numbers(await bc.get("customers", [("$filter", "lastModifiedDateTime gt 2000-01-01T00:00:00Z")])).count == 3)
        #expect(numbers(await bc.get("customers", [("$filter", "lastModifiedDateTime lt 2000-01-01")])).isEmpty)
    }

    @Test("§3 or on one field, in (…), contains/startswith/endswith, not, parentheses")
    func logicalAndFunctions() async throws {
        let bc = try await BCHarness()
        #expect(numbers(await bc.get("customers", [("$filter", "number eq 'C10000' or number eq 'C30000'")])) == ["C10000", "C30000"])
        #expect(numbers(await bc.get("customers", [("$filter", "number in ('C20000','C30000')")])) == ["C20000", "C30000"])
        #expect(numbers(await bc.get("customers", [("$filter", "contains(displayName,'Plumb')")])) == ["C10000"])
        #expect(numbers(await bc.get("customers", [("$filter", "startswith(displayName,'Ex')")])) == ["C30000"])
        #expect(numbers(await bc.get("customers", [("$filter", "endswith(displayName,'Builders')")])) == ["C20000"])
        #expect(numbers(await bc.get("customers", [("$filter", "not (number eq 'C10000')")])) == ["C20000", "C30000"])
        #expect(numbers(await bc.get("customers", [("$filter", "(number eq 'C10000' or number eq 'C20000') and blocked eq 'All'")])) == ["C20000"])
        #expect(numbers(await bc.get("customers", [("$filter", "tolower(displayName) eq 'acme plumbing'")])) == ["C10000"])
        #expect(numbers(await bc.get("customers", [("$filter", "displayName eq 'O''Brien'")])).isEmpty)
    }

    @Test("§3 OR across different fields is refused")
    func orAcrossFields() async throws {
        let bc = try await BCHarness()
        let reply = await bc.get("customers", [("$filter", "number eq 'C10000' or displayName eq 'Acme Plumbing'")])
        #expect(reply.status == 400)
        #expect(reply.errorMessage.contains("The 'OR' operator is not supported on distinct fields"))
    }

    @Test("§3 unknown properties in $filter, $select and $orderby are refused naming the type")
    func unknownProperties() async throws {
        let bc = try await BCHarness()
        for (option, value) in [("$filter", "nosuch eq 'x'"), ("$select", "id,nosuch"), ("$orderby", "nosuch desc")] {
            let reply = await bc.get("customers", [(option, value)])
            #expect(reply.status == 400, "\(option)")
            #expect(reply.errorCode == "BadRequest_NotFound", "\(option)")
            #expect(reply.errorMessage.contains("Could not find a property named 'nosuch' on type 'Microsoft.NAV.customer'"), "\(option)")
        }
    }

    @Test("§3 $filter syntax errors and incompatible literal types are BadRequest")
    func badFilters() async throws {
        let bc = try await BCHarness()
        #expect(await bc.get("customers", [("$filter", "number eq")]).status == 400)
        #expect(await bc.get("customers", [("$filter", "number eq 'open")]).status == 400)
        #expect(await bc.get("items", [("$filter", "unitPrice eq 'cheap'")]).errorMessage.contains("incompatible types"))
        #expect(await bc.get("customers", [("$unknownoption", "1")]).status == 400)
    }

    @Test("§3 $select limits properties and keeps @odata.etag; $orderby, $top and $skip")
    func selectOrderTopSkip() async throws {
        let bc = try await BCHarness()
        let reply = await bc.get("customers", [("$select", "number,displayName"), ("$orderby", "number desc"), ("$top", "2"), ("$skip", "0")])
        let values = reply.json["value"]?.arrayValue ?? []
        #expect(values.count == 2)
        #expect(values.first?.objectValue?.keys == ["@odata.etag", "displayName", "number"] || values.first?.objectValue?.keys == ["@odata.etag", "number", "displayName"])
        #expect(numbers(reply) == ["C30000", "C20000"])
        #expect(numbers(await bc.get("customers", [("$orderby", "number"), ("$skip", "1"), ("$top", "1")])) == ["C20000"])
    }

    @Test("§3 @odata.context names the entity set, and every entity carries @odata.etag")
    func contextAndEtag() async throws {
        let bc = try await BCHarness()
        let list = await bc.get("customers")
        #expect(list.json["@odata.context"]?.stringValue?.hasSuffix("/$metadata#companies(\(Fixtures.companyId))/customers") == true)
        #expect(list.json["value"]?.arrayValue?.allSatisfy { $0["@odata.etag"]?.stringValue?.hasPrefix("W/\"") == true } == true)
        let one = await bc.get("customers(\(Fixtures.acme))")
        #expect(one.json["@odata.context"]?.stringValue?.hasSuffix("/customers/$entity") == true)
        #expect(one.json["taxAreaDisplayName"]?.stringValue == "Atlanta, GA")
        let companies = await bc.get("/bc/v2.0/\(bc.tenant)/production/api/v2.0/companies")
        #expect(companies.json["value"]?[0]?["id"]?.stringValue == Fixtures.companyId)
    }

    @Test("§3 $expand with nested $select and $expand")
    func expandNested() async throws {
        let bc = try await BCHarness()
        let (created, id) = await bc.draftInvoice(lines: [BCHarness.itemLine(2)])
        #expect(created.status == 201)
        let line = await bc.get("salesInvoices(\(id))/salesInvoiceLines")
        let lineId = line.json["value"]?[0]?["id"]?.stringValue ?? ""
        _ = await bc.post("salesInvoices(\(id))/salesInvoiceLines(\(lineId))/dimensionSetLines", ["code": "JOB", "valueCode": "JOB-1"])
        let reply = await bc.get("salesInvoices(\(id))", [("$expand", "salesInvoiceLines($select=id,quantity;$expand=dimensionSetLines($select=code,valueCode)),dimensionSetLines")])
        #expect(reply.status == 200)
        let lines = reply.json["salesInvoiceLines"]?.arrayValue ?? []
        #expect(lines.count == 1)
        #expect(lines.first?["description"] == nil)
        #expect(lines.first?["quantity"]?.intValue == 2)
        #expect(lines.first?["dimensionSetLines"]?[0]?["valueCode"]?.stringValue == "JOB-1")
        #expect(lines.first?["dimensionSetLines"]?[0]?["displayName"] == nil)
        #expect(reply.json["dimensionSetLines"]?[0]?["code"]?.stringValue == "DEPARTMENT")
        let bad = await bc.get("salesInvoices(\(id))", [("$expand", "nosuchNavigation")])
        #expect(bad.status == 400)
    }

    @Test("§3 dimensions expand to their values; customers to default dimensions")
    func navigationCollections() async throws {
        let bc = try await BCHarness()
        let values = await bc.get("dimensions(\(Fixtures.departmentDimension))/dimensionValues")
        #expect(values.json["value"]?.arrayValue?.count == 3)
        let defaults = await bc.get("customers(\(Fixtures.acme))/defaultDimensions")
        #expect(defaults.json["value"]?[0]?["dimensionCode"]?.stringValue == "DEPARTMENT")
        #expect(defaults.json["value"]?[0]?["dimensionValueCode"]?.stringValue == "SERVICE")
        #expect(defaults.json["value"]?[0]?["parentType"]?.stringValue == "Customer")
    }

    @Test("§1.1 unknown entity sets and segments are 404 BadRequest_NotFound; {base}/customers?company= works")
    func unknownSegments() async throws {
        let bc = try await BCHarness()
        let unknown = await bc.get("nosuchEntities")
        #expect(unknown.status == 404 && unknown.errorCode == "BadRequest_NotFound")
        #expect(unknown.errorMessage.contains("Resource not found for the segment 'nosuchEntities'"))
        let missing = await bc.get("customers(00000000-0000-4000-8000-00000000ffff)")
        #expect(missing.status == 404 && missing.errorCode == "Internal_RecordNotFound")
        let byQuery = await bc.get("/bc/v2.0/\(bc.tenant)/production/api/v2.0/customers", [("company", Fixtures.companyId)])
        #expect(byQuery.json["value"]?.arrayValue?.count == 3)
        let wrongCompany = await bc.get("/bc/v2.0/\(bc.tenant)/production/api/v2.0/companies(00000000-0000-4000-8000-000000000009)/customers")
        #expect(wrongCompany.status == 404 && wrongCompany.errorCode == "Internal_CompanyNotFound")
        let metadata = await bc.get("/bc/v2.0/\(bc.tenant)/production/api/v2.0/$metadata")
        #expect(metadata.status == 200)
    }

    @Test("§2.3 top-level salesInvoiceLines need a documentId or id filter; dimensionSetLines need the parent")
    func requiredParentFilters() async throws {
        let bc = try await BCHarness()
        let lines = await bc.get("salesInvoiceLines")
        #expect(lines.status == 400 && lines.errorMessage.contains("You must specify an Id or a Document Id to get the lines."))
        let (_, id) = await bc.draftInvoice(lines: [BCHarness.itemLine(1)])
        #expect(await bc.get("salesInvoiceLines", [("$filter", "documentId eq \(id)")]).json["value"]?.arrayValue?.count == 1)
        #expect(await bc.get("dimensionSetLines").errorMessage.contains("You must get to the parent first"))
    }
}
