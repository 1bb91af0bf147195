import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small HTTP/1.1 server on NIO channel handlers. Responders answer with a future, so the Runtime API answers
/// on the event loop without a task hop, and a long poll (`GET next`) is simply a future completed later.
/// NIO's pipelining handler keeps one request in flight per connection. Its `ServerPolicy` decides who may call
/// (checked before the responder runs), the head size, the connection cap and the timeouts.
final class HTTPServer: Sendable {
    typealias Responder = @Sendable (ServerRequest, any EventLoop) -> EventLoopFuture<ServerResponse>
    /// Sees a request's head first; the sink it returns gets each part of the body as it arrives (the request is
    /// still collected for the responder).
    typealias BodyObserver = @Sendable (HTTPRequestHead) -> (@Sendable (ByteBuffer) -> Void)?

    let localAddress: SocketAddress
    private let serverChannel: any Channel
    private let connections: Connections

    var port: Int { localAddress.port ?? 0 }

    /// Binds and starts serving with a responder that answers with a future.
    /// - Throws: `EmulatorError.portInUse` when the address is taken, or the bind error.
    static func start(
        host: String, port: Int, maxBodySize: Int, policy: ServerPolicy = ServerPolicy(), group: any EventLoopGroup,
        observer: BodyObserver? = nil, responder: @escaping Responder
    ) async throws -> HTTPServer {
        let connections = Connections(limit: policy.maxConnections)
        let limits = {
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = policy.maxHeadSize
            limits.maxHeaderListSize = policy.maxHeadSize
            return limits
        }()
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    guard connections.admit(channel) else { return Self.refuseConnection(channel) }
                    return channel.eventLoop.makeCompletedFuture {
                        let sync = channel.pipeline.syncOperations
                        var watch: ConnectionWatch?
                        if policy.maxConnections != nil || policy.headerTimeout != nil || policy.idleTimeout != nil {
                            watch = ConnectionWatch(
                                headerTimeout: policy.headerTimeout, idleTimeout: policy.idleTimeout,
                                connections: connections)
                            try sync.addHandler(watch!)
                        }
                        try sync.configureHTTPServerPipeline(
                            withErrorHandling: true, withEncoderConfiguration: .init(), withDecoderLimitConfiguration: limits)
                        try sync.addHandler(
                            RequestHandler(
                                maxBodySize: maxBodySize, callerCheck: policy.callerCheck, watch: watch,
                                observer: observer, responder: responder))
                    }
                }
                .bind(host: host, port: port).get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw EmulatorError.portInUse(host: host, port: port)
        }
        return HTTPServer(channel: channel, connections: connections)
    }

    /// Binds and starts serving with an async responder (one task per request).
    static func start(
        host: String, port: Int, maxBodySize: Int, policy: ServerPolicy = ServerPolicy(), group: any EventLoopGroup,
        asyncResponder: @escaping @Sendable (ServerRequest) async -> ServerResponse
    ) async throws -> HTTPServer {
        try await start(host: host, port: port, maxBodySize: maxBodySize, policy: policy, group: group) { request, loop in
            let promise = loop.makePromise(of: ServerResponse.self)
            promise.completeWithTask { await asyncResponder(request) }
            return promise.futureResult
        }
    }

    private init(channel: any Channel, connections: Connections) {
        self.serverChannel = channel
        self.localAddress = channel.localAddress!
        self.connections = connections
    }

    /// How many connections are open now.
    var connectionCount: Int { connections.count }

    /// A full server of busy connections: one plain 503 with a reason, then the connection is closed.
    private static func refuseConnection(_ channel: any Channel) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(ConnectionRefusal()) }
    }

    /// Closes the listening socket and every connection.
    func shutdown() async {
        try? await serverChannel.close()
        for channel in connections.all() { try? await channel.close() }
    }
}

/// Answers a connection the server has no room for, then closes it.
private final class ConnectionRefusal: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        let body = #"{"message":"Too many connections: every connection of this server is busy; try again shortly"}"#
        let text = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + "Retry-After: 1\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let channel = context.channel
        context.writeAndFlush(NIOAny(context.channel.allocator.buffer(string: text))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
