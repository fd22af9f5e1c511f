import FieldLedgerCore

/// `f` on Failures: from a group caused by a missing mapping straight to the rule editor, with
/// what the failure names already filled in (the service line, the dimension source, the terms,
/// the tax rate), so the operator only picks the target. The object texts read here are the
/// ones `FailureCatalog` writes.
extension Reducer {
    static func fixMapping(_ state: inout AppState) -> [Effect] {
        guard let line = state.failures.selectedLine else {
            state.message = StatusMessage("No failure group selected.")
            return []
        }
        let group = state.failures.groups[line.groupIndex]
        guard let (kind, values, focus) = prefill(code: group.code, object: group.object ?? "") else {
            state.message = StatusMessage("\(group.code) is not fixed by a mapping rule; see What to do.")
            return []
        }
        state.overlay = nil
        state.pane = .mappings
        state.mappings.kind = kind
        state.mappings.cursor = ListCursor()
        var editor = RuleEditor(kind: kind, author: state.session.user)
        for (column, value) in values where editor.fields.contains(column) { editor.values[column] = value }
        editor.focus = editor.fields.firstIndex(of: focus) ?? 0
        state.mappings.editor = editor
        var effects = runMappings(.editorFocus(editor.focus), &state)
        effects.insert(.loadRules, at: 0)
        if state.message == nil {
            state.message = StatusMessage("Fill in the target and press F2: the preview shows the \(group.count) record\(group.count == 1 ? "" : "s") it fixes.")
        }
        return effects
    }

    /// The rule kind, the values a failure names and the field left to fill, or nil when the
    /// failure is not about a missing mapping.
    static func prefill(code: String, object: String) -> (PostingRule.Kind, [RuleColumn: String], RuleColumn)? {
        let quoted = quotedValue(object)
        switch code {
        case "UNMAPPED_GL_ACCOUNT":
            // "service line 'Backflow Testing' / labor"
            guard let serviceLine = quoted else { return nil }
            var values: [RuleColumn: String] = [.serviceLine: serviceLine]
            if let type = object.split(separator: "/").last?.trimmingCharacters(in: .whitespaces),
               ["labor", "material", "other"].contains(type) { values[.itemType] = type }
            return (.glAccount, values, .target)
        case "UNMAPPED_DIMENSION":
            // "service line 'Backflow Testing'", "branch 'Raleigh'", "job '77'", "technician 'E0001'"
            guard let value = quoted, let kind = object.split(separator: "'").first?.trimmingCharacters(in: .whitespaces) else { return nil }
            return (.dimension, [.sourceKind: kind.replacingOccurrences(of: " ", with: "_"), .sourceValue: value], .dimensionCode)
        case "UNMAPPED_PAYMENT_TERMS":
            guard let terms = quoted else { return nil }
            return (.paymentTerms, [.sourceValue: terms], .target)
        case "INVALID_TAX_CODE" where object.hasPrefix("tax rate "):
            guard let rate = quoted else { return nil }
            return (.taxGroup, [.sourceValue: rate], .target)
        default:
            return nil
        }
    }

    /// The text between the first pair of single quotes.
    private static func quotedValue(_ text: String) -> String? {
        let parts = text.split(separator: "'", omittingEmptySubsequences: false)
        return parts.count >= 3 ? String(parts[1]) : nil
    }
}
