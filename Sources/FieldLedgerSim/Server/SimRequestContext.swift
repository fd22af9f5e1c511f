import Hummingbird

/// The request context of the simulator server. It keeps what the catch-all responder needs from
/// the NIO channel: a way to close the TCP connection without answering (`timeout` and
/// `drop-after-commit` faults) and whether the peer is on loopback (`/_sim` routes).
struct SimRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Closes the connection; whatever Hummingbird writes afterwards goes nowhere.
    let closeConnection: @Sendable () async -> Void
    let peerIsLoopback: Bool

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        let channel = source.channel
        closeConnection = { try? await channel.close().get() }
        let ip = channel.remoteAddress?.ipAddress ?? ""
        peerIsLoopback = ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }

    /// The simulator reads bodies itself with its own cap (`SimulatorOptions.maxBodyBytes`).
    var maxUploadSize: Int { 350 * 1024 * 1024 }
}

/// Hands every request, whatever its path, to the server: one catch-all route.
struct SimResponder: HTTPResponder {
    typealias Context = SimRequestContext
    let server: SimulatorServer

    func respond(to request: Request, context: SimRequestContext) async throws -> Response {
        try await server.respond(to: request, context: context)
    }
}

/// Thrown after a fault closed the connection, so that no response is written.
struct ConnectionDropped: Error {}
