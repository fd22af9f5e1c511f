import FieldLedgerCore

extension ConsoleData {
    /// Performs a read effect and returns the action that carries its result; nil for effects
    /// that are not reads (commands, clipboard, mouse), which the caller performs itself.
    ///
    /// The console's effect runner and `fieldledger bench tui` both call this, so the benchmark
    /// measures the reads the console really does.
    public func load(_ effect: Effect) throws -> Action? {
        switch effect {
        case .loadOverview:
            return .overviewLoaded(try overview())
        case .loadLog(let filter, let anchor):
            return .logLoaded(filter: filter, anchor: anchor, rows: try logPage(filter: filter, anchor: anchor),
                              pageSize: Layout.logPageSize)
        case .loadFailures:
            return .failuresLoaded(try failures())
        case .loadPayments(let filter, let after):
            return .paymentsLoaded(filter: filter, after: after, page: try payments(filter: filter, after: after),
                                   pageSize: Layout.paymentPageSize)
        case .loadTrace(let reference):
            return .traceLoaded(reference: reference, try trace(reference))
        case .verifyChain:
            return .chainChecked(try verifyChain())
        case .loadRules:
            return .rulesLoaded(try rules())
        case .loadConflicts:
            return .conflictsLoaded(try conflicts())
        case .checkRule(let changes, let entity, let query, let revision):
            let (issues, hits) = try checkRule(changes, entity: entity, query: query)
            return .ruleChecked(revision: revision, issues: issues, suggestions: hits)
        case .previewRules(let changes):
            return .rulesPreviewed(changes, try previewRules(changes))
        case .retry, .retryGroup, .copyToClipboard, .setMouse, .applyRules:
            return nil
        }
    }
}
