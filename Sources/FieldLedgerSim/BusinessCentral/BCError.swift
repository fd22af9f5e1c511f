import FieldLedgerHTTP
import Foundation

/// An answer in Business Central's error shape,
/// `{"error":{"code":"…","message":"…  CorrelationId:  <guid>."}}` (reference §6).
///
/// Every error the simulator sends is built here, so codes, statuses and wording stay consistent;
/// the status chosen where the reference leaves it open is listed in `ErrorStatusChoices.md`.
struct BCError: Error, Sendable {
    let status: Int
    let code: String
    let message: String
    var headers: [(name: String, value: String)] = []

    init(_ status: Int, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    var response: SimResponse { Self.response(status: status, code: code, message: message, headers: headers) }

    static func response(status: Int, code: String, message: String,
                         headers: [(name: String, value: String)] = []) -> SimResponse {
        let correlation = UUID().uuidString.lowercased()
        let text = "\(message)  CorrelationId:  \(correlation)."
        return .json(["error": ["code": .string(code), "message": .string(text)]], status: status,
                     headers: headers + [(name: "request-id", value: correlation)])
    }

    // MARK: Request shape (BadRequest_*)

    static func segmentNotFound(_ segment: String) -> BCError {
        BCError(404, "BadRequest_NotFound", "Resource not found for the segment '\(segment)'.")
    }
    static func querySyntax(_ detail: String) -> BCError {
        BCError(400, "BadRequest_NotFound", "Bad Request - Error in query syntax. \(detail)")
    }
    static func unknownQueryProperty(_ name: String, _ entity: BCEntityDefinition) -> BCError {
        BCError(400, "BadRequest_NotFound", "Could not find a property named '\(name)' on type '\(entity.qualifiedType)'.")
    }
    static func unknownBodyProperty(_ name: String, _ entity: BCEntityDefinition) -> BCError {
        BCError(400, "BadRequest", "The property '\(name)' does not exist on type '\(entity.qualifiedType)'. "
                + "Make sure to only use property names that are defined by the type.")
    }
    static func readOnlyProperty(_ name: String, _ entity: BCEntityDefinition) -> BCError {
        BCError(400, "BadRequest_InvalidOperation", "Control '\(name)' is read-only. (\(entity.qualifiedType))")
    }
    static func invalidBody(_ detail: String) -> BCError {
        BCError(400, "BadRequest", "Invalid Request Body. \(detail)")
    }
    static func wrongType(_ name: String, _ type: BCFieldType, _ found: JSONValue) -> BCError {
        switch type {
        case .date: BCError(400, "BadRequest", "Unable to convert value to Date: '\(name)' must be \(type.expectation), found \(found.kindName).")
        case .guid: BCError(400, "Application_InvalidGUID", "'\(name)' must be \(type.expectation), found \(describe(found)).")
        default: BCError(400, "BadRequest", "Cannot convert the literal \(describe(found)) to the expected type for '\(name)': \(type.expectation).")
        }
    }
    static func orAcrossFields(_ fields: [String]) -> BCError {
        BCError(400, "BadRequest_NotSupported",
                "The 'OR' operator is not supported on distinct fields (\(fields.joined(separator: ", "))). "
                + "Use 'or' on one field, or 'in', or send one request per field.")
    }
    static func methodNotAllowed(_ method: String, _ what: String) -> BCError {
        BCError(405, "BadRequest_MethodNotAllowed", "'\(method)' requests for '\(what)' are not allowed.")
    }
    static func actionNotFound(_ action: String, _ entity: BCEntityDefinition) -> BCError {
        BCError(400, "BadRequest_MethodNotImplemented", "The action '\(action)' is not supported on '\(entity.set)'.")
    }
    static func pageTooLarge(_ requested: Int) -> BCError {
        BCError(413, "BadRequest_PageSizeTooLarge",
                "The requested page size \(requested) exceeds the maximum page size of \(BCLimits.maxPageSize). Ask for at most \(BCLimits.maxPageSize).")
    }
    static func notSimulated(_ what: String) -> BCError {
        BCError(404, "BadRequest_NotFound", "Resource not found for the segment '\(what)'. (This entity or navigation is not simulated.)")
    }

    // MARK: Concurrency (If-Match)

    static let missingIfMatch = BCError(400, "BadRequest_InvalidToken",
        "Could not validate the client concurrency token required by the service. Please provide a valid token in the client request.")
    static let entityChanged = BCError(409, "Request_EntityChanged", "Another user has already changed the record.")

    // MARK: Authentication

    static func unauthorized(_ detail: String) -> BCError {
        var error = BCError(401, "Authentication_InvalidCredentials", "The server has rejected the client credentials. \(detail)")
        error.headers = [(name: "WWW-Authenticate", value: "Bearer authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\"")]
        return error
    }

    // MARK: Data (Internal_*, Application_*)

    static func recordNotFound(_ entity: BCEntityDefinition, _ key: String) -> BCError {
        BCError(404, "Internal_RecordNotFound",
                "The \(entity.type) does not exist. Identification fields and values: Id='\(key)'")
    }
    static func relationNotFound(_ field: String, _ value: String, _ table: String) -> BCError {
        BCError(400, "Internal_InvalidTableRelation",
                "The field \(field) contains a value (\(value)) that cannot be found in the related table (\(table)).")
    }
    static func duplicate(_ entity: BCEntityDefinition, _ field: String, _ value: String) -> BCError {
        BCError(409, "Internal_EntityWithSameKeyExists",
                "The \(entity.type) already exists. Identification fields and values: \(field)='\(value)'")
    }
    static func dialog(_ message: String) -> BCError {
        BCError(400, "Application_DialogException", message)
    }
    static func fieldValidation(_ message: String) -> BCError {
        BCError(400, "Application_FieldValidationException", message)
    }
    static func required(_ field: String) -> BCError {
        BCError(400, "BadRequest_RequiredParamNotProvided", "Field '\(field)' must not be blank or empty.")
    }
    static func tooLong(_ field: String, _ max: Int) -> BCError {
        BCError(400, "Application_StringExceededLength",
                "The length of the string is greater than the maximum length \(max) allowed for the field '\(field)'.")
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): "'\(s)'"
        case .number(let n): n.literal
        case .bool(let b): b ? "true" : "false"
        default: value.kindName
        }
    }
}

/// Limits of the online service that the simulator enforces (reference §3, §5).
enum BCLimits {
    static let maxPageSize = 20_000
    static let maxBatchOperations = 100
}
