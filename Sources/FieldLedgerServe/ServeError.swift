/// Why `serve` could not start or keep a piece running. Messages say what was wrong, where, and
/// what to do; none carries a secret.
public struct ServeError: Error, Sendable, CustomStringConvertible {
    public let description: String

    static func listenFailed(host: String, port: Int, reason: String) -> ServeError {
        ServeError(description: "the webhook listener could not listen on \(host):\(port): \(reason). Choose another webhooks.listen (or --listen) or stop what uses it.")
    }

    static func badListenAddress(_ text: String) -> ServeError {
        ServeError(description: "\"\(text)\" is not HOST:PORT (such as 127.0.0.1:8787; port 0 picks a free one)")
    }

    static func subscriptionFailed(_ resource: String, _ error: any Error) -> ServeError {
        ServeError(description: "the Business Central subscription for \(resource) could not be created or renewed: \(error). Business Central must reach the notification URL (webhooks.public_url); polling continues meanwhile.")
    }

    static func hookFailed(_ error: any Error) -> ServeError {
        ServeError(description: "the ServiceTrade webhook could not be registered: \(error). Polling continues meanwhile.")
    }
}
