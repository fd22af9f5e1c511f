/// The business rules of the simulated ServiceTrade that are choices where the public material is
/// silent; `SERVICETRADE-CHOICES.md` documents each one.
enum ServiceTradeRules {
    /// API invoice statuses (the bulk invoice-update import lists exactly these).
    static let invoiceStatuses = ["ok", "pending_accounting", "processed", "sent", "paid", "failed", "void"]

    static let jobStatuses = ["new", "scheduled", "completed", "closed", "canceled"]

    /// Clock activities as `/job/{id}/clockevent` reports them (`activityTime` keys).
    static let clockActivities = ["onsite", "enroute", "offsite", "onbreak"]

    /// Allowed invoice status changes. `ok → pending_accounting` is "approve";
    /// an accounting integration then sets `processed` or `failed`; `void` is terminal.
    static let invoiceTransitions: [String: Set<String>] = [
        "ok": ["pending_accounting", "sent", "paid", "void"],
        "pending_accounting": ["ok", "processed", "failed", "void"],
        "failed": ["ok", "pending_accounting", "void"],
        "processed": ["sent", "paid", "failed", "void"],
        "sent": ["processed", "paid", "void"],
        "paid": ["sent", "processed", "void"],
        "void": [],
    ]

    /// Concurrent sessions one user may hold; creating one more deletes the oldest.
    /// (Keep equal to the default of `ServiceTradeSimulator.init(sessionCap:)`.)
    static let defaultSessionCap = 5
    /// Lifetime of an OAuth2 access token, in seconds.
    static let accessTokenLifetime = 3600
    /// Default and largest page size of list requests.
    static let defaultPageSize = 100
    static let maxPageSize = 500
}

/// The built-in credentials of the simulated ServiceTrade (printed by the simulator banner).
/// They are test values for a loopback simulator, never real secrets.
public enum ServiceTradeTestCredentials {
    public static let username = "fieldledger@sim.servicetrade.test"
    public static let password = "st-sim-password"
    public static let clientId = "fieldledger-sim"
    public static let clientSecret = "st-sim-client-secret"
    /// Signs webhooks created without their own `secret`.
    public static let webhookSecret = "st-sim-webhook-secret"
}
