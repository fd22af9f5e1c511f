@testable import FieldLedgerCore
import Testing
@testable import FieldLedgerTUI

/// The Mappings pane's rule editor as a state machine: list → form → preview → apply.
@Suite struct RuleEditorTests {
    static let glRule: PostingRule = {
        var rule = PostingRule(kind: .glAccount, itemType: "labor", serviceLine: "HVAC", target: "43100", createdBy: "carol")
        rule.id = 7
        rule.version = 2
        return rule
    }()

    static let rows = [
        RuleRow(rule: glRule, match: "item_type labor, service_line HVAC", target: "43100",
                author: "carol", createdAt: "2026-11-26T10:00:00.000Z"),
    ]

    static func mappingsState(role: Role? = .finance, readOnly: Bool = false) -> AppState {
        var state = loadedState(role: role, readOnly: readOnly)
        _ = reduce(&state, .key(.char("4")))
        _ = reduce(&state, .rulesLoaded(rows))
        return state
    }

    /// The last effect, when it is an inline check.
    static func revision(_ effects: [Effect]) -> Int? {
        if case .checkRule(_, _, _, let revision)? = effects.last { return revision }
        return nil
    }

    @Test func addingTypesIntoTheFocusedFieldAndChecksEveryChangeOffTheRenderPath() throws {
        var state = Self.mappingsState()
        let opened = reduce(&state, .key(.char("a")))
        let editor = try #require(state.mappings.editor)
        #expect(editor.kind == .glAccount)
        #expect(editor.fields == [.document, .itemType, .serviceLine, .branch, .jobType, .target])
        #expect(editor.replacing == nil)
        #expect(Self.revision(opened) == 1)
        // Tab twice to service_line, type; letters (even q, 1, /) are text here, not commands.
        _ = reduce(&state, .key(.tab))
        _ = reduce(&state, .key(.tab))
        var effects: [Effect] = []
        for c in "Backflow q1/" { effects = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.backspace))
        _ = reduce(&state, .key(.backspace))
        effects = reduce(&state, .key(.backspace))
        #expect(state.mappings.editor?.values[.serviceLine] == "Backflow ")
        #expect(state.pane == .mappings)
        #expect(state.quitRequested == false)
        guard case .checkRule(let changes, let entity, let query, let revision)? = effects.last else {
            Issue.record("no inline check after typing: \(effects)")
            return
        }
        #expect(changes.add.first?.serviceLine == "Backflow ")
        #expect(entity == nil)
        #expect(query == "Backflow ")
        // A late answer to an older check is dropped; the current one is shown.
        _ = reduce(&state, .ruleChecked(revision: revision - 1, issues: [RuleIssue(code: "OLD", message: "old")], suggestions: []))
        #expect(state.mappings.editor?.issues.isEmpty == true)
        let issue = RuleIssue(code: "BAD_VALUE", column: .serviceLine, message: "'Backflow ' has leading or trailing spaces")
        _ = reduce(&state, .ruleChecked(revision: revision, issues: [issue], suggestions: []))
        #expect(state.mappings.editor?.issues == [issue])
        #expect(render(state, width: 80, height: 24).text.contains("✗ BAD_VALUE"))
    }

    @Test func theTargetPickerSearchesBusinessCentralAndEnterTakesTheValue() throws {
        var state = Self.mappingsState()
        _ = reduce(&state, .key(.char("a")))
        var effects: [Effect] = []
        for _ in 0..<5 { effects = reduce(&state, .key(.tab)) }
        #expect(state.mappings.editor?.focusedColumn == .target)
        effects = reduce(&state, .key(.char("4")))
        guard case .checkRule(_, let entity, let query, let revision)? = effects.last else {
            Issue.record("no check: \(effects)")
            return
        }
        #expect(entity == "accounts")
        #expect(query == "4")
        let hits = [ReferenceSearch.Hit(code: "43100", name: "Service Revenue - HVAC", blocked: false),
                    ReferenceSearch.Hit(code: "49000", name: "Backflow Testing Revenue", blocked: false)]
        _ = reduce(&state, .ruleChecked(revision: revision, issues: [], suggestions: hits))
        _ = reduce(&state, .key(.ctrl("n")))
        _ = reduce(&state, .key(.ctrl("n")))
        #expect(state.mappings.editor?.suggestion == 1)
        let screen = render(state, width: 80, height: 24).text
        #expect(screen.contains("> 49000"))
        _ = reduce(&state, .key(.enter))
        #expect(state.mappings.editor?.values[.target] == "49000")
        #expect(state.mappings.editor?.suggestion == nil)
    }

    @Test func previewThenReasonThenApplyAndRetryRunsTheCoreCommandAndClosesTheEditor() throws {
        var state = Self.mappingsState()
        _ = reduce(&state, .key(.char("e")))
        #expect(state.mappings.editor?.replacing == 7)
        #expect(state.mappings.editor?.values[.serviceLine] == "HVAC")
        let effects = reduce(&state, .key(.function(2)))
        var expected = RuleChangeSet(add: [state.mappings.editor!.rule], retire: [7], reason: "")
        #expect(effects == [.previewRules(expected)])
        #expect(state.mappings.editor?.stage == .preview)
        // Apply waits for the preview, and says so.
        #expect(reduce(&state, .key(.function(7))) == [])
        #expect(state.message?.text.hasPrefix("The preview is still being computed") == true)
        var preview = RuleChangePreview()
        preview.fixes = []
        _ = reduce(&state, .rulesPreviewed(expected, preview))
        #expect(state.mappings.editor?.preview == preview)
        for c in "split HVAC" { _ = reduce(&state, .key(.char(c))) }
        expected.reason = "split HVAC"
        #expect(reduce(&state, .key(.function(7))) == [.applyRules(expected, retry: true)])
        #expect(state.mappings.editor?.busy == true)
        let done = reduce(&state, .rulesApplied(StatusMessage("Saved rule version 3"), saved: true))
        #expect(state.mappings.editor == nil)
        #expect(done == [.loadRules, .loadFailures, .loadOverview])
        #expect(state.message == StatusMessage("Saved rule version 3"))
    }

    @Test func aRefusalKeepsTheEditorOpenWithTheCoreMessage() throws {
        var state = Self.mappingsState(role: .operator)
        #expect(!render(state, width: 80, height: 24).text.contains("[Edit]"), "an operator is offered [Edit]")
        #expect(render(state, width: 80, height: 24).text.contains("changing rules needs the finance role"))
        _ = reduce(&state, .key(.char("e")))
        #expect(state.mappings.editor != nil)
        _ = reduce(&state, .key(.function(2)))
        _ = reduce(&state, .rulesPreviewed(state.mappings.editor!.changes, RuleChangePreview()))
        for c in "try" { _ = reduce(&state, .key(.char(c))) }
        let effects = reduce(&state, .key(.function(6)))
        #expect(effects.count == 1)
        let denied = "change posting rules: needs role finance; you are alice (operator). Ask an admin to grant it under [roles] in the configuration."
        _ = reduce(&state, .rulesApplied(StatusMessage(denied, isError: true), saved: false))
        #expect(state.mappings.editor?.busy == false)
        #expect(state.message?.isError == true)
        #expect(render(state, width: 132, height: 43).text.contains("needs role finance"))
    }

    @Test func aPreviewWithProblemsCannotBeApplied() {
        var state = Self.mappingsState()
        _ = reduce(&state, .key(.char("a")))
        _ = reduce(&state, .key(.function(2)))
        var preview = RuleChangePreview()
        preview.issues = [RuleIssue(code: "MISSING_VALUE", column: .target, message: "gl_account rules need a target; fill it in.")]
        _ = reduce(&state, .rulesPreviewed(state.mappings.editor!.changes, preview))
        #expect(reduce(&state, .key(.function(6))) == [])
        #expect(state.message?.text.contains("cannot be saved") == true)
        // Esc goes back to the form, a second Esc leaves the editor with nothing changed.
        _ = reduce(&state, .key(.escape))
        #expect(state.mappings.editor?.stage == .form)
        _ = reduce(&state, .key(.escape))
        #expect(state.mappings.editor == nil)
        #expect(state.message == StatusMessage("Nothing was changed."))
    }

    @Test func theReasonIsAskedForOnThePreviewNotCountedAsAProblemOfTheRule() {
        var state = Self.mappingsState()
        _ = reduce(&state, .key(.char("e")))
        _ = reduce(&state, .key(.function(2)))
        var preview = RuleChangePreview()
        preview.issues = [RuleIssue(code: "MISSING_REASON", message: "every rule change needs a reason")]
        _ = reduce(&state, .rulesPreviewed(state.mappings.editor!.changes, preview))
        #expect(!render(state, width: 80, height: 24).text.contains("cannot be saved"))
        #expect(reduce(&state, .key(.function(6))) == [])
        #expect(state.message?.text.hasPrefix("Type the reason first") == true)
        _ = reduce(&state, .key(.char("x")))
        #expect(reduce(&state, .key(.function(6))).count == 1)
    }

    @Test func retiringPreviewsTheDeleteAndAsksForAReason() {
        var state = Self.mappingsState()
        #expect(reduce(&state, .key(.char("d"))) == [.previewRules(RuleChangeSet(retire: [7], reason: ""))])
        #expect(state.mappings.editor?.retireOnly == true)
        #expect(state.mappings.editor?.stage == .preview)
        _ = reduce(&state, .key(.escape))
        #expect(state.mappings.editor == nil)
    }

    @Test func readOnlyChangesNothingAndTablesCycle() {
        var state = Self.mappingsState(readOnly: true)
        #expect(reduce(&state, .key(.char("a"))) == [])
        #expect(state.mappings.editor == nil)
        _ = reduce(&state, .key(.right))
        #expect(state.mappings.kind == .purchaseGL)
        _ = reduce(&state, .key(.left))
        _ = reduce(&state, .key(.left))
        #expect(state.mappings.kind == .fieldAuthority)
    }

    @Test func clickingEditApplyAndRetryButtons() throws {
        var state = Self.mappingsState()
        var grid = render(state, width: 80, height: 24)
        let row = try #require((0..<24).first { grid.line($0).contains("[Edit]") })
        let x = try #require(grid.line(row).range(of: "[Edit]").map { grid.line(row).distance(from: grid.line(row).startIndex, to: $0.lowerBound) })
        _ = reduce(&state, .mouse(MouseEvent(x: x + 1, y: row, kind: .release)))
        #expect(state.mappings.editor?.replacing == 7)
        grid = render(state, width: 80, height: 24)
        let buttons = try #require((0..<24).first { grid.line($0).contains("[Preview]") })
        let px = try #require(grid.line(buttons).range(of: "[Preview]").map { grid.line(buttons).distance(from: grid.line(buttons).startIndex, to: $0.lowerBound) })
        _ = reduce(&state, .mouse(MouseEvent(x: px + 1, y: buttons, kind: .release)))
        #expect(state.mappings.editor?.stage == .preview)
        _ = reduce(&state, .rulesPreviewed(state.mappings.editor!.changes, RuleChangePreview()))
        for c in "why" { _ = reduce(&state, .key(.char(c))) }
        grid = render(state, width: 80, height: 24)
        let applyRow = try #require((0..<24).first { grid.line($0).contains("[Apply & retry]") })
        let line = grid.line(applyRow)
        let ax = try #require(line.range(of: "[Apply & retry]").map { line.distance(from: line.startIndex, to: $0.lowerBound) })
        let effects = reduce(&state, .mouse(MouseEvent(x: ax + 2, y: applyRow, kind: .release)))
        guard case .applyRules(let changes, let retry)? = effects.first else {
            Issue.record("the button did not apply: \(effects)")
            return
        }
        #expect(retry)
        #expect(changes.reason == "why")
        #expect(changes.retire == [7])
    }
}

