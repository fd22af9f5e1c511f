/// Why the listener refused a webhook: the status it answers and the reason it audits. Every
/// message is assembled here, and none carries a secret, a signature or a body.
struct WebhookRefusal: Error, Sendable, CustomStringConvertible {
    let status: Int
    /// A stable code for the audit event and scripts.
    let code: String
    let description: String

    static func tooLarge(limit: Int) -> WebhookRefusal {
        WebhookRefusal(status: 413, code: "body_too_large",
                       description: "the body is larger than webhooks.max_body_bytes (\(limit) bytes); raise the limit if the sender is legitimate")
    }

    static let missingSignature = WebhookRefusal(
        status: 401, code: "signature_missing",
        description: "no X-ServiceTrade-Signature header; the sender is not a configured ServiceTrade webhook")

    static let badSignature = WebhookRefusal(
        status: 401, code: "signature_invalid",
        description: "the X-ServiceTrade-Signature does not match the body under our webhook secret; check that ServiceTrade and FIELDLEDGER_ST_WEBHOOK_SECRET hold the same secret")

    static let noServiceTradeSecret = WebhookRefusal(
        status: 401, code: "secret_not_configured",
        description: "no ServiceTrade webhook secret is configured (FIELDLEDGER_ST_WEBHOOK_SECRET or servicetrade.webhook_secret), so no ServiceTrade webhook can be trusted")

    static let noClientState = WebhookRefusal(
        status: 401, code: "client_state_not_configured",
        description: "no Business Central clientState is configured (FIELDLEDGER_BC_CLIENT_STATE or business_central.client_state), so no notification can be trusted")

    static let badClientState = WebhookRefusal(
        status: 401, code: "client_state_invalid",
        description: "a notification carries a clientState that is not ours; it did not come from our subscription")

    static func malformed(_ what: String) -> WebhookRefusal {
        WebhookRefusal(status: 400, code: "malformed", description: what)
    }

    static let tokenTooLong = WebhookRefusal(
        status: 400, code: "validation_token_invalid", description: "the validationToken is longer than 1024 characters")
}
