import FieldLedgerCore
import FieldLedgerHTTP

/// How the mapping commands print rules, versions, previews and problems (text and `--json`).
enum MappingOutput {
    static func json(_ rule: PostingRule) -> JSONValue {
        var o = JSONObject()
        o["id"] = rule.id.map { .number(JSONNumber($0)) } ?? .null
        for column in RuleColumn.csvHeader { o[column.rawValue] = .string(column.value(of: rule)) }
        o["version"] = rule.version.map { .number(JSONNumber($0)) } ?? .null
        o["createdBy"] = .string(rule.createdBy)
        o["createdAt"] = .string(rule.createdAt)
        o["retiredAt"] = rule.retiredAt.map(JSONValue.string) ?? .null
        o["retiredByVersion"] = rule.retiredByVersion.map { .number(JSONNumber($0)) } ?? .null
        return .object(o)
    }

    static func text(_ rule: PostingRule) -> String {
        let state = rule.retiredAt == nil ? "" : "  (retired by version \(rule.retiredByVersion.map(String.init) ?? "?"))"
        let version = rule.version.map { "v\($0)" } ?? "v-"
        return "\(Output.cell(String(rule.id ?? 0), 6, right: true))  \(Output.cell(version, 5))  \(RuleIssue.describe(rule))\(state)"
    }

    static func json(_ version: RuleVersion) -> JSONValue {
        .object(["version": .number(JSONNumber(version.version)), "at": .string(version.at), "author": .string(version.author),
                 "reason": .string(version.reason), "added": .array(version.added.map(json)),
                 "retired": .array(version.retired.map(json)),
                 "rollbackOf": version.rollbackOf.map { .number(JSONNumber($0)) } ?? .null])
    }

    /// "version 7  2026-11-27T10:40:00Z  carol  new service line" and one line per rule, old → new.
    static func lines(_ version: RuleVersion) -> [String] {
        let rollback = version.rollbackOf.map { "  (rollback to version \($0))" } ?? ""
        var out = ["version \(version.version)  \(version.at)  \(version.author)  \(version.reason)\(rollback)"]
        var added = version.added
        for old in version.retired {
            if let i = added.firstIndex(where: { RuleIssue.sameMatch($0, old) }) {
                out.append("  ~ rule \(old.id ?? 0) → \(added[i].id ?? 0): \(RuleIssue.describe(old)) ⇒ \(added[i].target)")
                added.remove(at: i)
            } else {
                out.append("  - rule \(old.id ?? 0): \(RuleIssue.describe(old))")
            }
        }
        for new in added { out.append("  + rule \(new.id ?? 0): \(RuleIssue.describe(new))") }
        return out
    }

    static func json(_ preview: RuleChangePreview) -> JSONValue {
        func items(_ list: [RuleChangePreview.Item]) -> JSONValue {
            .array(list.map { item in
                .object(["workItem": .number(JSONNumber(item.workItemID)), "ref": .string(item.sourceRef),
                         "state": .string(item.state.rawValue), "before": item.before.map(JSONValue.string) ?? .null,
                         "after": item.after.map(JSONValue.string) ?? .null])
            })
        }
        return .object(["fixes": .int(preview.fixes.count), "fixed": items(preview.fixes),
                        "failingDifferently": items(preview.failingDifferently),
                        "changesPending": .int(preview.changesPending.count), "pending": items(preview.changesPending),
                        "postedDifferently": .int(preview.postedDifferently.count),
                        "issues": .array(preview.issues.map { .string($0.description) })])
    }

    static func lines(_ preview: RuleChangePreview) -> [String] {
        var out: [String] = []
        out.append("fixes \(preview.fixes.count) failed or blocked record\(preview.fixes.count == 1 ? "" : "s")"
            + (preview.fixes.isEmpty ? "" : ": " + preview.fixes.map { "\($0.sourceRef) (wi:\($0.workItemID), was \($0.before ?? "-"))" }.joined(separator: ", ")))
        for item in preview.failingDifferently {
            out.append("  still failing, now with \(item.after ?? "-") instead of \(item.before ?? "-"): \(item.sourceRef) (wi:\(item.workItemID))")
        }
        out.append("changes \(preview.changesPending.count) future posting\(preview.changesPending.count == 1 ? "" : "s")"
            + (preview.changesPending.isEmpty ? "" : ": " + preview.changesPending.prefix(20).map { item in
                item.after.map { "\(item.sourceRef) (would fail: \($0))" } ?? item.sourceRef
            }.joined(separator: ", ") + (preview.changesPending.count > 20 ? ", …" : "")))
        out.append("\(preview.postedDifferently.count) posted record\(preview.postedDifferently.count == 1 ? "" : "s") would have mapped differently (information only)")
        if !preview.issues.isEmpty {
            out.append("this change cannot be saved as it is:")
            out += preview.issues.map { "  " + $0.description }
        }
        return out
    }
}
