import FieldLedgerHTTP
import Foundation
import Testing
@testable import FieldLedgerCore

@Suite("Master data: field decisions, authority defaults, first-sync matching")
struct MasterDataReconcilerTests {
    let older = Date(timeIntervalSince1970: 1_795_000_000)
    let newer = Date(timeIntervalSince1970: 1_795_000_600)

    func decide(st: String?, bc: String?, base: FieldReconciler.Base?, _ authority: Authority = .newest,
                stAt: Date? = nil, bcAt: Date? = nil) -> FieldReconciler.Decision {
        FieldReconciler.decide(st: st, bc: bc, base: base, authority: authority, stModified: stAt ?? older, bcModified: bcAt ?? newer)
    }

    @Test("a field changed on one side only propagates to the other")
    func oneSide() {
        let base = FieldReconciler.Base(st: "a", bc: "a")
        #expect(decide(st: "b", bc: "a", base: base) == .write(to: .businesscentral, value: "b", conflict: nil))
        #expect(decide(st: "a", bc: "c", base: base) == .write(to: .servicetrade, value: "c", conflict: nil))
        #expect(decide(st: "a", bc: "a", base: base) == .settle(st: "a", bc: "a"))
        // Both changed to the same value: agreement, not a conflict.
        #expect(decide(st: "z", bc: "z", base: base) == .settle(st: "z", bc: "z"))
    }

    @Test("changed on both sides: newest wins by modification time; fixed authorities hold against the clock")
    func bothSides() {
        let base = FieldReconciler.Base(st: "a", bc: "a")
        #expect(decide(st: "s", bc: "b", base: base, .newest, stAt: older, bcAt: newer)
                == .write(to: .servicetrade, value: "b", conflict: .init(rule: .newest, winner: .businesscentral)))
        #expect(decide(st: "s", bc: "b", base: base, .newest, stAt: newer, bcAt: older)
                == .write(to: .businesscentral, value: "s", conflict: .init(rule: .newest, winner: .servicetrade)))
        #expect(decide(st: "s", bc: "b", base: base, .servicetrade, stAt: older, bcAt: newer)
                == .write(to: .businesscentral, value: "s", conflict: .init(rule: .servicetrade, winner: .servicetrade)))
        #expect(decide(st: "s", bc: "b", base: base, .businesscentral, stAt: newer, bcAt: older)
                == .write(to: .servicetrade, value: "b", conflict: .init(rule: .businesscentral, winner: .businesscentral)))
    }

    @Test("no base yet (first coupling) and different values: a conflict decided by the rule")
    func firstCoupling() {
        #expect(decide(st: "(919) 555-0142", bc: "(919) 555-0199", base: nil)
                == .write(to: .servicetrade, value: "(919) 555-0199", conflict: .init(rule: .newest, winner: .businesscentral)))
    }

    @Test("a side that cannot express the field is neither a change nor a target; an unwritable difference stays put")
    func inexpressible() {
        #expect(decide(st: nil, bc: "NC-WAKE", base: nil) == .settle(st: nil, bc: "NC-WAKE"))
        // What a previous cycle could not write leaves both sides as the base recorded them: no bouncing.
        #expect(decide(st: "x", bc: "y", base: .init(st: "x", bc: "y")) == .settle(st: "x", bc: "y"))
    }

    @Test("authority defaults: tax area to Business Central, the site address to ServiceTrade, the rest newest; overrides apply")
    func authorityDefaults() {
        let defaults = FieldAuthority.defaults
        #expect(defaults.authority(entity: "customer", field: "taxArea") == .businesscentral)
        #expect(defaults.authority(entity: "location", field: "addressLine1") == .servicetrade)
        #expect(defaults.authority(entity: "location", field: "postalCode") == .servicetrade)
        #expect(defaults.authority(entity: "customer", field: "phoneNumber") == .newest)
        #expect(defaults.authority(entity: "customer", field: "city") == .newest)
        let custom = FieldAuthority.overriding(["customer.city": .servicetrade])
        #expect(custom.authority(entity: "customer", field: "city") == .servicetrade)
        #expect(custom.authority(entity: "customer", field: "taxArea") == .businesscentral)
    }

    func customer(_ number: String, _ name: String, postal: String) -> JSONObject {
        ["number": .string(number), "displayName": .string(name), "postalCode": .string(postal)]
    }

    @Test("matching: number first, then external id, then normalised name + postal code; coupled and uncoupled customers are skipped")
    func matching() {
        let customers: [String: JSONObject] = [
            "a": customer("C1", "Oakwood Medical Plaza", postal: "27628"),
            "b": customer("C2", "Harbor Lofts, LLC", postal: "27601-1234"),
            "c": customer("C3", "Twin Co", postal: "27513"),
            "d": customer("C4", "Twin Co.", postal: "27513"),
        ]
        let matcher = CustomerMatcher(customers: customers, coupled: ["c"])
        #expect(matcher.match(["customerCode": "c1", "name": "Other"], companyID: "1", uncoupled: []) == .matched(customerID: "a", by: "number"))
        #expect(matcher.match(["name": "x", "externalIds": ["business_central": "C2"]], companyID: "2", uncoupled: [])
                == .matched(customerID: "b", by: "externalId"))
        #expect(matcher.match(["name": "harbor  lofts LLC", "address": ["postalCode": "27601"]], companyID: "3", uncoupled: [])
                == .matched(customerID: "b", by: "nameAndPostalCode"))
        // Uncoupled by a person: never matched again automatically.
        #expect(matcher.match(["customerCode": "C1", "name": "Oakwood"], companyID: "1", uncoupled: ["a"]) == .none)
        // "c" is coupled elsewhere, so only "d" is a candidate.
        #expect(matcher.match(["name": "Twin Co", "address": ["postalCode": "27513"]], companyID: "4", uncoupled: [])
                == .matched(customerID: "d", by: "nameAndPostalCode"))
        let both = CustomerMatcher(customers: customers, coupled: [])
        guard case .ambiguous(let candidates, _) = both.match(["name": "TWIN CO", "address": ["postalCode": "27513"]],
                                                              companyID: "4", uncoupled: []) else {
            Issue.record("two customers with the same name and postal code must be ambiguous")
            return
        }
        #expect(candidates == ["c", "d"])
        #expect(both.match(["name": "Nobody", "address": ["postalCode": "99999"]], companyID: "5", uncoupled: []) == .none)
    }

    @Test("the ServiceTrade PUT body merges address members into the current address and drops members ServiceTrade refuses")
    func serviceTradeBody() {
        let company: JSONObject = ["address": ["street": "1 Main", "city": "Durham", "postalCode": "27711", "county": "Durham", "geo": "x"]]
        let body = CustomerPair.body([.address("city", "Raleigh"), .member("phoneNumber", "(919) 555-0199")], company)
        #expect(body["phoneNumber"]?.stringValue == "(919) 555-0199")
        let address = body["address"]?.objectValue
        #expect(address?["city"]?.stringValue == "Raleigh")
        #expect(address?["street"]?.stringValue == "1 Main")
        #expect(address?["geo"] == nil)
    }
}
