import FieldLedgerHTTP
import Foundation

/// Outgoing webhook notifications: one per change and matching enabled webhook, signed with the
/// webhook's secret (`X-ServiceTrade-Signature: sha256=<hex HMAC-SHA256 of the raw body>`).
extension ServiceTradeSimulator {
    func emit(_ resource: ServiceTradeResource, id: Int, action: String, changeset: [JSONValue]) {
        guard ServiceTradeResource.entityTypes.contains(resource.rawValue), webhookTransportConfigured else { return }
        let hooks = (state.tables[.webhook]?.all ?? []).filter { hook in
            guard hook["enabled"]?.boolValue != false else { return false }
            let types = hook["entityTypes"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return types.isEmpty || types.contains(resource.rawValue)
        }
        guard !hooks.isEmpty else { return }
        state.eventSequence += 1
        let eventId = state.eventSequence
        let occurred = now()
        for hook in hooks {
            guard let hookId = hook["id"]?.intValue, let url = hook["hookUrl"]?.stringValue else { continue }
            let payload: JSONValue = [
                "webhookId": .int(hookId), "eventId": .int(eventId),
                "entity": ["type": .string(resource.rawValue), "id": .int(id), "uri": .string("/st/api/\(resource.rawValue)/\(id)")],
                "action": .string(action), "changeset": .array(changeset), "occurred": .int(occurred),
            ]
            let body = Array(payload.serialized().utf8)
            let secret = state.webhookSecrets[hookId] ?? ServiceTradeTestCredentials.webhookSecret
            outbox.enqueue(url: url, headers: [
                (name: "Content-Type", value: "application/json"),
                (name: "X-ServiceTrade-Event-Id", value: String(eventId)),
                (name: "X-ServiceTrade-Webhook-Id", value: String(hookId)),
                (name: "X-ServiceTrade-Signature", value: WebhookSignature.header(body: body, secret: secret)),
            ], body: body, at: clock.now())
        }
    }
}
