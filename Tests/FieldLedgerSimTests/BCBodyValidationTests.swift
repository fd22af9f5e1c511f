import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("BC request bodies (reference §3, §6)")
struct BCBodyValidationTests {
    @Test("§6 an unknown property in a body is refused the way OData does")
    func unknownProperty() async throws {
        let bc = try await BCHarness()
        let reply = await bc.post("customers", ["displayName": "X", "shipToCode": "MAIN"])
        #expect(reply.status == 400)
        #expect(reply.errorCode == "BadRequest")
        #expect(reply.errorMessage.contains("The property 'shipToCode' does not exist on type 'Microsoft.NAV.customer'."))
        #expect(await bc.get("customers").json["value"]?.arrayValue?.count == 3)
    }

    @Test("§6 a read-only property in a body is refused with BadRequest_InvalidOperation")
    func readOnlyProperty() async throws {
        let bc = try await BCHarness()
        let reply = await bc.post("customers", ["displayName": "X", "balanceDue": 10])
        #expect(reply.status == 400)
        #expect(reply.errorCode == "BadRequest_InvalidOperation")
        #expect(reply.errorMessage.contains("'balanceDue' is read-only"))
        let invoice = await bc.post("salesInvoices", ["customerId": .string(Fixtures.acme), "totalAmountIncludingTax": 5])
        #expect(invoice.errorCode == "BadRequest_InvalidOperation")
    }

    @Test("§6 malformed JSON, a non-object body and an empty body are Invalid Request Body")
    func malformed() async throws {
        let bc = try await BCHarness()
        for raw in ["{\"displayName\": ", "[1,2]", "not json"] {
            let reply = await bc.call("POST", "customers", rawBody: raw)
            #expect(reply.status == 400, "\(raw)")
            #expect(reply.errorCode == "BadRequest", "\(raw)")
            #expect(reply.errorMessage.contains("Invalid Request Body"), "\(raw)")
        }
        #expect(await bc.call("POST", "customers").errorCode == "BadRequest")
    }

    @Test("§6 wrong JSON types and nulls are refused per property type")
    func wrongTypes() async throws {
        let bc = try await BCHarness()
        #expect(await bc.post("customers", ["displayName": 12]).status == 400)
        #expect(await bc.post("customers", ["displayName": "X", "creditLimit": "a lot"]).status == 400)
        #expect(await bc.post("customers", ["displayName": "X", "taxLiable": "yes"]).status == 400)
        #expect(await bc.post("customers", ["displayName": "X", "paymentTermsId": "not-a-guid"]).errorCode == "Application_InvalidGUID")
        #expect(await bc.post("customers", ["displayName": "X", "email": nil]).errorMessage.contains("null value"))
        let date = await bc.post("salesInvoices", ["customerId": .string(Fixtures.acme), "invoiceDate": "20/11/2026"])
        #expect(date.errorMessage.contains("Unable to convert value to Date"))
        #expect(await bc.get("customers").json["value"]?.arrayValue?.count == 3)
    }

    @Test("§3 Data-Access-Intent: ReadOnly is allowed on GET and refused on writes")
    func readOnlyIntent() async throws {
        let bc = try await BCHarness()
        #expect(await bc.get("customers", headers: [("Data-Access-Intent", "ReadOnly")]).status == 200)
        let write = await bc.call("POST", "customers", ["displayName": "X"], headers: [("Data-Access-Intent", "ReadOnly")])
        #expect(write.status == 400 && write.errorMessage.contains("Data-Access-Intent"))
    }
}
