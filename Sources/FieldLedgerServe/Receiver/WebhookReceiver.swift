import FieldLedgerCore
import FieldLedgerHTTP
import Foundation
import GRDB
import Hummingbird
import Logging
import NIOCore

/// The webhook listener of `fieldledger serve` (Hummingbird 2):
///
/// - `POST /webhooks/servicetrade`: the signature is checked (401 when missing or wrong), the
///   notification goes into the inbox (`WebhookInbox`), and only then the 202 is sent.
/// - `POST|GET /webhooks/businesscentral?validationToken=…`: Business Central's subscription
///   handshake, answered 200 with the token as `text/plain`.
/// - `POST /webhooks/businesscentral`: a notification batch; every entry's `clientState` must
///   be ours (401 otherwise), the batch is recorded, then 202.
///
/// Bodies over `maxBodyBytes` are refused with 413 from `Content-Length`, or as soon as the
/// stream passes the limit, never read whole. Every refusal is an audit event
/// (`webhook.refused`) without secrets or bodies. Accepted changes call `onChange` (the
/// scheduler's nudge) after the answer is decided.
public final class WebhookReceiver: Sendable {
    public struct Settings: Sendable {
        public var host: String
        /// 0: any free port (tests).
        public var port: Int
        public var maxBodyBytes: Int
        public var serviceTradeSecret: Secret?
        public var clientState: Secret?

        public init(host: String, port: Int, maxBodyBytes: Int, serviceTradeSecret: Secret?, clientState: Secret?) {
            self.host = host
            self.port = port
            self.maxBodyBytes = maxBodyBytes
            self.serviceTradeSecret = serviceTradeSecret
            self.clientState = clientState
        }
    }

    public static let serviceTradePath = "/webhooks/servicetrade"
    public static let businessCentralPath = "/webhooks/businesscentral"

    let settings: Settings
    let inbox: WebhookInbox
    let store: Store
    let onChange: @Sendable (_ source: String) -> Void
    let logger: Logger
    private let state = Locked<(task: Task<Void, Never>?, url: String?)>((nil, nil))

    public init(settings: Settings, inbox: WebhookInbox, store: Store, logger: Logger = Logger(label: "fieldledger.webhooks"),
                onChange: @escaping @Sendable (_ source: String) -> Void) {
        self.settings = settings
        self.inbox = inbox
        self.store = store
        self.logger = logger
        self.onChange = onChange
    }

