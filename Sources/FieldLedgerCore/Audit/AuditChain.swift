import Crypto
import FieldLedgerHTTP
import Foundation

/// The hash chain's rules, in one place: what is hashed and how.
///
/// `hash = SHA-256(canonical)` where `canonical` is the compact JSON array
/// `["fieldledger.audit.v1", at, actor, action, subject, work_item_id, details, prev_hash]`
/// (`details` as its stored text, nulls as JSON null). The sequence number is deliberately not
/// hashed: a row moved to another position still verifies on its own, so the break shows up as
/// a link that does not fit, which is how `audit verify` tells "order broken" from "content changed".
public enum AuditChain {
    /// The `prev_hash` of the first event.
    public static let genesis = String(repeating: "0", count: 64)

    static func canonical(at: String, actor: String, action: String, subject: String?, workItemId: Int64?,
                          details: String, prevHash: String) -> String {
        let fields: [JSONValue] = [
            "fieldledger.audit.v1", .string(at), .string(actor), .string(action),
            subject.map(JSONValue.string) ?? .null,
            workItemId.map { .number(JSONNumber($0)) } ?? .null,
            .string(details), .string(prevHash),
        ]
        return JSONValue.array(fields).serialized()
    }

    static func hash(at: String, actor: String, action: String, subject: String?, workItemId: Int64?,
                     details: String, prevHash: String) -> String {
        let text = canonical(at: at, actor: actor, action: action, subject: subject, workItemId: workItemId,
                             details: details, prevHash: prevHash)
        return SHA256.hash(data: Data(text.utf8)).hexString
    }

    static func hash(of event: AuditEvent) -> String {
        hash(at: event.at, actor: event.actor, action: event.action, subject: event.subject,
             workItemId: event.workItemId, details: event.details, prevHash: event.prevHash)
    }
}

extension Digest {
    var hexString: String {
        var out = ""
        out.reserveCapacity(Self.byteCount * 2)
        let digits: [Character] = Array("0123456789abcdef")
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }
}
