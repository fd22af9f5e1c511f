import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerSim

@Suite("ServiceTrade simulator: envelope, paging, records, filters, errors")
struct ServiceTradeRecordsTests {
    @Test("ST §1.1 {messages, data} envelope; §1.3 page/totalPages paging with plural keys") func envelopeAndPaging() async {
        let st = ServiceTradeSimulator()
        let c = await STFixture.session(st)
        for n in 1...7 {
            let created = await c.call("POST", "/st/api/company", json: ["name": .string("Customer \(n)")])
            #expect(created.status == 200)
            #expect(created.json["messages"]?["success"]?.arrayValue?.count == 1)
            #expect(created.data["id"]?.intValue == n)
        }
        let page3 = await c.call("GET", "/st/api/company", query: [("page", "3"), ("limit", "3")])
        #expect(page3.status == 200)
        #expect(page3.json["messages"] != nil)
        #expect(page3.data["totalPages"]?.intValue == 3)
        #expect(page3.data["page"]?.intValue == 3)
        #expect(page3.data["companies"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Customer 7"])
        let beyond = await c.call("GET", "/st/api/company", query: [("page", "9"), ("limit", "3")])
        #expect(beyond.data["companies"]?.arrayValue?.isEmpty == true)
        #expect(await c.call("GET", "/st/api/company", query: [("page", "0")]).status == 400)
        #expect(await c.call("GET", "/st/api/company", query: [("limit", "5000")]).status == 400)
        let hostile = await c.call("GET", "/st/api/company", query: [("page", String(Int.max)), ("limit", "500")])
        #expect(hostile.status == 200, "a huge page number is an empty page, not a crash")
        #expect(hostile.data["companies"]?.arrayValue?.isEmpty == true)
    }

    @Test("ST §1.1 company, location, contact, job, invoice, serviceline, taxrate, clockevent, … can be created, read and updated") func everyResourceCanBeCreatedReadAndUpdated() async {
        let clock = SimClock()
        let st = ServiceTradeSimulator(clock: clock)
        let c = await STFixture.session(st)
        let b = await STFixture.basics(c)
        #expect([b.region, b.terms, b.serviceLine, b.taxRate, b.company, b.location, b.job, b.user].allSatisfy { $0 > 0 })
        let contact = await c.call("POST", "/st/api/contact", json: [
            "firstName": "Ann", "lastName": "Lee", "companyId": .int(b.company), "locationId": .int(b.location),
        ])
        #expect(contact.status == 200)
        #expect(contact.data["company"]?["name"]?.stringValue == "Oakwood Medical")
        let job = await c.call("GET", "/st/api/job/\(b.job)")
        #expect(job.data["region"]?["name"]?.stringValue == "Raleigh", "a job takes its location's region (branch)")
        let clockEvent = await c.call("POST", "/st/api/clockevent", json: [
            "userId": .int(b.user), "jobId": .int(b.job), "activity": "onsite", "startTime": 1_790_000_000, "endTime": 1_790_003_600,
        ])
        #expect(clockEvent.data["elapsedTime"]?.intValue == 3600)
        #expect(clockEvent.data["approved"]?.boolValue == false)

        let updates: [(String, Int, JSONValue, String)] = [
            ("company", b.company, ["phoneNumber": "(919) 555-0100"], "phoneNumber"),
            ("location", b.location, ["address": ["street": "1 Main St", "city": "Cary", "state": "NC", "postalCode": "27511"]], "address"),
            ("contact", contact.data["id"]?.intValue ?? 0, ["email": "ann@example.com"], "email"),
            ("job", b.job, ["status": "completed"], "status"),
            ("serviceline", b.serviceLine, ["trade": "Fire Protection"], "trade"),
            ("taxrate", b.taxRate, ["name": "Materials (Wake)"], "name"),
            ("paymentterms", b.terms, ["days": 45], "days"),
            ("user", b.user, ["email": "dana@example.com"], "email"),
            ("region", b.region, ["name": "Raleigh-Durham"], "name"),
            ("clockevent", clockEvent.data["id"]?.intValue ?? 0, ["approved": true], "approved"),
        ]
        for (resource, id, body, field) in updates {
            let before = await c.call("GET", "/st/api/\(resource)/\(id)")
            clock.advance(by: 60)
            let after = await c.call("PUT", "/st/api/\(resource)/\(id)", json: body)
            #expect(after.status == 200, "PUT \(resource)")
            #expect(after.data[field] == body[field], "\(resource).\(field) updated")
            #expect(after.data["updated"]?.intValue == Int(clock.now().timeIntervalSince1970), "\(resource).updated moves to the clock's now")
            #expect((after.data["updated"]?.intValue ?? 0) > (before.data["updated"]?.intValue ?? .max))
            clock.advance(by: 60)
            let unchanged = await c.call("PUT", "/st/api/\(resource)/\(id)", json: body)
            #expect(unchanged.data["updated"] == after.data["updated"], "a PUT that changes nothing leaves \(resource).updated")
            let listed = await c.call("GET", "/st/api/\(resource)")
            #expect(listed.status == 200)
        }
        #expect(await c.call("GET", "/st/api/user/\(b.user)").data["name"]?.stringValue == "Dana Whitfield")
    }

