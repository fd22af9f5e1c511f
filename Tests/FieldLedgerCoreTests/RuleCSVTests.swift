import Foundation
import Testing
@testable import FieldLedgerCore

@Suite("Posting rules CSV: documented columns, lossless round trip, all-or-nothing import with line and column")
struct RuleCSVTests {
    static let header = "kind,document,item_type,service_line,branch,job_type,category,vendor,source_kind,source_value,dimension_code,target,work_type"

    static let everyKind: [PostingRule] = [
        RuleFixture.gl("43100", itemType: "labor", serviceLine: "HVAC"),
        RuleFixture.gl("41100", itemType: "labor", serviceLine: "Fire Sprinkler, \"wet\"", branch: "Raleigh", document: "credit_memo"),
        PostingRule(kind: .purchaseGL, category: "Pipe & Fittings", target: "12000", createdBy: ""),
        PostingRule(kind: .stockAdjustmentGL, branch: "Charlotte", target: "62000", createdBy: ""),
        PostingRule(kind: .timecardGL, serviceLine: "HVAC", target: "61000", createdBy: ""),
        PostingRule(kind: .dimension, sourceKind: "service_line", sourceValue: "HVAC", dimensionCode: "DEPARTMENT", target: "HVAC", createdBy: ""),
        PostingRule(kind: .dimension, sourceKind: "job", sourceValue: "*", dimensionCode: "AREA", target: "=", createdBy: ""),
        PostingRule(kind: .taxGroup, sourceValue: "Labor - exempt", target: "LABOR", createdBy: ""),
        PostingRule(kind: .taxArea, sourceKind: "location", sourceValue: "12", target: "NC-WAKE", createdBy: ""),
        PostingRule(kind: .paymentTerms, sourceValue: "Net 30", target: "NET30", createdBy: ""),
        PostingRule(kind: .costCode, sourceKind: "labor_type", sourceValue: "Overtime", target: "200", workType: "OT", createdBy: ""),
        PostingRule(kind: .fieldAuthority, sourceKind: "location", sourceValue: "address", target: "servicetrade", createdBy: ""),
    ]

