import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

/// The embedded sample data: it loads into the simulators, has the documented counts, every
/// reference inside it resolves, and every planted problem (sample-data/README.md) is there.
@Suite("Sample data")
struct SampleDataTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sample-data")

    static func json(_ relative: String) -> JSONValue {
        guard let data = try? Data(contentsOf: root.appendingPathComponent(relative)),
              let value = try? JSONValue(parsing: data) else { return .null }
        return value
    }

    static func rows(_ relative: String) -> [JSONValue] { json(relative).arrayValue ?? [] }

    /// Rows of a rules CSV as dictionaries (simple CSV with optional double quotes).
    static func csv(_ name: String) -> [[String: String]] {
        guard let text = try? String(contentsOf: root.appendingPathComponent("rules/\(name)"), encoding: .utf8) else { return [] }
        var lines = text.split(separator: "\n").map { line -> [String] in
            var fields: [String] = []
            var current = ""
            var quoted = false
            var chars = Array(line)[...]
            while let ch = chars.popFirst() {
                if ch == "\"" {
                    if quoted && chars.first == "\"" { current.append("\""); chars = chars.dropFirst() } else { quoted.toggle() }
                } else if ch == "," && !quoted {
                    fields.append(current)
                    current = ""
                } else {
                    current.append(ch)
                }
            }
            fields.append(current)
            return fields
        }
        guard !lines.isEmpty else { return [] }
        let header = lines.removeFirst()
        return lines.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    static func ids(_ relative: String, _ key: String = "id") -> Set<String> {
        Set(rows(relative).compactMap { row in row[key].flatMap { $0.stringValue ?? $0.intValue.map(String.init) } })
    }

    @Test("issue 3 sample-data: loads into all three simulators with the documented counts") func loadsIntoTheSimulatorsWithTheDocumentedCounts() async throws {
        let st = ServiceTradeSimulator()
        try st.load(dataDirectory: Self.root)
        let c = await STFixture.session(st)
        let expected = [("company", "companies", 30), ("location", "locations", 60), ("contact", "contacts", 80),
                        ("job", "jobs", 150), ("invoice", "invoices", 202), ("clockevent", "clockEvents", 40),
                        ("serviceline", "serviceLines", 4), ("taxrate", "taxRates", 6), ("paymentterms", "paymentTerms", 4),
                        ("user", "users", 10), ("region", "regions", 2), ("payment", "payments", 3)]
        for (resource, key, count) in expected {
            let answer = await c.call("GET", "/st/api/\(resource)", query: [("limit", "500")])
            #expect(answer.data["totalRecords"]?.intValue == count, "\(resource)")
            #expect(answer.data[key]?.arrayValue?.count == count, "\(resource)")
        }
        let pending = await c.call("GET", "/st/api/invoice", query: [("status", "pending_accounting"), ("limit", "500")])
        #expect(pending.data["totalRecords"]?.intValue == 173)
        // A loaded invoice can be worked on like any other, and reset() returns to the loaded state.
        #expect(await c.call("PUT", "/st/api/invoice/181", json: ["status": "pending_accounting"]).status == 200)
        let created = await c.call("POST", "/st/api/company", json: ["name": "New Customer"])
        #expect(created.data["id"]?.intValue == 31)
        st.reset()
        let again = await STFixture.session(st)
        #expect(await again.call("GET", "/st/api/invoice/181").data["status"]?.stringValue == "ok")
        #expect(await again.call("GET", "/st/api/company/31").status == 404)

        let pm = PartsManagerSimulator()
        try pm.load(dataDirectory: Self.root)
        let p = await PMFixture.client(pm)
        for (resource, count) in [("vendors", 6), ("items", 15), ("warehouses", 5), ("purchaseOrders", 5), ("shipmentReceipts", 1),
                                  ("vendorBills", 1), ("stockAdjustments", 6)] {
            #expect(await p.call("GET", "/pm/api/\(resource)").json["totalItems"]?.intValue == count, "\(resource)")
        }
        // The partly received PO can be received further, continuing the loaded numbering.
        let po3 = await p.call("GET", "/pm/api/purchaseOrders/3").json
        #expect(po3["status"]?.stringValue == "partiallyFulfilled")
        let line = po3["POLineItems"]?[0]?["_id"]?.intValue ?? 0
        let receipt = await p.call("POST", "/pm/api/shipmentReceipts", json: ["VendorId": 5, "ShipmentReceiptLines": [["POLineItemId": .int(line), "quantityReceived": 2]]])
        #expect(receipt.status == 201)
        #expect(receipt.json["_id"]?.intValue == 2)
        #expect(receipt.json["ShipmentReceiptLines"]?[0]?["_id"]?.intValue == 5)
    }

    @Test("issue 3 sample-data: every ServiceTrade reference resolves") func serviceTradeReferencesResolve() {
        let companies = Self.ids("st/companies.json"), locations = Self.ids("st/locations.json"), jobs = Self.ids("st/jobs.json")
        let lines = Self.ids("st/servicelines.json"), rates = Self.ids("st/taxrates.json"), terms = Self.ids("st/paymentterms.json")
        let regions = Self.ids("st/regions.json"), users = Self.ids("st/users.json"), invoiceIds = Self.ids("st/invoices.json")
        func ref(_ v: JSONValue?) -> String { v?["id"]?.intValue.map(String.init) ?? "none" }
        let locationCompany = Dictionary(uniqueKeysWithValues: Self.rows("st/locations.json").map { (ref($0), ref($0["company"])) })
        for location in Self.rows("st/locations.json") {
            #expect(companies.contains(ref(location["company"])) && regions.contains(ref(location["region"])))
        }
        for contact in Self.rows("st/contacts.json") {
            #expect(companies.contains(ref(contact["company"])) && locationCompany[ref(contact["location"])] == ref(contact["company"]))
        }
        for job in Self.rows("st/jobs.json") {
            #expect(locationCompany[ref(job["location"])] == ref(job["company"]), "job \(ref(job))")
        }
        for invoice in Self.rows("st/invoices.json") {
            let id = ref(invoice)
            #expect(companies.contains(ref(invoice["company"])), "invoice \(id) company")
            #expect(locations.contains(ref(invoice["location"])), "invoice \(id) location")
            #expect(jobs.contains(ref(invoice["job"])), "invoice \(id) job")
            #expect(terms.contains(ref(invoice["paymentTerms"])), "invoice \(id) terms")
            #expect(locationCompany[ref(invoice["location"])] == ref(invoice["company"]), "invoice \(id) location belongs to its company")
            for item in invoice["items"]?.arrayValue ?? [] {
                #expect(lines.contains(ref(item["serviceLine"])), "invoice \(id) item service line")
                #expect(rates.contains(ref(item["taxRate"])), "invoice \(id) item tax rate")
                #expect(["labor", "material", "other"].contains(item["itemType"]?.stringValue ?? ""))
            }
            for key in ["subtotal", "taxAmount", "totalPrice", "amountPaid", "balance"] {
                let literal = invoice[key]?.numberValue?.literal ?? ""
                #expect(literal.split(separator: ".").last?.count == 2, "invoice \(id).\(key) = \(literal) has two decimals")
            }
        }
        for event in Self.rows("st/clockevents.json") {
            #expect(users.contains(ref(event["user"])) && jobs.contains(ref(event["job"])))
            #expect(event["elapsedTime"]?.intValue == (event["endTime"]?.intValue ?? 0) - (event["startTime"]?.intValue ?? 0))
        }
        for payment in Self.rows("st/payments.json") { #expect(invoiceIds.contains(ref(payment["invoice"]))) }
    }

    @Test("issue 3 sample-data: every Business Central reference resolves") func businessCentralReferencesResolve() {
        let terms = Self.ids("bc/paymentTerms.json"), areas = Self.ids("bc/taxAreas.json"), dims = Self.ids("bc/dimensions.json")
        let values = Self.ids("bc/dimensionValues.json"), customers = Self.ids("bc/customers.json"), employees = Self.ids("bc/employees.json")
        #expect(Self.json("bc/company.json")["id"]?.stringValue?.count == 36)
        for customer in Self.rows("bc/customers.json") {
            #expect(terms.contains(customer["paymentTermsId"]?.stringValue ?? ""), "customer \(customer["number"]?.stringValue ?? "")")
            #expect(areas.contains(customer["taxAreaId"]?.stringValue ?? ""))
        }
        for vendor in Self.rows("bc/vendors.json") { #expect(terms.contains(vendor["paymentTermsId"]?.stringValue ?? "")) }
        for value in Self.rows("bc/dimensionValues.json") { #expect(dims.contains(value["dimensionId"]?.stringValue ?? "")) }
        for d in Self.rows("bc/defaultDimensions.json") {
            #expect(dims.contains(d["dimensionId"]?.stringValue ?? "") && values.contains(d["dimensionValueId"]?.stringValue ?? ""))
            #expect((customers.union(employees)).contains(d["parentId"]?.stringValue ?? ""))
        }
        let groupCodes = Self.ids("bc/taxGroups.json", "code"), areaCodes = Self.ids("bc/taxAreas.json", "code")
        for detail in Self.rows("bc/_taxDetails.json") {
            #expect(groupCodes.contains(detail["taxGroupCode"]?.stringValue ?? "") && areaCodes.contains(detail["taxAreaCode"]?.stringValue ?? ""))
        }
        let accountIds = Self.ids("bc/accounts.json")
        for journal in Self.rows("bc/customerPaymentJournals.json") { #expect(accountIds.contains(journal["balancingAccountId"]?.stringValue ?? "")) }
        let accountNumbers = Self.ids("bc/accounts.json", "number")
        for (key, value) in Self.json("bc/_postingSetup.json").objectValue ?? JSONObject() {
            #expect(accountNumbers.contains(value.stringValue ?? ""), "posting setup \(key)")
        }
        #expect(Self.json("bc/_postingSetup.json").objectValue?.count == 6)
        let allIds = ["accounts", "dimensions", "dimensionValues", "customers", "contacts", "taxGroups", "taxAreas", "paymentTerms",
                      "employees", "projects", "vendors", "items", "defaultDimensions"].flatMap { Self.rows("bc/\($0).json").compactMap { $0["id"]?.stringValue } }
        #expect(Set(allIds).count == allIds.count, "every BC id is unique")
    }

    @Test("issue 3 sample-data: posting rules reference existing Business Central records") func rulesReferenceExistingBusinessCentralRecords() {
        let accounts = Dictionary(uniqueKeysWithValues: Self.rows("bc/accounts.json").map { ($0["number"]?.stringValue ?? "", $0) })
        for rule in Self.csv("gl-accounts.csv") {
            let account = accounts[rule["account_number"] ?? ""]
            #expect(account?["accountType"]?.stringValue == "Posting" && account?["blocked"]?.boolValue == false, "\(rule)")
        }
        for rule in Self.csv("item-categories.csv") { #expect(accounts[rule["bc_account_number"] ?? ""] != nil) }
        let dimensionCode = Dictionary(uniqueKeysWithValues: Self.rows("bc/dimensions.json").map { ($0["id"]?.stringValue ?? "", $0["code"]?.stringValue ?? "") })
        let values = Set(Self.rows("bc/dimensionValues.json").map { "\(dimensionCode[$0["dimensionId"]?.stringValue ?? ""] ?? ""):\($0["code"]?.stringValue ?? "")" })
        let dimensionRules = Self.csv("dimensions.csv")
        #expect(dimensionRules.count > 150)
        for rule in dimensionRules { #expect(values.contains("\(rule["dimension_code"] ?? ""):\(rule["dimension_value_code"] ?? "")"), "\(rule)") }
        let groups = Self.ids("bc/taxGroups.json", "code"), rateNames = Set(Self.rows("st/taxrates.json").compactMap { $0["name"]?.stringValue })
        for rule in Self.csv("tax.csv") { #expect(groups.contains(rule["bc_tax_group"] ?? "") && rateNames.contains(rule["st_tax_rate"] ?? "")) }
        let areas = Self.ids("bc/taxAreas.json", "code"), locations = Self.ids("st/locations.json")
        let areaRules = Self.csv("tax-areas.csv")
        #expect(areaRules.count == 60)
        for rule in areaRules {
            #expect(areas.contains(rule["bc_tax_area"] ?? ""))
            #expect(locations.contains(String((rule["st_company_or_location"] ?? "").dropFirst("location:".count))))
        }
        let termCodes = Self.ids("bc/paymentTerms.json", "code"), termNames = Set(Self.rows("st/paymentterms.json").compactMap { $0["name"]?.stringValue })
        for rule in Self.csv("payment-terms.csv") { #expect(termCodes.contains(rule["bc_payment_terms_code"] ?? "") && termNames.contains(rule["st_terms"] ?? "")) }
    }

    @Test("issue 3 sample-data: every planted problem is there (missing customer, tax rate without group, new service line, voided posted, partly paid, NSF, edited in both)") func everyPlantedProblemIsThere() {
        let invoices = Dictionary(uniqueKeysWithValues: Self.rows("st/invoices.json").map { ($0["id"]?.intValue ?? 0, $0) })
        let customerNumbers = Self.ids("bc/customers.json", "number")
        let stCompanies = Dictionary(uniqueKeysWithValues: Self.rows("st/companies.json").map { ($0["id"]?.intValue ?? 0, $0) })
        // Invoice 150: its customer (company 30) is missing in BC, and it is that company's only invoice.
        let missing = stCompanies[invoices[150]?["company"]?["id"]?.intValue ?? 0]
        #expect(missing?["id"]?.intValue == 30 && !customerNumbers.contains(missing?["customerCode"]?.stringValue ?? ""))
        #expect(invoices.values.filter { $0["company"]?["id"]?.intValue == 30 }.count == 1)
        #expect(stCompanies.values.filter { !customerNumbers.contains($0["customerCode"]?.stringValue ?? "") }.count == 1)
        // Invoice 12: a tax rate with no tax group mapping.
        let mapped = Set(Self.csv("tax.csv").compactMap { $0["st_tax_rate"] })
        #expect(invoices[12]?["items"]?.arrayValue?.contains { !mapped.contains($0["taxRate"]?["name"]?.stringValue ?? "") } == true)
        // Invoices 77 and 143: Backflow Testing, with no GL rule and no DEPARTMENT mapping.
        let glLines = Set(Self.csv("gl-accounts.csv").compactMap { $0["service_line"] })
        for id in [77, 143] {
            #expect(invoices[id]?["items"]?.arrayValue?.allSatisfy { $0["serviceLine"]?["name"]?.stringValue == "Backflow Testing" } == true)
        }
        #expect(!glLines.contains("Backflow Testing") && glLines.count == 3)
        #expect(!Self.csv("dimensions.csv").contains { $0["source_value"] == "Backflow Testing" })
        // Invoice 21 is approved now; the scenario voids it after it posts.
        #expect(invoices[21]?["status"]?.stringValue == "pending_accounting")
        let steps = Self.json("scenario.json")["steps"]?.arrayValue ?? []
        #expect(steps.contains { $0["action"]?["invoiceId"]?.intValue == 21 && $0["action"]?["status"]?.stringValue == "void"
            && $0["when"]?["type"]?.stringValue == "afterPosted" })
        // Invoice 33: partly paid in ServiceTrade.
        let partial = invoices[33]
        #expect((partial?["amountPaid"]?.decimalValue ?? 0) > 0 && (partial?["balance"]?.decimalValue ?? 0) > 0)
        // Invoice 34: paid, then NSF-reversed in ServiceTrade; invoice 8: paid 50% then reversed in BC by the scenario.
        let nsf = Self.rows("st/payments.json").filter { $0["invoice"]?["id"]?.intValue == 34 }
        #expect(nsf.count == 2 && nsf.reduce(Decimal(0)) { $0 + ($1["amount"]?.decimalValue ?? 0) } == 0)
        let pay = steps.first { $0["action"]?["type"]?.stringValue == "bc.applyPayment" }
        #expect(pay?["action"]?["amount"]?.decimalValue == SimMoney.rounded((invoices[8]?["totalPrice"]?.decimalValue ?? 0) / 2))
        #expect(steps.contains { $0["action"]?["type"]?.stringValue == "bc.reversePayment" })
        // Company 5: phone edited in both systems, BC later.
        let stFive = stCompanies[5]
        let bcFive = Self.rows("bc/customers.json").first { $0["number"]?.stringValue == stFive?["customerCode"]?.stringValue }
        #expect(stFive?["phoneNumber"] != bcFive?["phoneNumber"])
        let bcTime = bcFive?["lastModifiedDateTime"]?.stringValue.flatMap(SimISOTime.date)?.timeIntervalSince1970 ?? 0
        #expect(bcTime > Double(stFive?["updated"]?.intValue ?? .max))
        // User 10: clock events, no BC employee, no EMPLOYEE mapping.
        #expect(Self.rows("st/clockevents.json").contains { $0["user"]?["id"]?.intValue == 10 })
        #expect(!Self.rows("bc/employees.json").contains { $0["displayName"]?.stringValue == "Jesse Lowry" })
        #expect(!Self.csv("dimensions.csv").contains { $0["source_kind"] == "technician" && $0["source_value"] == "10" })
        // PO 5: a line whose item category has no mapping.
        let categories = Set(Self.csv("item-categories.csv").compactMap { $0["pm_item_category"] })
        let itemCategory = Dictionary(uniqueKeysWithValues: Self.rows("pm/items.json").map { ($0["_id"]?.intValue ?? 0, $0["category"]?.stringValue ?? "") })
        let po5 = Self.rows("pm/purchaseOrders.json").first { $0["_id"]?.intValue == 5 }
        #expect(po5?["POLineItems"]?.arrayValue?.contains { !categories.contains(itemCategory[$0["ItemId"]?.intValue ?? 0] ?? "") } == true)
        // Invoice 45: header totals do not match its lines. Invoice 58: no lines.
        let lines45 = invoices[45]?["items"]?.arrayValue?.reduce(Decimal(0)) { $0 + ($1["total"]?.decimalValue ?? 0) } ?? 0
        #expect(lines45 != invoices[45]?["subtotal"]?.decimalValue)
        #expect(invoices[58]?["items"]?.arrayValue?.isEmpty == true)
        // Every other invoice adds up.
        for (id, invoice) in invoices where id != 45 {
            let items = invoice["items"]?.arrayValue ?? []
            let subtotal = items.reduce(Decimal(0)) { $0 + ($1["total"]?.decimalValue ?? 0) }
            let tax = items.reduce(Decimal(0)) { $0 + ($1["taxAmount"]?.decimalValue ?? 0) }
            #expect(subtotal == invoice["subtotal"]?.decimalValue && subtotal + tax == invoice["totalPrice"]?.decimalValue, "invoice \(id)")
        }
        // Invoices 201, 202: ServiceTrade credit memos (negative totals), left in "ok" for the scenario to approve.
        for id in [201, 202] {
            #expect((invoices[id]?["totalPrice"]?.decimalValue ?? 0) < 0 && invoices[id]?["status"]?.stringValue == "ok", "credit memo \(id)")
        }
        #expect(Self.json("scenario.json")["steps"]?.arrayValue?.contains { $0["id"]?.stringValue == "approve-credit-memos" } == true)
        // A blocked account and a heading account exist; one dimension value is blocked.
        #expect(Self.rows("bc/accounts.json").contains { $0["blocked"]?.boolValue == true })
        #expect(Self.rows("bc/accounts.json").contains { $0["accountType"]?.stringValue == "Heading" })
        #expect(Self.rows("bc/dimensionValues.json").filter { $0["_blocked"]?.boolValue == true }.compactMap { $0["code"]?.stringValue } == ["SPRINKLER-OLD"])
    }
}
