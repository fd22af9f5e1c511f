import ArgumentParser
import FieldLedgerCore

/// `fieldledger mapping …`: finance-owned posting rules from the command line.
struct MappingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping",
        abstract: "Finance-owned posting rules: GL accounts, dimensions, tax, payment terms, cost codes, field authority.",
        discussion: """
            Every change is a new version with its author, time and a required --reason; history shows \
            old → new and rollback restores an earlier version. Changes need the finance role and are \
            checked against Business Central's reference data (refresh it with sync --once) and for ties.

            Rule kinds and the columns they use (CSV header: \(RuleCSV.header.joined(separator: ",")); \
            an id column first is allowed; * matches anything; unused columns stay empty):
            \(PostingRule.columnHelp)

            Example:
              fieldledger mapping preview gl_account --service-line "Backflow Testing" --target 49000
              fieldledger mapping set gl_account --service-line "Backflow Testing" --target 49000 \\
                  --reason "new service line" --apply-and-retry
            """,
        subcommands: [MappingListCommand.self, MappingShowCommand.self, MappingSetCommand.self, MappingDeleteCommand.self,
                      MappingPreviewCommand.self, MappingImportCommand.self, MappingExportCommand.self,
                      MappingHistoryCommand.self, MappingRollbackCommand.self, MappingProblemsCommand.self,
                      MappingSearchCommand.self])
}
