import FieldLedgerHTTP
import Foundation

/// What differs between vendors and items on their way from Business Central to PartsManager:
/// the entity sets, the mapped fields, how a PartsManager record is matched to a Business Central
/// one on first sync, and what a new PartsManager record is created with.
struct PartsManagerEntity: Sendable {
    /// `vendor` / `item`: the `links.kind`, the conflicts' entity and the flow's prefix.
    let kind: String
    /// Business Central's entity set (cached in `reference_data`).
    let bcSet: String
    let pmResource: PartsManagerResource
    let fields: [OneWayField]
    /// PartsManager's address object, when the entity has one.
    let address: (key: String, members: Set<String>)?
    /// The PartsManager key shown in references: a vendor's code (`id`), an item's `sku`.
    let pmKey: String
    /// First-sync matches, in order: a rule name and whether a PartsManager record is the
    /// Business Central one's counterpart.
    let matches: [(rule: String, test: @Sendable (_ pm: JSONObject, _ bc: JSONObject) -> Bool)]
    /// The members a PartsManager record is created with besides the mapped fields.
    let identity: @Sendable (_ bc: JSONObject) -> JSONObject

    func pmRef(_ pm: JSONObject) -> String { "partsmanager:\(kind):\(MasterDataText.text(pm[pmKey]))" }
    func bcRef(_ bc: JSONObject) -> String { "businesscentral:\(kind):\(MasterDataText.text(bc["number"]))" }

    /// Vendors: the PartsManager vendor code is the Business Central vendor number (sample data
    /// and PartsManager's `id`); `externalId` may name the number or id instead.
    static let vendor = PartsManagerEntity(
        kind: "vendor", bcSet: "vendors", pmResource: .vendors,
        fields: [
            .text("displayName", bc: "displayName", pm: "name"),
            .text("email", bc: "email", pm: "email"),
            .address("addressLine1", pm: "line1"), .address("addressLine2", pm: "line2"),
            .address("city", pm: "city"), .address("state", pm: "state"),
            .address("postalCode", pm: "zip"), .address("country", pm: "country"),
            .flag("status", bc: { ReferenceDataRefresh.isBlocked($0, .customerEnum) }, pm: "isActive", pmMeansActive: true),
        ],
        address: (key: "Address", members: ["line1", "line2", "city", "state", "zip", "country"]),
        pmKey: "id",
        matches: [
            ("number", { pm, bc in sameText(pm["id"], bc["number"]) }),
            ("externalId", { pm, bc in sameText(pm["externalId"], bc["number"]) || sameText(pm["externalId"], bc["id"]) }),
        ],
        identity: { bc in ["id": .string(MasterDataText.text(bc["number"])), "externalId": .string(MasterDataText.text(bc["number"]))] })

    /// Items: the PartsManager `sku` is the Business Central item number.
    static let item = PartsManagerEntity(
        kind: "item", bcSet: "items", pmResource: .items,
        fields: [
            .text("displayName", bc: "displayName", pm: "name"),
            .money("unitCost", bc: "unitCost", pm: "purchasePrice"),
            .money("unitPrice", bc: "unitPrice", pm: "salePrice"),
            .flag("status", bc: { ReferenceDataRefresh.isBlocked($0, .bool) }, pm: "inactive", pmMeansActive: false),
        ],
        address: nil,
        pmKey: "sku",
        matches: [
            ("number", { pm, bc in sameText(pm["sku"], bc["number"]) }),
            ("externalId", { pm, bc in
                sameText(pm["externalIds"]?.objectValue?["business_central"], bc["number"])
                    || sameText(pm["externalIds"]?.objectValue?["business_central"], bc["id"])
            }),
        ],
        identity: { bc in
            ["sku": .string(MasterDataText.text(bc["number"])), "description": .string(MasterDataText.text(bc["displayName"]))]
        })

    static func sameText(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        let left = MasterDataText.text(a)
        return !left.isEmpty && left.uppercased() == MasterDataText.text(b).uppercased()
    }
}
