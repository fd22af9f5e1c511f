import GRDB

/// The rules CSV finance edits in a spreadsheet: one header row, one rule per row, every kind in
/// one file. Columns (`RuleColumn.csvHeader`): kind, document, item_type, service_line, branch,
/// job_type, category, vendor, source_kind, source_value, dimension_code, target, work_type — with
/// an optional informational `id` column first (what `export` writes). A column a kind does not
/// use is left empty; `*` matches anything. Export then import is lossless and changes nothing.
public enum RuleCSV {
    /// The checked change a CSV makes to the live rules: a row identical to a live rule changes
    /// nothing; a row matching a live rule with another target replaces it; with `replace`, live
    /// rules of the kinds in the file that the file does not list are retired. Throws
    /// `RuleChangeRefused` with every problem located by line (and column).
    public static func change(csv text: String, reason: String, replace: Bool, in db: Database) throws -> RuleChangeSet {
        let parsed = parse(text)
        if !parsed.issues.isEmpty { throw RuleChangeRefused(issues: parsed.issues) }
        let live = try RuleBook.liveRules(db)
        var (set, rows) = changes(rows: parsed.rules.map(\.rule), live: live, replace: replace, reason: reason)
        let issues = RuleBook.check(&set, live: live, reference: try ReferenceIndex.load(db)).map { issue in
            var located = issue
            if let i = issue.addIndex { located.line = parsed.rules[rows[i]].line }
            return located
        }
        if !issues.isEmpty { throw RuleChangeRefused(issues: issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) }) }
        return set
    }

    public struct Parsed: Sendable {
        public var rules: [(line: Int, rule: PostingRule)]
        public var issues: [RuleIssue]
    }

    public static var header: [String] { RuleColumn.csvHeader.map(\.rawValue) }

    /// Every rule of the text, or every problem with its line and column.
    public static func parse(_ text: String, author: String = "") -> Parsed {
        let records: [(line: Int, fields: [String])]
        do { records = try CSV.parse(text) } catch {
            return Parsed(rules: [], issues: [RuleIssue(code: "BAD_CSV", message: error.message, line: error.line)])
        }
        guard let head = records.first else {
            return Parsed(rules: [], issues: [RuleIssue(code: "BAD_HEADER", message: "the file is empty; it needs the header row \(header.joined(separator: ",")).", line: 1)])
        }
        let names = head.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let hasID = names.first == "id"
        guard Array(names.dropFirst(hasID ? 1 : 0)) == header else {
            var issue = RuleIssue.header(header)
            issue.line = head.line
            return Parsed(rules: [], issues: [issue])
        }
        var rules: [(Int, PostingRule)] = []
        var issues: [RuleIssue] = []
        for record in records.dropFirst() {
            func located(_ issue: RuleIssue) -> RuleIssue { var i = issue; i.line = record.line; return i }
            guard record.fields.count == names.count else {
                issues.append(located(.columnCount(expected: names.count, found: record.fields.count)))
                continue
            }
            var fields = Array(record.fields.dropFirst(hasID ? 1 : 0))
            if hasID, let id = record.fields.first, !id.isEmpty, Int64(id) == nil {
                issues.append(located(RuleIssue(code: "BAD_VALUE", message: "id '\(id)' is not a number; leave it empty for a new rule.")))
            }
            let kindText = fields[0].trimmingCharacters(in: .whitespaces)
            guard let kind = PostingRule.Kind(rawValue: kindText) else {
                issues.append(located(.unknownKind(kindText)))
                continue
            }
            fields[0] = kindText
            var rule = PostingRule(kind: kind, target: "", createdBy: author)
            for (column, value) in zip(RuleColumn.csvHeader, fields) where column != .kind {
                column.set(value, on: &rule)
            }
            // Empty unused columns read as their unused value; `shape` reports anything else.
            let found = RuleCheck.shape(&rule)
            if found.isEmpty { rules.append((record.line, rule)) } else { issues += found.map(located) }
        }
        return Parsed(rules: rules, issues: issues)
    }

    /// The CSV of `rules` (with their ids), header first.
    public static func export(_ rules: [PostingRule]) -> String {
        var out = (["id"] + header).joined(separator: ",") + "\n"
        for rule in rules {
            let values = [rule.id.map(String.init) ?? ""] + RuleColumn.csvHeader.map { column in
                let value = column.value(of: rule)
                return column != .kind && !rule.kind.spec.columns.contains(column) ? "" : value
            }
            out += values.map(CSV.escape).joined(separator: ",") + "\n"
        }
        return out
    }

    /// The change that makes the live rules say what `rows` say. `lines[i]` is the index in
    /// `rows` of `set.add[i]`.
    static func changes(rows: [PostingRule], live: [PostingRule], replace: Bool, reason: String)
        -> (set: RuleChangeSet, lines: [Int]) {
        var byKey: [[String]: PostingRule] = [:]
        for rule in live { byKey[rule.matchKey] = rule }
        var set = RuleChangeSet(reason: reason)
        var lines: [Int] = []
        var listed = Set<[String]>()
        for (i, row) in rows.enumerated() {
            listed.insert(row.matchKey)
            if let existing = byKey[row.matchKey] {
                if existing.sameContent(as: row) { continue }
                if let id = existing.id, !set.retire.contains(id) { set.retire.append(id) }
            }
            set.add.append(row)
            lines.append(i)
        }
        if replace {
            let kinds = Set(rows.map(\.kind))
            for rule in live where kinds.contains(rule.kind) && !listed.contains(rule.matchKey) {
                if let id = rule.id { set.retire.append(id) }
            }
        }
        return (set, lines)
    }
}