    @Test("export then import into an empty store gives the same rules; importing the export again changes nothing")
    func roundTrip() throws {
        let f = try RuleFixture()
        try f.finance.saveRules(RuleChangeSet(add: Self.everyKind, reason: "all kinds"))
        let exported = RuleCSV.export(try f.live())
        #expect(exported.hasPrefix("id," + Self.header + "\n"))
        #expect(exported.contains("\"Fire Sprinkler, \"\"wet\"\"\""))
        #expect(try f.finance.importRules(csv: exported, reason: "same again") == nil, "no change")

        let g = try RuleFixture()
        let version = try #require(try g.finance.importRules(csv: exported, reason: "copy"))
        #expect(version.added.count == Self.everyKind.count)
        func content(_ rules: [PostingRule]) -> [[String]] { rules.map { rule in RuleColumn.csvHeader.map { $0.value(of: rule) } } }
        #expect(content(try g.live()) == content(try f.live()))
        // Without the id column too (a hand-written file).
        let h = try RuleFixture()
        let noIDs = exported.split(separator: "\n").map { $0.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)[1] }
            .joined(separator: "\n")
        #expect(try h.finance.importRules(csv: noIDs, reason: "hand-written")?.added.count == Self.everyKind.count)
    }

    @Test("a row matching a live rule with another target replaces it; --replace retires what the file leaves out")
    func updates() throws {
        let f = try RuleFixture()
        try f.finance.saveRules(RuleChangeSet(add: [RuleFixture.gl("43100", itemType: "labor", serviceLine: "HVAC"),
                                                    RuleFixture.gl("43200", itemType: "material", serviceLine: "HVAC")], reason: "x"))
        let edited = Self.header + "\ngl_account,*,labor,HVAC,*,*,,,,,,49000,\n"
        let version = try #require(try f.finance.importRules(csv: edited, reason: "reclass"))
        #expect(version.retired.map(\.target) == ["43100"] && version.added.map(\.target) == ["49000"])
        #expect(Set(try f.live().map(\.target)) == ["49000", "43200"])
        try f.finance.importRules(csv: edited, reason: "only this", replace: true)
        #expect(try f.live().map(\.target) == ["49000"])
    }

    @Test("every bad row is reported as line N, column X, and nothing is saved")
    func badRows() throws {
        let f = try RuleFixture()
        try f.finance.saveRules(RuleChangeSet(add: [RuleFixture.gl("43100", itemType: "labor", serviceLine: "HVAC")], reason: "x"))
        let csv = [
            Self.header,
            "gl_account,*,labor,Fire Alarm,*,*,,,,,,41100,",              // 2: fine
            "gl_acount,*,labor,HVAC,*,*,,,,,,43100,",                       // 3: unknown kind
            "gl_account,*,labour,HVAC,*,*,,,,,,43100,",                     // 4: bad item type
            "gl_account,*,labor,HVAC,*,*,,,,,,",                            // 5: wrong column count
            "gl_account,*,material,HVAC,*,*,,,,,,,",                        // 6: missing target
            "tax_group,,,,,,,,tax_rate,Labor - exempt,DEPARTMENT,LABOR,",   // 7: unused column
            "gl_account,*,other,HVAC,*,*,,,,,,44900,",                      // 8: blocked account
            "gl_account,*,labor,Fire Alarm,*,*,,,,,,41100,",                // 9: duplicate of line 2
            "gl_account,*,material,*,Raleigh,*,,,,,,43200,",                // 10: ties with line 11
            "gl_account,*,*,Fire Alarm,Raleigh,*,,,,,,43200,",              // 11
            "field_authority,,,,,,,,customer,phoneNumber,,whoever,",        // 12: bad authority
            "dimension,,,,,,,,service_line,Backflow Testing,DEPARTMENT,NOPE,", // 13: unknown dimension value
        ].joined(separator: "\n")
        let issues = refusal { _ = try f.finance.importRules(csv: csv, reason: "bad") }
        let text = issues.map(\.description)
        #expect(text.contains { $0.hasPrefix("line 3, column kind: unknown kind 'gl_acount'") })
        #expect(text.contains { $0.hasPrefix("line 4, column item_type: 'labour' is not one of") })
        #expect(text.contains { $0.hasPrefix("line 5: expected 13 columns, found 12") })
        #expect(text.contains { $0.hasPrefix("line 6, column target: gl_account rules need a target") })
        #expect(text.contains { $0.hasPrefix("line 7, column dimension_code: tax_group rules do not use dimension_code") })
        #expect(text.contains { $0.hasPrefix("line 12, column target: 'whoever' is not one of servicetrade, businesscentral, newest") })
        #expect(issues.count == 6, "shape problems stop the import before the store is consulted: \(text)")
        #expect(try f.live().count == 1, "nothing saved")

        // With the shape fixed, the store-level problems are reported by line too.
        let shaped = [Self.header] + csv.split(separator: "\n").dropFirst().enumerated()
            .filter { ![1, 2, 3, 4, 5, 10].contains($0.offset) }.map { String($0.element) }
        let lines = shaped.joined(separator: "\n")
        let second = refusal { _ = try f.finance.importRules(csv: lines, reason: "bad") }.map(\.description)
        // Lines after renumbering: 2 fine, 3 blocked, 4 duplicate, 5/6 tie, 7 unknown dimension value.
        #expect(second.contains { $0.hasPrefix("line 3, column target: GL account 44900 is blocked") })
        #expect(second.contains { $0.hasPrefix("line 4: another rule of this change already matches exactly this") })
        #expect(second.contains { $0.hasPrefix("line 5: ties with another rule of this change") })
        #expect(second.contains { $0.hasPrefix("line 7, column target: dimension value DEPARTMENT NOPE does not exist") })
        #expect(try f.live().count == 1, "nothing saved")
    }

    @Test("a bad header, an unclosed quote and an empty file are refused with their line")
    func badFiles() throws {
        #expect(RuleCSV.parse("kind,target\ngl_account,43100\n").issues.map(\.description).first?.hasPrefix("line 1: the header must be") == true)
        #expect(RuleCSV.parse(Self.header + "\n\"gl_account,*").issues.first?.description == "line 2: a quoted field is never closed")
        #expect(RuleCSV.parse("").issues.first?.code == "BAD_HEADER")
        #expect(RuleCSV.parse("id," + Self.header + "\nx,gl_account,*,*,*,*,*,,,,,,43100,\n").issues.first?.description
            == "line 2: id 'x' is not a number; leave it empty for a new rule.")
    }
}
