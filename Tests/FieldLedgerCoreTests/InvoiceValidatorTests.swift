import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerCore

@Suite("Invoice validation: coded failures with remedies, and the deep-insert plan")
struct InvoiceValidatorTests {
    static func entry(_ id: String, _ code: String, blocked: Bool = false, _ data: JSONObject = [:]) -> ReferenceIndex.Entry {
        ReferenceIndex.Entry(id: id, code: code, name: code, blocked: blocked, data: data)
    }

    static let reference = ReferenceIndex(entries: [
        ("customers", entry("c1", "C10001")),
        ("customers", entry("c2", "C10002", blocked: true, ["blocked": "All"])),
        ("accounts", entry("a1", "43100", ["accountType": "Posting", "directPosting": true])),
        ("accounts", entry("a2", "44900", blocked: true, ["accountType": "Posting", "directPosting": true])),
        ("accounts", entry("a3", "40000", ["accountType": "Heading", "directPosting": false])),
        ("taxGroups", entry("t1", "LABOR")),
        ("paymentTerms", entry("p1", "NET30")),
        ("dimensions", entry("d1", "DEPARTMENT")),
        ("dimensions", entry("d2", "AREA")),
        ("dimensions", entry("d3", "PROJECT")),
        ("dimensionValues", entry("v1", "HVAC", ["dimensionId": "d1"])),
        ("dimensionValues", entry("v2", "RAL", ["dimensionId": "d2"])),
        ("dimensionValues", entry("v3", "24001", ["dimensionId": "d3"])),
    ])

    static func rules(glTarget: String = "43100") -> PostingRuleResolver {
        func r(_ kind: PostingRule.Kind, _ id: Int64, itemType: String = "*", serviceLine: String = "*", sourceKind: String = "*",
               sourceValue: String = "*", dim: String = "", target: String) -> PostingRule {
            var rule = PostingRule(kind: kind, itemType: itemType, serviceLine: serviceLine, sourceKind: sourceKind,
                                   sourceValue: sourceValue, dimensionCode: dim, target: target, createdBy: "t", at: "t")
            rule.id = id
            return rule
        }
        return PostingRuleResolver(rules: [
            r(.glAccount, 1, itemType: "labor", serviceLine: "HVAC", target: glTarget),
            r(.dimension, 2, sourceKind: "service_line", sourceValue: "HVAC", dim: "DEPARTMENT", target: "HVAC"),
            r(.dimension, 3, sourceKind: "branch", sourceValue: "Raleigh", dim: "AREA", target: "RAL"),
            r(.dimension, 4, sourceKind: "job", sourceValue: "24001", dim: "PROJECT", target: "24001"),
            r(.taxGroup, 5, sourceKind: "tax_rate", sourceValue: "Labor - exempt", target: "LABOR"),
            r(.paymentTerms, 6, sourceKind: "terms", sourceValue: "Net 30", target: "NET30"),
        ])
    }

    /// A ServiceTrade invoice as the API returns it (see the simulator's SERVICETRADE-CHOICES.md).
    static func invoice(lines: Int = 1, serviceLine: String = "HVAC", taxRate: String = "Labor - exempt",
                        price: String = "119.50", totalPrice: String? = nil) -> JSONObject {
        let items: [JSONValue] = (0..<lines).map { _ in
            ["description": "Service labor (hr)", "itemType": "labor", "serviceLine": ["id": 3, "name": .string(serviceLine)],
             "quantity": 2, "price": .number(try! JSONValue(parsing: price).numberValue!),
             "total": .decimal(Decimal(string: price)! * 2), "taxRate": ["id": 1, "name": .string(taxRate), "rate": 0], "taxAmount": 0]
        }
        let subtotal = Decimal(string: price)! * 2 * Decimal(lines)
        return ["id": 42, "invoiceNumber": "inv-26042", "status": "pending_accounting",
                "company": ["id": 1, "name": "Oakwood Medical Plaza"], "location": ["id": 8, "name": "Site"],
                "region": ["id": 1, "name": "Raleigh"], "job": ["id": 1, "number": "24001", "name": "Job"],
                "paymentTerms": ["id": 1, "name": "Net 30"], "transactionDate": 1_790_501_400, "items": .array(items),
                "subtotal": .decimal(subtotal), "taxAmount": 0,
                "totalPrice": totalPrice.map { .number(try! JSONValue(parsing: $0).numberValue!) } ?? .decimal(subtotal),
                "updated": 1_790_501_500]
    }

