import FieldLedgerHTTP
import Foundation

/// Webhook subscriptions (reference §4). They live at `{root}/subscriptions`, outside the company
/// scope; creating and renewing one makes Business Central call the notification URL with a
/// `validationToken` first, so the listener must already be answering.
extension BusinessCentralClient {
    /// `/api/v2.0/companies({id})/{entitySet}`, the `resource` a subscription watches.
    public func subscriptionResource(_ entitySet: String) async throws -> String {
        "/api/v2.0/companies(\(try await companyID()))/\(entitySet)"
    }

    /// Every subscription of this principal.
    public func subscriptions() async throws -> [JSONObject] {
        try await list(url: endpoint.apiRoot + "/subscriptions", operation: "GET subscriptions")
    }

    /// One subscription, or nil when Business Central no longer has it (expired or deleted).
    public func subscription(id: String) async throws -> JSONObject? {
        do {
            return try await send(.get, url: subscriptionURL(id), operation: "GET subscriptions")?.objectValue
        } catch let error as RemoteError where error.status == 404 {
            return nil
        }
    }

    /// `POST subscriptions` (201 with the subscription).
    public func createSubscription(notificationURL: String, resource: String, clientState: String) async throws -> JSONObject {
        let body: JSONObject = ["notificationUrl": .string(notificationURL), "resource": .string(resource),
                                "clientState": .string(clientState)]
        guard let created = try await send(.post, url: endpoint.apiRoot + "/subscriptions", body: .object(body),
                                           operation: "POST subscriptions")?.objectValue else {
            throw shapeError("POST subscriptions", "the answer has no subscription")
        }
        return created
    }

    /// Renews (`PATCH` with `If-Match`): the 3-day lifetime restarts and the handshake runs again.
    /// `clientState` is sent too, so an adopted subscription carries ours from then on.
    public func renewSubscription(id: String, etag: String, notificationURL: String, clientState: String) async throws -> JSONObject {
        let body: JSONObject = ["notificationUrl": .string(notificationURL), "clientState": .string(clientState)]
        guard let renewed = try await send(.patch, url: subscriptionURL(id), headers: ["If-Match": etag], body: .object(body),
                                           operation: "PATCH subscriptions")?.objectValue else {
            throw shapeError("PATCH subscriptions", "the answer has no subscription")
        }
        return renewed
    }

    /// `subscriptions('{id}')`: the key is a string (the docs' notation).
    private func subscriptionURL(_ id: String) -> String {
        let quoted = id.replacingOccurrences(of: "'", with: "''")
        return endpoint.apiRoot + "/subscriptions('\(FormEncoding.escape(quoted))')"
    }
}
