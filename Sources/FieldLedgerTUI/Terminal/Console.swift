import FieldLedgerCore
import Foundation

/// The running console: owns the terminal, the state and the effect runner, and loops
/// read → reduce → run effects → render until the operator quits or a signal arrives.
public final class Console {
    private let context: CommandContext
    private let options: ConsoleOptions
    private let data: ConsoleData
    private let effects: EffectRunner

    public init(context: CommandContext, options: ConsoleOptions) {
        self.context = context
        self.options = options
        self.data = ConsoleData(store: context.store)
        self.effects = EffectRunner(context: context, data: ConsoleData(store: context.store))
    }

    /// Runs until quit. Returns the process exit status: 0 after Q, 128+N after signal N.
    /// The terminal is restored before this returns or throws.
    public func run() throws -> Int32 {
        let directories = Theme.searchDirectories(environment: options.environment, executablePath: options.executablePath)
        let (theme, themeProblem) = Theme.load(named: options.themeName, directories: directories)
        let watcher = try StoreChangeWatcher(path: context.store.path)
        _ = try watcher.hasChanged()

        let terminal = Terminal(theme: theme, mouse: options.mouse, environment: options.environment)
        defer { terminal.restore() }
        let session = Session(user: context.user.name, role: context.role, readOnly: context.readOnly,
                              storePath: context.store.path, currency: options.currency)
        var state = AppState(session: session, mouseEnabled: options.mouse, ascii: options.ascii || !terminal.isUTF8)
        let size = terminal.size
        state.width = size.width
        state.height = size.height
        if let themeProblem { state.message = StatusMessage(themeProblem.description, isError: true) }

        func dispatch(_ action: Action) {
            for effect in reduce(&state, action) {
                switch effect {
                case .copyToClipboard(let text): terminal.copyToClipboard(text)
                case .setMouse(let on): terminal.setMouse(on)
                default: effects.submit(effect)
                }
            }
        }
        dispatch(.start)
        var lastPoll = Date()
        while true {
            if terminal.stopSignal != 0 { return 128 + terminal.stopSignal }
            for action in effects.drain() { dispatch(action) }
            if state.quitRequested { return 0 }
            terminal.draw(render(state, width: state.width, height: state.height))
            if let action = terminal.read(timeoutMs: effects.isBusy ? 30 : 250) { dispatch(action) }
            let now = Date()
            if now.timeIntervalSince(lastPoll) >= 0.25 {
                lastPoll = now
                dispatch(.tick(now))
                // A failed poll (store busy for a moment) is tried again on the next tick.
                if (try? watcher.hasChanged()) == true { dispatch(.storeChanged) }
            }
        }
    }
}
