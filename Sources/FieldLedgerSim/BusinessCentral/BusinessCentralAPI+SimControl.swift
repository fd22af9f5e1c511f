import FieldLedgerHTTP
import Foundation

extension BusinessCentralAPI {
    /// Simulator-only BC actions under `/_sim/bc/…` — things that happen in BC without an API call:
    /// - `POST /_sim/bc/payments/{documentNumber or payment line id}/reverse`: a returned (NSF)
    ///   payment; the invoice's remaining amount goes back up and a Paid invoice is Open again.
    /// - `POST /_sim/bc/payments/{documentNumber or payment line id}/void`: a voided payment, same effect.
    /// - `POST /_sim/bc/webhooks/deliver`: deliver due webhook notifications now (in server mode
    ///   `runWebhookDelivery()` does it every second); `GET /_sim/bc/webhooks`: subscriptions and queue.
    public func handleSimControl(_ request: SimRequest) async -> SimResponse {
        let parts = request.path.split(separator: "/").map(String.init)
        if request.method == "POST", parts == ["_sim", "bc", "webhooks", "deliver"] {
            let delivered = await webhooks.flush(companyId: snapshot().companyId)
            return .json(["accepted": .int(delivered)])
        }
        if request.method == "GET", parts == ["_sim", "bc", "webhooks"] { return .json(webhooks.summary()) }
        // "_sim", "bc", "payments", key, "reverse"
        guard request.method == "POST", parts.count == 5, parts[2] == "payments",
              let reason = BCPayments.ReversalReason(rawValue: parts[4]) else {
            return BCError.response(status: 404, code: "BadRequest_NotFound",
                                    message: "Unknown simulator control \(request.method) \(request.path). Known: POST /_sim/bc/payments/{documentNumber}/reverse (NSF), POST /_sim/bc/payments/{documentNumber}/void, POST /_sim/bc/webhooks/deliver, GET /_sim/bc/webhooks.")
        }
        do {
            let payment = try transaction { (state: inout BCState) throws(BCError) -> BCPostedPayment in
                try BCPayments.reverse(parts[3], reason: reason, now: clock.now(), &state)
            }
            return .json(["reversed": .string(payment.documentNumber), "reason": .string(reason.text),
                          "invoiceId": payment.invoiceId.map { .string($0) } ?? .null,
                          "amount": .decimal(payment.received)])
        } catch {
            return error.response
        }
    }
}
