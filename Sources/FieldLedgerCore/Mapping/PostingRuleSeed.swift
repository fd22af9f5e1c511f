import FieldLedgerHTTP
import Foundation
import GRDB

/// Loads the seed rule files of a data directory (`rules/*.csv`, documented in
/// sample-data/README.md) into `posting_rules`, all or nothing, as one rule version (audited).
/// Rules already in the store are kept: seeding only adds what is missing. Reference data is not
/// checked here (a seed usually precedes the first refresh); `RuleHealth` checks after it.
public enum PostingRuleSeed {
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file): line \(line): \(message)" }
    }

    /// Each file: its name, its header, and how a row becomes a rule.
    static let files: [(name: String, header: [String], rule: @Sendable ([String], String) -> PostingRule?)] = [
        ("gl-accounts.csv", ["item_type", "service_line", "branch", "account_number"], { f, who in
            PostingRule(kind: .glAccount, itemType: f[0], serviceLine: f[1], branch: f[2], target: f[3], createdBy: who) }),
        ("dimensions.csv", ["source_kind", "source_value", "dimension_code", "dimension_value_code"], { f, who in
            PostingRule(kind: .dimension, sourceKind: f[0], sourceValue: f[1], dimensionCode: f[2], target: f[3], createdBy: who) }),
        ("tax.csv", ["st_tax_rate", "bc_tax_group"], { f, who in
            PostingRule(kind: .taxGroup, sourceKind: "tax_rate", sourceValue: f[0], target: f[1], createdBy: who) }),
        ("tax-areas.csv", ["st_company_or_location", "bc_tax_area"], { f, who in
            let parts = f[0].split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, ["location", "company"].contains(parts[0]) else { return nil }
            return PostingRule(kind: .taxArea, sourceKind: parts[0], sourceValue: parts[1], target: f[1], createdBy: who) }),
        ("payment-terms.csv", ["st_terms", "bc_payment_terms_code"], { f, who in
            PostingRule(kind: .paymentTerms, sourceKind: "terms", sourceValue: f[0], target: f[1], createdBy: who) }),
        ("item-categories.csv", ["pm_item_category", "bc_account_number"], { f, who in
            PostingRule(kind: .purchaseGL, category: f[0], target: f[1], createdBy: who) }),
        ("cost-codes.csv", ["st_activity", "bc_job_task_number"], { f, who in
            PostingRule(kind: .costCode, sourceKind: "activity", sourceValue: f[0], target: f[1], createdBy: who) }),
    ]

    /// Reads `directory/*.csv` (missing files are skipped) and inserts the rules; returns how many were added.
    @discardableResult
    public static func load(directory: String, into store: Store, by actor: ActingUser) throws -> Int {
        var parsed: [(file: String, rules: [(line: Int, rule: PostingRule)])] = []
        for spec in files {
            let path = directory + "/" + spec.name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let records: [(line: Int, fields: [String])]
            do { records = try CSV.parse(text) } catch {
                throw Problem(file: path, line: error.line, message: error.message)
            }
            guard let header = records.first else { continue }
            guard header.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) == spec.header else {
                throw Problem(file: path, line: header.line, message: "the header must be \(spec.header.joined(separator: ","))")
            }
            var rules: [(line: Int, rule: PostingRule)] = []
            for record in records.dropFirst() {
                let fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
                guard fields.count == spec.header.count else {
                    throw Problem(file: path, line: record.line, message: "expected \(spec.header.count) columns, found \(fields.count)")
                }
                if let empty = fields.firstIndex(where: \.isEmpty) {
                    throw Problem(file: path, line: record.line, message: "column \(spec.header[empty]) is empty")
                }
                guard let rule = spec.rule(fields, actor.name) else {
                    throw Problem(file: path, line: record.line, message: "column \(spec.header[0]) must look like location:ID or company:ID")
                }
                rules.append((record.line, rule))
            }
            parsed.append((spec.name, rules))
        }
        return try store.write { db in
            let live = try RuleBook.liveRules(db)
            let present = Set(live.map(\.matchKey))
            var changes = RuleChangeSet(reason: "seed rules from \(directory)")
            var origin: [(file: String, line: Int)] = []
            for (file, rules) in parsed {
                for (line, rule) in rules where !present.contains(rule.matchKey) {
                    changes.add.append(rule)
                    origin.append((directory + "/" + file, line))
                }
            }
            if changes.add.isEmpty { return 0 }
            if let issue = RuleBook.check(&changes, live: live, reference: nil).first {
                let at: (file: String, line: Int) = issue.addIndex.map { origin[$0] } ?? (directory, 0)
                throw Problem(file: at.file, line: at.line, message: issue.description)
            }
            let version = try RuleBook.apply(changes, by: actor, db)
            for file in Set(origin.map(\.file)).sorted() {
                let count = origin.filter { $0.file == file }.count
                try AuditLog.append(NewAuditEvent(actor: actor, action: "mapping.seeded", subject: "mapping:\(file.split(separator: "/").last ?? "")",
                    details: ["file": .string(String(file.split(separator: "/").last ?? "")), "added": .int(count),
                              "version": .number(JSONNumber(version.version))]), in: db)
            }
            return changes.add.count
        }
    }
}
