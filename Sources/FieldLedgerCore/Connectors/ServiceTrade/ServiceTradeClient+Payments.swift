import FieldLedgerHTTP
import Foundation

/// ServiceTrade payments and external ids (reference §1.5, §1.7): what the payments flow needs to
/// mirror Business Central's receivables onto ServiceTrade invoices.
extension ServiceTradeClient {
    /// One payment recorded against a ServiceTrade invoice.
    struct Payment: Sendable, Equatable {
        var id: String
        var amount: Decimal
        var referenceNumber: String?
    }

    /// Every payment recorded against invoice `invoiceID` (`GET /payment?invoiceId=…`), oldest first.
    func payments(invoiceID: String) async throws -> [Payment] {
        try await list("payment", plural: "payments", filters: [("invoiceId", invoiceID)]).map { row in
            guard let amount = row["amount"]?.decimalValue,
                  let id = row["id"]?.numberValue?.literal ?? row["id"]?.stringValue else {
                throw shapeError("GET payment", "a payment has no id or no numeric amount")
            }
            return Payment(id: id, amount: amount, referenceNumber: row["referenceNumber"]?.stringValue)
        }
    }

    /// Records a payment (`POST /payment`); a negative `amount` reverses an earlier one (NSF).
    /// `amount` must have at most two decimals (ServiceTrade refuses more).
    @discardableResult
    func recordPayment(invoiceID: String, amount: Decimal, date: Date, method: String, reference: String) async throws -> String? {
        let body: JSONObject = ["invoiceId": Self.idValue(invoiceID), "amount": .decimal(amount),
                                "paymentDate": .int(Int(date.timeIntervalSince1970)), "method": .string(method),
                                "referenceNumber": .string(reference)]
        let created = try await create("payment", body)
        return created?["id"]?.numberValue?.literal ?? created?["id"]?.stringValue
    }

    /// Sets the entity's external id in `system` (`POST /externalid`). ServiceTrade keeps one value
    /// per entity and system and replaces it on a second POST, so repeating this is harmless.
    func setExternalID(entityType: String, entityID: String, system: String, value: String) async throws {
        try await create("externalid", ["entityType": .string(entityType), "entityId": Self.idValue(entityID),
                                        "system": .string(system), "value": .string(value)])
    }

    /// ServiceTrade ids are integers; send them as numbers when they look like one.
    static func idValue(_ id: String) -> JSONValue { Int(id).map { .int($0) } ?? .string(id) }
}