@Suite struct FixMappingTests {
    @Test func fOnAMappingFailureOpensTheEditorFilledIn() throws {
        var state = loadedState(role: .finance)
        _ = reduce(&state, .key(.char("3")))
        var groups = sampleGroups
        groups[0].object = "service line 'Backflow Testing' / labor"
        _ = reduce(&state, .failuresLoaded(groups))
        let effects = reduce(&state, .key(.char("f")))
        #expect(state.pane == .mappings)
        let editor = try #require(state.mappings.editor)
        #expect(editor.kind == .glAccount)
        #expect(editor.values[.serviceLine] == "Backflow Testing")
        #expect(editor.values[.itemType] == "labor")
        #expect(editor.focusedColumn == .target)
        #expect(effects.first == .loadRules)
        guard case .checkRule(_, let entity, _, _)? = effects.last else {
            Issue.record("no check: \(effects)")
            return
        }
        #expect(entity == "accounts")
    }

    @Test func dimensionsTermsAndOtherCauses() {
        let dimension = Reducer.prefill(code: "UNMAPPED_DIMENSION", object: "service line 'Backflow Testing'")
        #expect(dimension?.0 == .dimension)
        #expect(dimension?.1 == [.sourceKind: "service_line", .sourceValue: "Backflow Testing"])
        #expect(dimension?.2 == .dimensionCode)
        #expect(Reducer.prefill(code: "UNMAPPED_PAYMENT_TERMS", object: "terms 'Net 45'")?.1 == [.sourceValue: "Net 45"])
        #expect(Reducer.prefill(code: "INVALID_TAX_CODE", object: "tax rate 'NC Sales'")?.0 == .taxGroup)
        #expect(Reducer.prefill(code: "MISSING_CUSTOMER", object: "ServiceTrade company 'Acme'") == nil)
        var state = loadedState(role: .finance)
        _ = reduce(&state, .key(.char("3")))
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.char("f")))
        #expect(state.pane == .failures)
        #expect(state.message?.text.contains("not fixed by a mapping rule") == true)
    }
}
