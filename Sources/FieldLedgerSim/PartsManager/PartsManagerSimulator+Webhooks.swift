import FieldLedgerHTTP
import Foundation

/// Outgoing webhook notifications, signed like ServiceTrade's:
/// `X-PartsManager-Signature: sha256=<hex HMAC-SHA256 of the raw body with the webhook secret>`.
extension PartsManagerSimulator {
    func emit(_ event: String, data: JSONObject) {
        guard webhookTransportConfigured else { return }
        let hooks = (state.tables[.webhooks]?.all ?? []).filter { hook in
            let events = hook["events"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return events.isEmpty || events.contains(event)
        }
        guard !hooks.isEmpty else { return }
        state.eventSequence += 1
        let eventId = state.eventSequence
        for hook in hooks {
            guard let hookId = hook["_id"]?.intValue, let uri = hook["uri"]?.stringValue else { continue }
            let payload: JSONValue = ["id": .int(eventId), "webhookId": .int(hookId), "event": .string(event),
                                      "createdAt": timestamp(), "data": .object(data)]
            let body = Array(payload.serialized().utf8)
            let secret = state.webhookSecrets[hookId] ?? PartsManagerTestCredentials.webhookSecret
            outbox.enqueue(url: uri, headers: [
                (name: "Content-Type", value: "application/json"),
                (name: "X-PartsManager-Event", value: event),
                (name: "X-PartsManager-Event-Id", value: String(eventId)),
                (name: "X-PartsManager-Signature", value: WebhookSignature.header(body: body, secret: secret)),
            ], body: body, at: clock.now())
        }
    }
}
