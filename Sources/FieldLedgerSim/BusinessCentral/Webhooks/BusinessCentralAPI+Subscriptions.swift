import FieldLedgerHTTP
import Foundation

extension BusinessCentralAPI {
    /// `{base}/subscriptions` and `{base}/subscriptions('{id}')` (not company-scoped, reference §4).
    func handleSubscriptions(_ request: SimRequest) async throws(BCError) -> SimResponse {
        let (call, segments) = try prepare(request, authenticate: true)
        guard segments.count == 1, segments[0].name == "subscriptions" else {
            throw BCError.segmentNotFound(segments.dropFirst().first?.name ?? "subscriptions")
        }
        let context = "\(call.serviceRoot)/$metadata#subscriptions"
        switch (request.method, segments[0].key) {
        case ("GET", nil):
            return .json(["@odata.context": .string(context), "value": .array(webhooks.all.map { .object(Self.render($0)) })])
        case ("GET", let key?):
            return .json(.object(withContext(Self.render(try subscription(key)), context + "/$entity")))
        case ("POST", nil):
            let body = try BCRequestBody.parseObject(request.body)
            let fields = try Self.subscriptionFields(body, creating: true)
            let (resource, set) = try parseResource(fields["resource"] ?? "")
            let url = try Self.checkURL(fields["notificationUrl"] ?? "")
            try await handshake(url)
            let now = clock.now()
            let created = BCWebhooks.Subscription(
                id: UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""), notificationUrl: url,
                resource: resource, set: set, clientState: fields["clientState"] ?? "",
                expiration: now.addingTimeInterval(BCWebhooks.lifetime), created: now, modified: now, version: webhooks.nextVersion())
            try webhooks.store(created)
            return .json(.object(withContext(Self.render(created), context + "/$entity")), status: 201)
        case ("PATCH", let key?):
            var existing = try subscription(key)
            try checkSubscriptionEtag(request, existing)
            let fields = try Self.subscriptionFields(try BCRequestBody.parseObject(request.body), creating: false)
            if let url = fields["notificationUrl"] { existing.notificationUrl = try Self.checkURL(url) }
            if let state = fields["clientState"] { existing.clientState = state }
            if let resource = fields["resource"], resource != existing.resource {
                throw BCError.dialog("The resource of a subscription cannot be changed. Delete it and create a new one.")
            }
            // Renewal: the handshake runs again and the 3-day lifetime restarts (reference §4).
            try await handshake(existing.notificationUrl)
            let now = clock.now()
            existing.expiration = now.addingTimeInterval(BCWebhooks.lifetime)
            existing.modified = now
            existing.version = webhooks.nextVersion()
            try webhooks.store(existing)
            return .json(.object(withContext(Self.render(existing), context + "/$entity")))
        case ("DELETE", let key?):
            let existing = try subscription(key)
            try checkSubscriptionEtag(request, existing)
            webhooks.delete(existing.id)
            return .noContent()
        default:
            throw BCError.methodNotAllowed(request.method, "subscriptions")
        }
    }

    private func subscription(_ key: String) throws(BCError) -> BCWebhooks.Subscription {
        guard let found = webhooks.find(key.lowercased()) else {
            throw BCError(404, "Internal_RecordNotFound", "The subscription does not exist. Identification fields and values: subscriptionId='\(key)'")
        }
        return found
    }

    private func checkSubscriptionEtag(_ request: SimRequest, _ subscription: BCWebhooks.Subscription) throws(BCError) {
        guard let ifMatch = request.header("If-Match"), !ifMatch.isEmpty else { throw BCError.missingIfMatch }
        guard ifMatch == "*" || ifMatch == BCValues.etag(version: subscription.version, key: subscription.id) else {
            throw BCError.entityChanged
        }
    }

    private static func subscriptionFields(_ body: JSONObject, creating: Bool) throws(BCError) -> [String: String] {
        var fields: [String: String] = [:]
        for (key, value) in body where !key.hasPrefix("@") {
            guard ["notificationUrl", "resource", "clientState"].contains(key) else {
                throw BCError(400, "BadRequest", "The property '\(key)' does not exist on type 'Microsoft.NAV.subscription'. Make sure to only use property names that are defined by the type.")
            }
            guard let text = value.stringValue else { throw BCError.wrongType(key, .string, value) }
            fields[key] = text
        }
        if creating {
            for required in ["notificationUrl", "resource"] where (fields[required] ?? "").isEmpty { throw BCError.required(required) }
        }
        if let state = fields["clientState"], state.count > 250 { throw BCError.tooLong("clientState", 250) }
        return fields
    }

    private static func checkURL(_ text: String) throws(BCError) -> String {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw BCError(400, "BadRequest", "The notificationUrl '\(text)' is not an absolute http(s) URL.")
        }
        return text
    }

    /// `/api/v2.0/companies({id})/customers` → the entity set, checked against the company and the
    /// list of webhook-supported entities.
    private func parseResource(_ text: String) throws(BCError) -> (String, String) {
        let trimmed = text.hasPrefix("/") ? String(text.dropFirst()) : text
        let prefix = "api/v2.0/companies("
        guard trimmed.hasPrefix(prefix), let close = trimmed.firstIndex(of: ")") else {
            throw BCError(400, "BadRequest", "The resource '\(text)' is not of the form /api/v2.0/companies({id})/{entitySet}.")
        }
        let company = trimmed[trimmed.index(trimmed.startIndex, offsetBy: prefix.count)..<close].lowercased()
        guard company == snapshot().companyId else {
            throw BCError(404, "Internal_CompanyNotFound", "The company '\(company)' in the resource does not exist.")
        }
        let set = String(trimmed[trimmed.index(after: close)...].drop { $0 == "/" })
        guard BCWebhooks.supportedSets.contains(set) else {
            throw BCError(400, "BadRequest", "The resource '\(text)' does not support webhooks. Supported: \(BCWebhooks.supportedSets.sorted().joined(separator: ", ")).")
        }
        return ("/" + trimmed, set)
    }

    /// BC calls `notificationUrl?validationToken=…` and needs 200 with the token as the body.
    private func handshake(_ url: String) async throws(BCError) {
        let token = UUID().uuidString.lowercased()
        let separator = url.contains("?") ? "&" : "?"
        let answer = await webhooks.transport?.postReadingBody(url: "\(url)\(separator)validationToken=\(token)",
                                                              headers: [(name: "Content-Type", value: "text/plain")], body: [])
        guard let answer, answer.status == 200,
              answer.body.map({ String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == token }) ?? true else {
            throw BCError(400, "BadRequest",
                          "The subscription could not be validated: \(url) must answer the validation request with 200 and the validationToken as its body (answered \(answer.map { String($0.status) } ?? "nothing")).")
        }
    }

    static func render(_ subscription: BCWebhooks.Subscription) -> JSONObject {
        ["@odata.etag": .string(BCValues.etag(version: subscription.version, key: subscription.id)),
         "subscriptionId": .string(subscription.id), "notificationUrl": .string(subscription.notificationUrl),
         "resource": .string(subscription.resource), "timestamp": .int(subscription.version),
         "userId": .string(BCValues.emptyGUID), "lastModifiedDateTime": .string(SimTime.iso8601(subscription.modified)),
         "clientState": .string(subscription.clientState), "expirationDateTime": .string(SimTime.iso8601(subscription.expiration)),
         "systemCreatedAt": .string(SimTime.iso8601(subscription.created)), "systemCreatedBy": .string(BCValues.emptyGUID),
         "systemModifiedAt": .string(SimTime.iso8601(subscription.modified)), "systemModifiedBy": .string(BCValues.emptyGUID)]
    }
}
