import Foundation
import Logging

/// Process-wide logging setup, called once by the executable before anything logs.
///
/// Log lines go to the file named by `[log] path`, never to the terminal: the console owns the
/// terminal, and a stray line on it would corrupt the screen. **Fallback:** when the file cannot
/// be opened, logging is discarded (swift-log's no-op handler) and ``bootstrap(config:redactor:)``
/// returns ``Outcome/discarding(reason:)`` with the reason, so the command can print one warning to
/// standard error *before* it starts the console (or refuse to start a daemon).
public enum FieldLedgerLogging {
    /// What ``bootstrap(config:redactor:)`` did.
    public enum Outcome: Sendable, Equatable {
        /// Lines are appended to this file.
        case file(path: String)
        /// The log file could not be opened; logging is discarded. `reason` says why and what to do.
        case discarding(reason: String)
        /// Logging had been bootstrapped earlier in this process; nothing changed.
        case alreadyBootstrapped
    }

    /// Bootstraps swift-log with a ``FileLogHandler`` at the configured level. Only the first call
    /// of the process has an effect (swift-log allows one bootstrap per process).
    @discardableResult
    public static func bootstrap(config: FieldLedgerConfig, redactor: Redactor = .shared) -> Outcome {
        state.lock.lock()
        defer { state.lock.unlock() }
        guard !state.done else { return .alreadyBootstrapped }
        state.done = true
        let level = config.log.level
        do {
            let file = try LogFile(path: config.log.path)
            LoggingSystem.bootstrap { label in
                FileLogHandler(label: label, file: file, level: level, redactor: redactor)
            }
            return .file(path: file.path)
        } catch {
            LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
            return .discarding(reason: error.description)
        }
    }

    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var done = false
    }

    private static let state = State()
}
