/// How `fieldledger tui` was asked to run.
public struct ConsoleOptions: Sendable {
    /// A theme name or a path to a `.toml` file; nil: `$FIELDLEDGER_THEME`, else `default`.
    public var theme: String?
    public var mouse: Bool
    /// Force ASCII lines and symbols even under a UTF-8 locale.
    public var ascii: Bool
    public var environment: [String: String]
    public var executablePath: String
    /// The currency code shown with amounts (Business Central's local currency).
    public var currency: String

    public init(theme: String?, mouse: Bool, ascii: Bool, environment: [String: String], executablePath: String,
                currency: String = "LCY") {
        self.currency = currency
        self.theme = theme
        self.mouse = mouse
        self.ascii = ascii
        self.environment = environment
        self.executablePath = executablePath
    }

    /// The theme the options choose: the flag, then `FIELDLEDGER_THEME`, then `default`.
    public var themeName: String {
        if let theme, !theme.isEmpty { return theme }
        if let env = environment["FIELDLEDGER_THEME"], !env.isEmpty { return env }
        return "default"
    }
}