    @Test("ST §1.1 validation errors are 400 with messages ('Location is required')") func validationErrorsAre400WithMessages() async {
        let st = ServiceTradeSimulator()
        let c = await STFixture.session(st)
        let b = await STFixture.basics(c)
        let noName = await c.call("POST", "/st/api/company", json: ["phoneNumber": "1"])
        #expect(noName.status == 400)
        #expect(noName.errors == ["name is required."])
        let unknown = await c.call("POST", "/st/api/company", json: ["name": "X", "colour": "red"])
        #expect(unknown.status == 400)
        #expect(unknown.errors.first?.contains("Unknown field 'colour'") == true)
        let badRef = await c.call("POST", "/st/api/location", json: ["name": "Y", "companyId": 999, "regionId": .int(b.region)])
        #expect(badRef.errors == ["companyId 999 does not match any company."])
        let badType = await c.call("POST", "/st/api/job", json: ["name": 5, "companyId": .int(b.company), "locationId": .int(b.location)])
        #expect(badType.errors.first?.contains("name must be a string") == true)
        let malformed = await c.call("POST", "/st/api/company", raw: "{\"name\": ")
        #expect(malformed.status == 400)
        #expect(malformed.errors.first?.contains("not valid JSON") == true)
        let notObject = await c.call("POST", "/st/api/company", raw: "[1]")
        #expect(notObject.status == 400)
        let missingInvoice = await c.call("PUT", "/st/api/invoice/1", json: ["customerPo": "1"])
        #expect(missingInvoice.status == 404)
    }

    @Test("ST §1.1 unknown ids and resources are 404 in the envelope") func unknownIdsAndPathsAre404() async {
        let st = ServiceTradeSimulator()
        let c = await STFixture.session(st)
        let missing = await c.call("GET", "/st/api/company/999")
        #expect(missing.status == 404)
        #expect(missing.errors == ["company 999 not found."])
        #expect(await c.call("GET", "/st/api/company/abc").status == 404)
        #expect(await c.call("GET", "/st/api/nosuchthing").status == 404)
        #expect(await c.call("PUT", "/st/api/job/5", json: ["name": "x"]).status == 404)
        #expect(await c.call("DELETE", "/st/api/company/1").status == 405)
    }

    @Test("ST §1.3 status=a,b filter; §1.5 jobId filter; updated-time filters") func listFiltersByStatusUpdatedTimeJobAndCompany() async {
        let clock = SimClock()
        let st = ServiceTradeSimulator(clock: clock)
        let c = await STFixture.session(st)
        let b = await STFixture.basics(c)
        let otherCompany = await c.call("POST", "/st/api/company", json: ["name": "Other"]).data["id"]?.intValue ?? 0
        let otherLocation = await c.call("POST", "/st/api/location", json: ["name": "Other site", "companyId": .int(otherCompany), "regionId": .int(b.region)]).data["id"]?.intValue ?? 0
        let otherJob = await c.call("POST", "/st/api/job", json: ["name": "Other job", "companyId": .int(otherCompany), "locationId": .int(otherLocation)]).data["id"]?.intValue ?? 0
        let first = await STFixture.invoice(c, b).data["id"]?.intValue ?? 0
        clock.advance(by: 100)
        let mark = Int(clock.now().timeIntervalSince1970)
        clock.advance(by: 100)
        let second = await STFixture.invoice(c, b, status: "pending_accounting").data["id"]?.intValue ?? 0
        let third = await c.call("POST", "/st/api/invoice", json: ["jobId": .int(otherJob), "status": "failed"]).data["id"]?.intValue ?? 0

        func ids(_ query: [(name: String, value: String)]) async -> [Int] {
            await c.call("GET", "/st/api/invoice", query: query).data["invoices"]?.arrayValue?.compactMap { $0["id"]?.intValue } ?? []
        }
        #expect(await ids([("status", "pending_accounting")]) == [second])
        #expect(await ids([("status", "ok,failed")]) == [first, third])
        #expect(await ids([("updatedAfter", String(mark))]) == [second, third])
        #expect(await ids([("updatedBefore", String(mark))]) == [first])
        #expect(await ids([("jobId", String(otherJob))]) == [third])
        #expect(await ids([("companyId", String(b.company)), ("status", "ok")]) == [first])
        #expect(await ids([("locationId", String(otherLocation))]) == [third])
        #expect(await ids([("regionId", String(b.region))]) == [first, second, third])
        let badFilter = await c.call("GET", "/st/api/invoice", query: [("updatedSince", "1")])
        #expect(badFilter.status == 400)
        #expect(badFilter.errors.first?.contains("Unknown filter 'updatedSince'") == true)
        #expect(await c.call("GET", "/st/api/invoice", query: [("updatedAfter", "yesterday")]).status == 400)
    }

    @Test("ST §1.6 GET /job/{id}/clockevent returns activityTime per activity and pairedEvents") func jobClockEventSummaryAddsActivityTime() async {
        let st = ServiceTradeSimulator()
        let c = await STFixture.session(st)
        let b = await STFixture.basics(c)
        for (activity, start, end) in [("enroute", 1000, 1900), ("onsite", 2000, 9200), ("onsite", 10000, 10600)] {
            _ = await c.call("POST", "/st/api/clockevent", json: ["userId": .int(b.user), "jobId": .int(b.job), "activity": .string(activity),
                                                               "startTime": .int(start), "endTime": .int(end)])
        }
        let summary = await c.call("GET", "/st/api/job/\(b.job)/clockevent")
        #expect(summary.data["activityTime"]?["onsite"]?.intValue == 7800)
        #expect(summary.data["activityTime"]?["enroute"]?.intValue == 900)
        #expect(summary.data["pairedEvents"]?.arrayValue?.count == 3)
        let reversed = await c.call("POST", "/st/api/clockevent", json: ["userId": .int(b.user), "jobId": .int(b.job), "activity": "onsite",
                                                                     "startTime": 5000, "endTime": 4000])
        #expect(reversed.status == 400)
        let filtered = await c.call("GET", "/st/api/clockevent", query: [("userId", String(b.user)), ("approved", "false")])
        #expect(filtered.data["clockEvents"]?.arrayValue?.count == 3)
    }
}
