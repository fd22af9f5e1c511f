@testable import FieldLedgerCore
import Testing
@testable import FieldLedgerTUI

/// Text snapshots of the Mappings pane (list, editor form, preview) and the Conflicts pane at
/// 80×24 and 132×43 (see `Snapshots` for how to update one).
@Suite struct MappingsRenderTests {
    static let sizes = [(80, 24), (132, 43)]

    static func rules() -> [RuleRow] {
        var gl = RuleEditorTests.glRule
        gl.id = 7
        var blocked = PostingRule(kind: .glAccount, itemType: "material", serviceLine: "Fire Sprinkler", target: "44900", createdBy: "carol")
        blocked.id = 9
        blocked.version = 3
        var dimension = PostingRule(kind: .dimension, sourceKind: "service_line", sourceValue: "HVAC", dimensionCode: "DEPARTMENT",
                                    target: "HVAC", createdBy: "carol")
        dimension.id = 12
        return [
            RuleEditorTests.rows[0],
            RuleRow(rule: blocked, match: "item_type material, service_line Fire Sprinkler",
                    target: "44900", author: "carol", createdAt: "2026-11-26T10:05:00.000Z",
                    problem: .init(code: "BLOCKED_GL_ACCOUNT", reason: "GL account 44900 is blocked in Business Central; point the rule at a posting account that allows direct posting.", affected: 3)),
            RuleRow(rule: dimension, match: "source_kind service_line, source_value HVAC, dimension_code DEPARTMENT", target: "HVAC",
                    author: "carol", createdAt: "2026-11-26T10:06:00.000Z"),
        ]
    }

    static func mappings(_ w: Int, _ h: Int, role: Role? = .finance) -> AppState {
        var state = loadedState(width: w, height: h, role: role)
        _ = reduce(&state, .key(.char("4")))
        _ = reduce(&state, .rulesLoaded(rules()))
        return state
    }

    /// The editor on the planted gap: a new GL rule for Backflow Testing, target being typed.
    static func form(_ w: Int, _ h: Int) -> AppState {
        var state = mappings(w, h)
        _ = reduce(&state, .key(.char("a")))
        _ = reduce(&state, .key(.tab))
        _ = reduce(&state, .key(.char("l")))
        _ = reduce(&state, .key(.tab))
        for c in "Backflow Testing" { _ = reduce(&state, .key(.char(c))) }
        for _ in 0..<3 { _ = reduce(&state, .key(.tab)) }
        let effects = reduce(&state, .key(.char("4")))
        if case .checkRule(_, _, _, let revision)? = effects.last {
            _ = reduce(&state, .ruleChecked(revision: revision, issues: [
                RuleIssue(code: "BAD_VALUE", column: .itemType, message: "'l' is not one of labor, material, other, *."),
                RuleIssue(code: "MISSING_VALUE", column: .target, message: "gl_account rules need a target; fill it in."),
            ], suggestions: [
                .init(code: "40000", name: "REVENUE", blocked: false),
                .init(code: "43100", name: "Service Revenue - HVAC", blocked: false),
                .init(code: "44900", name: "Fire Protection Revenue - OLD", blocked: true),
                .init(code: "49000", name: "Backflow Testing Revenue", blocked: false),
            ]))
        }
        _ = reduce(&state, .key(.ctrl("n")))
        return state
    }

    static func preview(_ w: Int, _ h: Int) -> AppState {
        var state = mappings(w, h)
        _ = reduce(&state, .key(.char("a")))
        _ = reduce(&state, .key(.tab))
        _ = reduce(&state, .key(.tab))
        for c in "Backflow Testing" { _ = reduce(&state, .key(.char(c))) }
        for _ in 0..<3 { _ = reduce(&state, .key(.tab)) }
        for c in "49000" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.function(2)))
        var preview = RuleChangePreview()
        preview.fixes = [.init(workItemID: 77, sourceRef: "INV-26077", state: .failed, before: "UNMAPPED_GL_ACCOUNT", after: nil),
                         .init(workItemID: 143, sourceRef: "INV-26143", state: .failed, before: "UNMAPPED_GL_ACCOUNT", after: nil)]
        preview.failingDifferently = [.init(workItemID: 150, sourceRef: "INV-26150", state: .failed, before: "UNMAPPED_GL_ACCOUNT",
                                            after: "UNMAPPED_DIMENSION")]
        _ = reduce(&state, .rulesPreviewed(state.mappings.editor!.changes, preview))
        for c in "new service line" { _ = reduce(&state, .key(.char(c))) }
        return state
    }

    static func conflicts(_ w: Int, _ h: Int) -> AppState {
        var state = loadedState(width: w, height: h)
        _ = reduce(&state, .key(.char("6")))
        _ = reduce(&state, .conflictsLoaded(sampleConflicts))
        return state
    }

    @Test func mappingsList() {
        expectScreen(render(Self.mappings(80, 24), width: 80, height: 24), MappingsSnapshots.mappings80, "mappings80")
        expectScreen(render(Self.mappings(132, 43), width: 132, height: 43), MappingsSnapshots.mappings132, "mappings132")
        expectScreen(render(Self.mappings(80, 24, role: .operator), width: 80, height: 24), MappingsSnapshots.mappingsOperator80, "mappingsOperator80")
    }

    @Test func ruleForm() {
        expectScreen(render(Self.form(80, 24), width: 80, height: 24), MappingsSnapshots.ruleForm80, "ruleForm80")
        expectScreen(render(Self.form(132, 43), width: 132, height: 43), MappingsSnapshots.ruleForm132, "ruleForm132")
    }

    @Test func rulePreview() {
        expectScreen(render(Self.preview(80, 24), width: 80, height: 24), MappingsSnapshots.rulePreview80, "rulePreview80")
        expectScreen(render(Self.preview(132, 43), width: 132, height: 43), MappingsSnapshots.rulePreview132, "rulePreview132")
    }

    @Test func conflictsPane() {
        expectScreen(render(Self.conflicts(80, 24), width: 80, height: 24), MappingsSnapshots.conflicts80, "conflicts80")
        expectScreen(render(Self.conflicts(132, 43), width: 132, height: 43), MappingsSnapshots.conflicts132, "conflicts132")
        var detail = Self.conflicts(80, 24)
        _ = reduce(&detail, .key(.enter))
        expectScreen(render(detail, width: 80, height: 24), MappingsSnapshots.conflictDetail80, "conflictDetail80")
    }

    @Test func asciiAndEmptyPanes() {
        var state = loadedState(width: 80, height: 24, ascii: true)
        _ = reduce(&state, .key(.char("4")))
        _ = reduce(&state, .rulesLoaded([]))
        expectScreen(render(state, width: 80, height: 24), MappingsSnapshots.mappingsEmptyAscii80, "mappingsEmptyAscii80")
        _ = reduce(&state, .key(.char("6")))
        _ = reduce(&state, .conflictsLoaded([]))
        expectScreen(render(state, width: 80, height: 24), MappingsSnapshots.conflictsEmptyAscii80, "conflictsEmptyAscii80")
    }
}
