import FieldLedgerCore
import Foundation

/// Everything that can happen to the console: input, time, and the results of effects.
public enum Action: Sendable, Equatable {
    case start
    case key(Key)
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    /// About every 250 ms: the clock for ages shown on screen.
    case tick(Date)
    /// Another process (or this one) committed to the store.
    case storeChanged
    case overviewLoaded(OverviewModel)
    case logLoaded(filter: String, anchor: SyncLogQuery.Anchor, rows: [LogRow], pageSize: Int)
    case failuresLoaded([FailureGroupModel])
    /// A page of the Payments pane: the first (`after` nil) or the one after the anchor.
    case paymentsLoaded(filter: InvoicePayment.State?, after: PaymentAnchor?, page: PaymentsPage, pageSize: Int)
    case traceLoaded(reference: String, TraceResult)
    case chainChecked(ChainState)
    /// A command (retry) finished: the message to show, and whether it was refused or failed.
    case commandFinished(StatusMessage)
    case loadFailed(String)
    case rulesLoaded([RuleRow])
    case conflictsLoaded([ConflictRow])
    /// The inline check of the editor's rule at `revision`, and the picker's values.
    case ruleChecked(revision: Int, issues: [RuleIssue], suggestions: [ReferenceSearch.Hit])
    case rulesPreviewed(RuleChangeSet, RuleChangePreview)
    /// A rule change was saved (`saved`) or refused; the message says which and why.
    case rulesApplied(StatusMessage, saved: Bool)
}

/// What looking a reference up found.
public enum TraceResult: Sendable, Equatable {
    case found(TraceModel)
    case ambiguous([String])
    case unknown
}

/// Work the reducer asks for; the run loop performs it off the render path and feeds the
/// result back as an action.
public enum Effect: Sendable, Equatable {
    case loadOverview
    case loadLog(filter: String, anchor: SyncLogQuery.Anchor)
    case loadFailures
    case loadPayments(filter: InvoicePayment.State?, after: PaymentAnchor?)
    case loadTrace(String)
    case verifyChain
    case retry([Int64])
    case retryGroup(code: String, object: String?, state: WorkItemState)
    case copyToClipboard(String)
    case setMouse(Bool)
    case loadRules
    case loadConflicts
    /// Check the rule being typed and search `entity` (when the field has a picker) for `query`.
    case checkRule(RuleChangeSet, entity: String?, query: String, revision: Int)
    case previewRules(RuleChangeSet)
    /// Save through `CommandContext.applyRules` (finance role), retrying what it fixes with `retry`.
    case applyRules(RuleChangeSet, retry: Bool)
}
