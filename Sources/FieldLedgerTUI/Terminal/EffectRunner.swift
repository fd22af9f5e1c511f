import FieldLedgerCore
import Foundation

/// Runs effects (store reads, commands) on a background queue, off the render path, and hands
/// their results back as actions for the run loop to reduce.
final class EffectRunner: @unchecked Sendable {
    private let context: CommandContext
    private let data: ConsoleData
    private let queue = DispatchQueue(label: "fieldledger.console.effects")
    /// Verifying the whole chain reads every event: it must not hold up the panes' reads.
    private let slowQueue = DispatchQueue(label: "fieldledger.console.verify")
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var results: [Action] = []
    private var pending = 0
    /// The number of inline rule checks submitted; a check that is not the latest is skipped.
    private var checkGeneration = 0

    init(context: CommandContext, data: ConsoleData) {
        self.context = context
        self.data = data
    }

    var isBusy: Bool { lock.withLock { pending > 0 } }

    func submit(_ effect: Effect) {
        // Typing queues one inline check per key: only the newest is worth running.
        let generation: Int? = if case .checkRule = effect { lock.withLock { checkGeneration += 1; return checkGeneration } } else { nil }
        lock.withLock { pending += 1 }
        (effect == .verifyChain ? slowQueue : queue).async { [self] in
            let superseded = generation.map { mine in lock.withLock { mine != checkGeneration } } ?? false
            let action = superseded ? nil : perform(effect)
            lock.withLock {
                pending -= 1
                if let action { results.append(action) }
            }
        }
    }

    /// The results that arrived since the last call, in order.
    func drain() -> [Action] {
        lock.withLock {
            defer { results.removeAll() }
            return results
        }
    }

    /// Performs one effect and says what happened; errors become messages, never crashes.
    func perform(_ effect: Effect) -> Action? {
        do {
            if let loaded = try data.load(effect) { return loaded }
            switch effect {
            case .loadOverview, .loadLog, .loadFailures, .loadPayments, .loadTrace, .verifyChain, .loadRules, .loadConflicts,
                 .checkRule, .previewRules:
                return nil  // reads, answered by `data.load` above
            case .applyRules(let changes, let retry):
                return Self.apply(changes, retry: retry, context: context)
            case .retry(let ids):
                return .commandFinished(Self.describe(try context.retry(workItemIDs: ids)))
            case .retryGroup(let code, let object, let state):
                let ids = try data.groupMembers(code: code, object: object, state: state)
                guard !ids.isEmpty else { return .commandFinished(StatusMessage("That group is empty now; nothing to retry.")) }
                return .commandFinished(Self.describe(try context.retry(workItemIDs: ids)))
            case .copyToClipboard, .setMouse:
                return nil
            }
        } catch let denied as AccessDenied {
            return .commandFinished(StatusMessage(denied.description, isError: true))
        } catch {
            return .loadFailed("The store could not be read or changed: \(error). Check the file and try F5.")
        }
    }

    /// Saves a rule change through the core (role check, audit, retry of what it fixes) and
    /// says what happened; a refusal keeps the editor open with the reason.
    static func apply(_ changes: RuleChangeSet, retry: Bool, context: CommandContext) -> Action {
        do {
            let result = try context.applyRules(changes, retryFixed: retry)
            let fixes = result.preview.fixes.count
            let queued = result.retried.filter { if case .queued = $0.result { return true }; return false }
            var text = "Saved rule version \(result.version.version): fixes \(fixes) record\(fixes == 1 ? "" : "s")"
            if retry {
                text += "; \(queued.count) queued for retry"
                    + (queued.isEmpty ? "." : " (\(queued.map { "wi:\($0.workItemID)" }.joined(separator: ", "))); the next sync cycle posts them.")
            } else {
                text += fixes > 0 ? "; retry them from Failures (or F7 next time)." : "."
            }
            return .rulesApplied(StatusMessage(text), saved: true)
        } catch let denied as AccessDenied {
            return .rulesApplied(StatusMessage(denied.description, isError: true), saved: false)
        } catch let refused as RuleChangeRefused {
            let text = refused.description.replacingOccurrences(of: "\n", with: " ")
            return .rulesApplied(StatusMessage(Sanitizer.clean(text), isError: true), saved: false)
        } catch {
            return .rulesApplied(StatusMessage("The rule change could not be saved: \(error). Check the store and try again.", isError: true),
                                 saved: false)
        }
    }

    /// One line about what a retry did.
    static func describe(_ outcomes: [RetryOutcome]) -> StatusMessage {
        if outcomes.count == 1, let o = outcomes.first {
            switch o.result {
            case .queued(let from):
                return StatusMessage("wi:\(o.workItemID) queued for retry (was \(from.rawValue)); the next sync cycle validates and posts it.")
            case .skipped(let why): return StatusMessage("wi:\(o.workItemID) not retried: \(why).")
            case .notFound: return StatusMessage("wi:\(o.workItemID) does not exist.", isError: true)
            }
        }
        let queued = outcomes.filter { if case .queued = $0.result { return true }; return false }.count
        let skipped = outcomes.count - queued
        return StatusMessage("\(queued) of \(outcomes.count) records queued for retry"
            + (skipped > 0 ? " (\(skipped) skipped: not retryable any more)" : "") + "; the next sync cycle posts them.")
    }
}
