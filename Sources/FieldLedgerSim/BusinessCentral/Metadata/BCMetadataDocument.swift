/// `GET {base}/$metadata`: a CSDL document of the entity sets the simulator serves, generated from
/// the same table that validates requests, so it cannot disagree with them.
enum BCMetadataDocument {
    static let text: String = {
        var xml = #"<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">"#
        xml += #"<edmx:DataServices><Schema Namespace="Microsoft.NAV" xmlns="http://docs.oasis-open.org/odata/ns/edm">"#
        let served = ["companies"] + BCMetadata.servedSets.sorted()
        for set in served {
            guard let entity = BCMetadata.entity(set) else { continue }
            xml += #"<EntityType Name="\#(entity.type)"><Key><PropertyRef Name="id"/></Key>"#
            for field in entity.fields {
                xml += #"<Property Name="\#(field.name)" Type="\#(field.type.edmName)" Nullable="false""#
                xml += field.writable ? "/>" : #"><Annotation Term="Org.OData.Core.V1.Computed" Bool="true"/></Property>"#
            }
            for (navigation, link) in (BCNavigation.table[set] ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let child = BCMetadata.entity(link.childSet) else { continue }
                xml += #"<NavigationProperty Name="\#(navigation)" Type="Collection(Microsoft.NAV.\#(child.type))" ContainsTarget="true"/>"#
            }
            xml += "</EntityType>"
            for action in entity.actions {
                xml += #"<Action Name="\#(action)" IsBound="true"><Parameter Name="bindingParameter" Type="Microsoft.NAV.\#(entity.type)"/></Action>"#
            }
        }
        xml += #"<EntityContainer Name="NAV">"#
        for set in served {
            guard let entity = BCMetadata.entity(set) else { continue }
            xml += #"<EntitySet Name="\#(set)" EntityType="Microsoft.NAV.\#(entity.type)"/>"#
        }
        xml += "</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>"
        return xml
    }()

    static func response() -> SimResponse {
        SimResponse(status: 200, headers: [(name: "Content-Type", value: "application/xml; charset=utf-8")], body: Array(text.utf8))
    }
}