    private func plan(_ json: JSONObject, customer: String? = "C10001", rules: PostingRuleResolver = rules()) throws -> Result<InvoicePlan, SyncFailure> {
        let source = try SourceInvoice(json: json)
        return InvoiceValidator(resolver: rules, reference: Self.reference)
            .plan(source, customerNumber: customer, companyName: "Oakwood Medical Plaza", customerCode: customer)
    }

    private func code(_ result: Result<InvoicePlan, SyncFailure>) -> String? {
        if case .failure(let f) = result { return f.code }
        return nil
    }

    @Test("a valid invoice becomes a deep insert: upper-cased key, account lines, tax code, dimension set lines, exact money")
    func validPlan() throws {
        guard case .success(let plan) = try plan(Self.invoice(price: "0.10")) else { Issue.record("expected a plan"); return }
        #expect(plan.naturalKey == "INV-26042")
        let body = JSONValue.object(plan.body)
        #expect(body["externalDocumentNumber"] == "INV-26042")
        #expect(body["customerNumber"] == "C10001")
        #expect(body["paymentTermsId"] == "p1")
        #expect(body["invoiceDate"] == "2026-09-27")
        let line = try #require(body["salesInvoiceLines"]?[0])
        #expect(line["lineType"] == "Account")
        #expect(line["lineObjectNumber"] == "43100")
        #expect(line["taxCode"] == "LABOR")
        #expect(line["unitPrice"]?.numberValue?.literal == "0.1")
        #expect(line["dimensionSetLines"]?.arrayValue?.count == 3)
        #expect(body["dimensionSetLines"]?.arrayValue?.map { $0["code"]?.stringValue ?? "" } == ["AREA", "PROJECT"])
    }

    @Test("each planted problem fails with its code", arguments: [
        ("EMPTY_INVOICE", 0, "HVAC", "Labor - exempt", nil as String?, "C10001" as String?),
        ("TOTAL_MISMATCH", 1, "HVAC", "Labor - exempt", "279.00", "C10001"),
        ("MISSING_CUSTOMER", 1, "HVAC", "Labor - exempt", nil, nil),
        ("BLOCKED_CUSTOMER", 1, "HVAC", "Labor - exempt", nil, "C10002"),
        ("UNMAPPED_GL_ACCOUNT", 1, "Backflow Testing", "Labor - exempt", nil, "C10001"),
        ("INVALID_TAX_CODE", 1, "HVAC", "Equipment Rental 8.50%", nil, "C10001"),
    ])
    func plantedProblems(expected: String, lines: Int, serviceLine: String, taxRate: String, total: String?, customer: String?) throws {
        let result = try plan(Self.invoice(lines: lines, serviceLine: serviceLine, taxRate: taxRate, totalPrice: total), customer: customer)
        #expect(code(result) == expected)
        if case .failure(let failure) = result {
            #expect(failure.remedy?.isEmpty == false, "every failure says what to do")
        }
    }

    @Test("a rule pointing at a blocked or heading account fails before posting")
    func badAccounts() throws {
        #expect(code(try plan(Self.invoice(), rules: Self.rules(glTarget: "44900"))) == "BLOCKED_GL_ACCOUNT")
        #expect(code(try plan(Self.invoice(), rules: Self.rules(glTarget: "40000"))) == "INVALID_GL_ACCOUNT")
        #expect(code(try plan(Self.invoice(), rules: Self.rules(glTarget: "99999"))) == "INVALID_GL_ACCOUNT")
    }

    @Test("missing or malformed members fail as MALFORMED_SOURCE naming the member")
    func malformed() {
        var json = Self.invoice()
        json["totalPrice"] = "lots"
        #expect { try SourceInvoice(json: json) } throws: { ($0 as? SyncFailure)?.object == "ServiceTrade invoice member totalPrice" }
        json = Self.invoice()
        json["items"] = nil
        #expect { try SourceInvoice(json: json) } throws: { ($0 as? SyncFailure)?.code == "MALFORMED_SOURCE" }
    }
}
