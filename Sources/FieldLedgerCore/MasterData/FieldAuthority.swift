/// Which system decides a field that changed in both systems since the last sync.
public enum Authority: String, Sendable, Codable, CaseIterable {
    /// ServiceTrade always wins (e.g. the service-site address).
    case servicetrade
    /// Business Central always wins (e.g. tax setup).
    case businesscentral
    /// The system whose record was modified last wins (last-write-wins); a tie goes to Business
    /// Central, the finance system of record.
    case newest
}

/// The field-authority rule per entity and field (ARCHITECTURE §2.8: per-field system-of-record
/// rules override the clock). A closure, so the posting-rules resolver can be wired in with one
/// line (`CustomerSyncFlow.run` does: finance's `field_authority` rules first, then these defaults).
public struct FieldAuthority: Sendable {
    let decide: @Sendable (_ entity: String, _ field: String) -> Authority

    public init(_ decide: @escaping @Sendable (_ entity: String, _ field: String) -> Authority) {
        self.decide = decide
    }

    public func authority(entity: String, field: String) -> Authority { decide(entity, field) }

    /// The defaults:
    /// - `customer.taxArea` → `businesscentral` (Business Central owns tax setup);
    /// - `location.*` address fields (the service site) → `servicetrade`;
    /// - everything else → `newest`.
    public static let defaults = FieldAuthority { entity, field in defaultAuthority(entity: entity, field: field) }

    /// Address fields, by their master-data field names.
    public static let addressFields: Set<String> = ["addressLine1", "addressLine2", "city", "state", "postalCode"]

    public static func defaultAuthority(entity: String, field: String) -> Authority {
        if field == "taxArea" { return .businesscentral }
        if entity == "location", addressFields.contains(field) { return .servicetrade }
        return .newest
    }

    /// Finance's `field_authority` rules (the one resolver) first, then `fallback` — what every
    /// master-data flow decides by.
    static func rules(_ resolver: PostingRuleResolver, fallback: FieldAuthority) -> FieldAuthority {
        FieldAuthority { entity, field in
            resolver.fieldAuthority(entity: entity, field: field)?.authority ?? fallback.authority(entity: entity, field: field)
        }
    }

    /// `base` with some fields overridden (`"customer.city": .servicetrade`), e.g. from configuration or tests.
    public static func overriding(_ overrides: [String: Authority], base: FieldAuthority = .defaults) -> FieldAuthority {
        FieldAuthority { entity, field in overrides["\(entity).\(field)"] ?? base.authority(entity: entity, field: field) }
    }
}
