import FieldLedgerHTTP
import Foundation

/// Per-resource rules on create and update: derived members, referential checks, external id
/// uniqueness, comment targets and clock-event durations.
extension ServiceTradeSimulator {
    func prepareNew(_ resource: ServiceTradeResource, row: inout JSONObject, values: JSONObject) throws(ServiceTradeFailure) {
        let id = row["id"]?.intValue ?? 0
        switch resource {
        case .company, .location, .contact:
            if resource != .contact, row["status"] == nil { row["status"] = "active" }
            if resource == .location, row["company"]?["id"]?.intValue != nil,
               let regionId = row["region"]?["id"]?.intValue, state.tables[.region]?[regionId] == nil {
                throw .badRequest(["regionId \(regionId) does not match any region."])
            }
            if resource == .contact, let locationCompany = row["location"]?["id"]?.intValue
                .flatMap({ state.tables[.location]?[$0]?["company"]?["id"]?.intValue }),
               locationCompany != row["company"]?["id"]?.intValue {
                throw .badRequest(["locationId belongs to another company than companyId."])
            }
            row["externalIds"] = .object(JSONObject())
        case .job:
            if row["number"] == nil { row["number"] = .string(String(id)) }
            if row["status"] == nil { row["status"] = "new" }
            let locationId = row["location"]?["id"]?.intValue ?? 0
            let location = state.tables[.location]?[locationId]
            guard location?["company"]?["id"]?.intValue == row["company"]?["id"]?.intValue else {
                throw .badRequest(["locationId \(locationId) belongs to another company than companyId."])
            }
            if row["region"] == nil { row["region"] = location?["region"] ?? .null }
            row["externalIds"] = .object(JSONObject())
        case .invoice:
            try prepareNewInvoice(&row)
        case .clockevent:
            if row["approved"] == nil { row["approved"] = false }
            try computeElapsed(&row)
        case .payment:
            try applyPayment(&row)
        case .comment:
            try requireEntity(row)
        case .externalid:
            try requireEntity(row)
            try requireUniqueExternalId(row, excluding: nil)
            // One value per entity and system: a second POST replaces the first.
            if let existingId = state.tables[.externalid]?.ids(matching: [
                "entityType": row["entityType"] ?? .null, "entityId": row["entityId"] ?? .null, "system": row["system"] ?? .null,
            ]).first {
                state.tables[.externalid]?.remove(existingId)
            }
            linkExternalId(row)
        case .webhook:
            if row["entityTypes"] == nil { row["entityTypes"] = .array([]) }
            if row["enabled"] == nil { row["enabled"] = true }
        case .user:
            row["name"] = .string("\(row["firstName"]?.stringValue ?? "") \(row["lastName"]?.stringValue ?? "")")
            if row["isTech"] == nil { row["isTech"] = true }
            if row["status"] == nil { row["status"] = "active" }
        case .serviceline, .taxrate, .paymentterms, .region:
            break
        }
    }

    func prepareChange(_ resource: ServiceTradeResource, old: JSONObject, new: inout JSONObject, values: JSONObject) throws(ServiceTradeFailure) {
        switch resource {
        case .invoice:
            try checkInvoiceChange(old: old, new: new)
        case .clockevent:
            try computeElapsed(&new)
        case .externalid:
            try requireUniqueExternalId(new, excluding: old["id"]?.intValue)
            linkExternalId(new)
        case .user:
            new["name"] = .string("\(new["firstName"]?.stringValue ?? "") \(new["lastName"]?.stringValue ?? "")")
        default:
            break
        }
    }

    private func computeElapsed(_ row: inout JSONObject) throws(ServiceTradeFailure) {
        guard let start = row["startTime"]?.intValue else { return }
        if let end = row["endTime"]?.intValue {
            guard end >= start else { throw .badRequest(["endTime is before startTime."]) }
            row["elapsedTime"] = .int(end - start)
        } else {
            row["endTime"] = .null
            row["elapsedTime"] = .null
        }
    }

    private func requireEntity(_ row: JSONObject) throws(ServiceTradeFailure) {
        let type = row["entityType"]?.stringValue ?? ""
        let id = row["entityId"]?.intValue ?? 0
        guard let resource = ServiceTradeResource(rawValue: type), state.tables[resource]?[id] != nil else {
            throw .badRequest(["entityId \(id) does not match any \(type)."])
        }
    }

    private func requireUniqueExternalId(_ row: JSONObject, excluding: Int?) throws(ServiceTradeFailure) {
        let sameValue = state.tables[.externalid]?.ids(matching: ["system": row["system"] ?? .null, "value": row["value"] ?? .null]) ?? []
        guard let clash = sameValue.lazy.compactMap({ self.state.tables[.externalid]?[$0] }).first(where: {
            $0["id"]?.intValue != excluding && !($0["entityType"] == row["entityType"] && $0["entityId"] == row["entityId"])
        }) else { return }
        let system = row["system"]?.stringValue ?? ""
        let value = row["value"]?.stringValue ?? ""
        throw .badRequest(["External id '\(value)' in system '\(system)' is already used by "
            + "\(clash["entityType"]?.stringValue ?? "") \(clash["entityId"]?.intValue ?? 0); values must be unique per system."])
    }

    /// Mirrors an external id into the entity's `externalIds` object (does not move `updated`).
    private func linkExternalId(_ row: JSONObject) {
        guard let type = row["entityType"]?.stringValue.flatMap(ServiceTradeResource.init(rawValue:)),
              let id = row["entityId"]?.intValue, var entity = state.tables[type]?[id],
              let system = row["system"]?.stringValue else { return }
        var ids = entity["externalIds"]?.objectValue ?? JSONObject()
        ids[system] = row["value"]
        entity["externalIds"] = .object(ids)
        state.tables[type]?.put(entity)
    }

    func unlinkExternalId(_ row: JSONObject) {
        guard let type = row["entityType"]?.stringValue.flatMap(ServiceTradeResource.init(rawValue:)),
              let id = row["entityId"]?.intValue, var entity = state.tables[type]?[id],
              let system = row["system"]?.stringValue else { return }
        var ids = entity["externalIds"]?.objectValue ?? JSONObject()
        ids[system] = nil
        entity["externalIds"] = .object(ids)
        state.tables[type]?.put(entity)
    }

    /// `GET /job/{id}/clockevent`: seconds per activity and the paired (in/out) events.
    func jobClockSummary(jobId: Int) throws(ServiceTradeFailure) -> JSONValue {
        _ = try row(.job, jobId)
        let events = (state.tables[.clockevent]?.all ?? []).filter { $0["job"]?["id"]?.intValue == jobId }
        var activityTime = JSONObject()
        for activity in ServiceTradeRules.clockActivities {
            let seconds = events.filter { $0["activity"]?.stringValue == activity }.reduce(0) { $0 + ($1["elapsedTime"]?.intValue ?? 0) }
            activityTime[activity] = .int(seconds)
        }
        let paired: [JSONValue] = events.map { event -> JSONValue in
            let start: JSONValue = ["user": event["user"] ?? .null, "activity": event["activity"] ?? .null,
                                    "eventTime": event["startTime"] ?? .null]
            var end = JSONValue.null
            if let endTime = event["endTime"], !endTime.isNull { end = ["eventTime": endTime] }
            return ["id": event["id"] ?? .null, "start": start, "end": end,
                    "elapsedTime": event["elapsedTime"] ?? .null, "approved": event["approved"] ?? false]
        }
        return ["activityTime": .object(activityTime), "pairedEvents": .array(paired)]
    }
}
