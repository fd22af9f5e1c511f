import FieldLedgerCore
import FieldLedgerHTTP
import Foundation

/// Makes sure ServiceTrade calls us: one enabled webhook for `invoice` changes pointing at our
/// URL, carrying our signing secret (write-only in ServiceTrade, so it is set again whenever the
/// hook is adopted). Audited when something changed.
public struct ServiceTradeHook: Sendable {
    public enum Action: String, Sendable, Equatable { case created, updated }

    let st: ServiceTradeClient
    let store: Store
    let hookURL: String
    let secret: Secret

    public init(st: ServiceTradeClient, store: Store, hookURL: String, secret: Secret) {
        self.st = st
        self.store = store
        self.hookURL = hookURL
        self.secret = secret
    }

    @discardableResult
    public func ensure() async throws -> Action {
        let hooks = try await st.list("webhook", plural: "webhooks")
        let body: JSONObject = ["entityTypes": ["invoice"], "enabled": true, "secret": .string(secret.reveal())]
        let action: Action
        let id: String?
        if let existing = hooks.first(where: { $0["hookUrl"]?.stringValue == hookURL }),
           let existingID = existing["id"].flatMap({ $0.numberValue?.literal ?? $0.stringValue }) {
            try await st.update("webhook", id: existingID, body)
            action = .updated
            id = existingID
        } else {
            var create = body
            create["hookUrl"] = .string(hookURL)
            let created = try await st.create("webhook", create)
            action = .created
            id = created?["id"].flatMap { $0.numberValue?.literal ?? $0.stringValue }
        }
        let url = hookURL
        try store.write { db in
            try AuditLog.append(NewAuditEvent(actor: .engine, action: "servicetrade.webhook_\(action.rawValue)",
                subject: "servicetrade_webhook:\(id ?? "?")", details: ["hookUrl": .string(url), "entityTypes": ["invoice"]]), in: db)
        }
        return action
    }
}