    /// Binds and starts answering; returns `http://HOST:PORT` (the bound port when 0 was asked).
    public func start() async throws -> String {
        let router = Router()
        router.post(RouterPath(Self.serviceTradePath)) { [self] request, _ in await serviceTrade(request) }
        router.post(RouterPath(Self.businessCentralPath)) { [self] request, _ in await businessCentral(request) }
        router.get(RouterPath(Self.businessCentralPath)) { [self] request, _ in await businessCentral(request) }
        let started = StartSignal()
        let host = settings.host
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: settings.port)),
                              onServerRunning: { channel in started.succeed(port: channel.localAddress?.port ?? 0) },
                              logger: Logger(label: "fieldledger.webhooks.http", factory: { _ in SwiftLogNoOpLogHandler() }))
        let port = settings.port
        let task = Task {
            do {
                try await app.runService(gracefulShutdownSignals: [])
                started.fail(ServeError.listenFailed(host: host, port: port, reason: "the server stopped before it was running"))
            } catch {
                started.fail(ServeError.listenFailed(host: host, port: port, reason: "\(error)"))
            }
        }
        state.value.task = task
        let bound = try await started.wait()
        let url = "http://\(host.contains(":") ? "[\(host)]" : host):\(bound)"
        state.value.url = url
        return url
    }

    /// `http://HOST:PORT` once started.
    public var baseURL: String? { state.value.url }

    /// Stops listening (open requests are ended).
    public func stop() async {
        let task = state.value.task
        state.value.task = nil
        task?.cancel()
        await task?.value
    }

    // MARK: - ServiceTrade

    private func serviceTrade(_ request: Request) async -> Response {
        do {
            let body = try await readBody(request)
            guard let secret = settings.serviceTradeSecret, !secret.isEmpty else { throw WebhookRefusal.noServiceTradeSecret }
            let wanted = WebhookSignature.header.lowercased()
            let signature = request.headers.first { $0.name.canonicalName == wanted }?.value
            guard signature != nil else { throw WebhookRefusal.missingSignature }
            guard WebhookSignature.isValid(signature, body: body, secret: secret) else { throw WebhookRefusal.badSignature }
            let outcome: WebhookInbox.Outcome
            do {
                outcome = try await inbox.recordServiceTrade(body: body)
            } catch let malformed as WebhookInbox.MalformedNotification {
                throw WebhookRefusal.malformed(malformed.description)
            }
            logger.debug("ServiceTrade webhook", metadata: ["outcome": "\(outcome.rawValue)"])
            if outcome == .accepted || outcome == .deferred { onChange("servicetrade") }
            return Self.text(202, "accepted\n")
        } catch {
            return refuse(error, source: "servicetrade")
        }
    }

    // MARK: - Business Central

    private func businessCentral(_ request: Request) async -> Response {
        do {
            if let token = request.uri.queryParameters["validationToken"] {
                guard token.count <= 1024 else { throw WebhookRefusal.tokenTooLong }
                // The handshake of a create or renewal: echo the token (reference §4).
                return Self.text(200, String(token))
            }
            guard request.method == .post else { throw WebhookRefusal.malformed("a GET without validationToken is not a Business Central call") }
            let body = try await readBody(request)
            guard let ours = settings.clientState, !ours.isEmpty else { throw WebhookRefusal.noClientState }
            guard let json = try? JSONValue(parsing: String(decoding: body, as: UTF8.self)),
                  let entries = json["value"]?.arrayValue, !entries.isEmpty else {
                throw WebhookRefusal.malformed("the notification is not {\"value\": [ … ]} with at least one entry")
            }
            var objects: [JSONObject] = []
            for entry in entries {
                guard let object = entry.objectValue else { throw WebhookRefusal.malformed("an entry of value is not an object") }
                guard let state = object["clientState"]?.stringValue, Secret(state) == ours else { throw WebhookRefusal.badClientState }
                objects.append(object)
            }
            let sets = try inbox.recordBusinessCentral(body: body, entries: objects)
            logger.debug("Business Central notification", metadata: ["sets": "\(sets.joined(separator: ","))"])
            onChange("businesscentral")
            return Self.text(202, "accepted\n")
        } catch {
            return refuse(error, source: "businesscentral")
        }
    }

    // MARK: - Shared

    /// The body, refusing (413) as soon as it is known to be over the limit.
    private func readBody(_ request: Request) async throws -> [UInt8] {
        let limit = settings.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw WebhookRefusal.tooLarge(limit: limit) }
        var bytes: [UInt8] = []
        for try await buffer in request.body {
            guard bytes.count + buffer.readableBytes <= limit else { throw WebhookRefusal.tooLarge(limit: limit) }
            bytes.append(contentsOf: buffer.readableBytesView)
        }
        return bytes
    }

    /// The answer to a refused or failed webhook, audited. An internal failure (the store) is a
    /// 503 so the sender retries (BC deletes a subscription on most other codes).
    private func refuse(_ error: any Error, source: String) -> Response {
        let refusal = (error as? WebhookRefusal)
            ?? WebhookRefusal(status: 503, code: "internal", description: "the webhook could not be stored: \(error)")
        logger.warning("webhook refused", metadata: ["source": "\(source)", "status": "\(refusal.status)", "code": "\(refusal.code)"])
        do {
            try store.write { db in
                try AuditLog.append(NewAuditEvent(actor: .engine, action: "webhook.refused", subject: "webhook:\(source)",
                    details: ["status": .int(refusal.status), "code": .string(refusal.code), "reason": .string(refusal.description)]), in: db)
            }
        } catch {
            logger.error("could not audit a refused webhook", metadata: ["error": "\(error)"])
        }
        return Self.text(refusal.status, refusal.description + "\n")
    }

    static func text(_ status: Int, _ text: String) -> Response {
        Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "text/plain; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
